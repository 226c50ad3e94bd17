/*
 * diagram.c - a counterexample as a sequence diagram: trace.dot, trace.svg.
 *
 * One lane (column) per thread, its name at the top; one row per step, top
 * to bottom.  Every row holds one node per lane: the step in its thread's
 * lane, invisible points in the others, so the lanes stay straight and the
 * rows stay in order (rank=same per row, newrank=true, a lifeline edge per
 * lane, invisible left-to-right edges per row).  Lock acquisitions are boxes
 * filled with the lock's color, releases are outlined in it.  A last row
 * shows where stuck threads wait (a deadlock's only: the CTrace has waits
 * for nothing else), with a dashed edge to the step where the holder took
 * the lock; the deadlock cycle is red, and so is the failing step of a
 * failed check.  It draws the CTrace's scenario (trace.h) and decides
 * nothing about the verdict itself.
 *
 * The .dot text is deterministic (golden-tested).  The SVG is rendered in
 * process with libgvc.
 */
#include "stages.h"
#include "trace.h"

#include <graphviz/gvc.h>
#include <stdio.h>
#include <string.h>

static const char *const lock_colors[] = {
	"#8ecae6", "#ffb703", "#90be6d", "#cdb4db", "#f4a261", "#80cbc4", "#e9c46a", "#b0bec5",
};
#define NCOLORS ((int)(sizeof(lock_colors) / sizeof(lock_colors[0])))
#define RED "#d62828"

static const char *lock_color(int lock)
{
	return lock_colors[(lock < 0 ? 0 : lock) % NCOLORS];
}

/* A dot string literal body: escape quotes and backslashes; "\n" -> \n. */
static void dot_str(StrBuf *out, const char *s)
{
	for (; s && *s; s++) {
		if (*s == '"' || *s == '\\')
			sb_addf(out, "\\%c", *s);
		else if (*s == '\n')
			sb_add(out, "\\n");
		else
			sb_addn(out, s, 1);
	}
}

/* The title above a wide diagram: long details wrap at spaces after `width`
 * columns, so the title never makes the picture wider than its lanes. */
static void add_wrapped(StrBuf *sb, const char *text, int width)
{
	int col = width; /* start a new line first */
	for (const char *w = text; *w;) {
		size_t n = strcspn(w, " ");
		if (col + (int)n > width) {
			sb_add(sb, "\n");
			col = 0;
		} else if (col) {
			sb_add(sb, " ");
			col++;
		}
		sb_addn(sb, w, n);
		col += (int)n;
		w += n;
		while (*w == ' ')
			w++;
	}
}

static void diagram_step_node(const CTrace *t, int i, StrBuf *out)
{
	const CStep *s = &t->steps[i];
	StrBuf label;
	sb_init(&label);
	sb_addf(&label, "%d  %s\n%s", s->n, trace_loc(s->loc), s->brief);
	if (s->lock >= 0 && s->held_changed && !t->synthetic)
		sb_addf(&label, "\nholds %s", trace_held_text(t, &s->held));
	if (t->has_levels && s->lock >= 0 && s->failed && t->fail_level >= 0)
		sb_addf(&label, "\nBUG: level %d > rank %d", t->fail_level, t->fail_rank);
	else if (t->has_levels && s->lock >= 0)
		sb_addf(&label, "\nlevel %d->%d", s->level_before, s->level_after);
	if (i == t->cycle_start)
		sb_add(&label, "\n<<< cycle starts >>>");
	char *lbl = sb_detach_arena(&label);

	sb_addf(out, "  r%d_%d [label=\"", i + 1, s->thread);
	dot_str(out, lbl);
	sb_add(out, "\", tooltip=\"");
	dot_str(out, s->text);
	sb_add(out, "\"");
	if (s->failed) {
		sb_add(out, ", style=\"filled,bold\", fillcolor=\"#f4a6a6\", color=\"" RED "\", penwidth=2");
	} else if (s->kind == CS_ACQUIRE || s->kind == CS_TRYLOCK_OK) {
		sb_addf(out, ", style=\"filled\", fillcolor=\"%s\"", lock_color(s->lock));
		if (s->cycle_acquire)
			sb_add(out, ", color=\"" RED "\", penwidth=2.5");
	} else if (s->kind == CS_RELEASE) {
		sb_addf(out, ", color=\"%s\", penwidth=2", lock_color(s->lock));
	} else if (s->kind == CS_TRYLOCK_FAIL) {
		sb_addf(out, ", style=\"dashed\", color=\"%s\", penwidth=2", lock_color(s->lock));
	} else if (s->kind == CS_ASSERT || s->kind == CS_PROGRESS || s->kind == CS_CHOOSE) {
		sb_add(out, ", style=\"rounded\"");
	} else {
		sb_add(out, ", color=\"gray70\", fontcolor=\"gray40\"");
	}
	sb_add(out, "];\n");
}

void diagram_dot(const CTrace *projected, StrBuf *out)
{
	/* a potential deadlock is drawn as lockdep's hypothetical paths: the
	 * trail that found the order does not block (trace.h, scenario) */
	const CTrace *t = projected->scenario;
	const IrProgram *p = t->p;
	const CheckResult *r = t->r;
	int nrows = t->nsteps + (t->nwaits ? 1 : 0);
	int L = t->nlanes;

	sb_add(out, "digraph lockspin {\n");
	sb_add(out, "  graph [rankdir=TB, newrank=true, nodesep=0.35, ranksep=0.22, splines=true,"
		    " fontname=\"Courier\", fontsize=12, labelloc=t, label=\"");
	StrBuf title;
	sb_init(&title);
	sb_addf(&title, "%s: %s (variant %s)", verdict_name(r->verdict), p->spec, p->variant);
	if (r->detail && *r->detail)
		add_wrapped(&title, r->detail, 100);
	if (t->nchain) {
		sb_add(&title, "\nchain: ");
		for (int i = 0; i < t->nchain; i++)
			sb_addf(&title, "%s --> ", trace_lock_name(t, t->chain[i].from));
		sb_add(&title, trace_lock_name(t, t->chain[0].from));
	}
	dot_str(out, sb_detach_arena(&title));
	sb_add(out, "\"];\n");
	sb_add(out, "  node [fontname=\"Courier\", fontsize=10, shape=box, style=\"rounded\", margin=\"0.12,0.04\"];\n");
	sb_add(out, "  edge [fontname=\"Courier\", fontsize=9];\n\n");

	/* lane heads */
	sb_add(out, "  // lanes\n");
	for (int l = 0; l < L; l++) {
		sb_addf(out, "  r0_%d [label=\"", l);
		dot_str(out, t->lane_names[l]);
		sb_addf(out, "\", shape=box, style=\"filled,bold\", fillcolor=\"gray92\"%s];\n",
			t->lane_in_cycle[l] ? ", color=\"" RED "\"" : "");
	}

	/* rows */
	for (int row = 1; row <= nrows; row++) {
		sb_addf(out, "\n  // row %d\n", row);
		for (int l = 0; l < L; l++) {
			if (row <= t->nsteps && t->steps[row - 1].thread == l) {
				diagram_step_node(t, row - 1, out);
				continue;
			}
			const CWait *w = row > t->nsteps ? trace_wait_of(t, l) : NULL;
			if (w) {
				bool red = t->lane_in_cycle[l];
				sb_addf(out, "  r%d_%d [label=\"", row, l);
				dot_str(out, xprintf("%s\nwaits for %s", trace_loc(w->loc), trace_lock_name(t, w->lock)));
				sb_add(out, "\", tooltip=\"");
				dot_str(out, w->text);
				sb_addf(out, "\", style=\"dashed,bold\", color=\"%s\", fontcolor=\"%s\"];\n",
					red ? RED : "gray30", red ? RED : "black");
				continue;
			}
			sb_addf(out, "  r%d_%d [shape=point, width=0.01, height=0.01, style=invis, label=\"\"];\n", row, l);
		}
	}

	/* rank=same per row, left-to-right order within each row */
	sb_add(out, "\n  // rows: rank=same, lanes in order\n");
	for (int row = 0; row <= nrows; row++) {
		sb_add(out, "  { rank=same;");
		for (int l = 0; l < L; l++)
			sb_addf(out, " r%d_%d;", row, l);
		sb_add(out, " }\n");
		for (int l = 0; l + 1 < L; l++)
			sb_addf(out, "  r%d_%d -> r%d_%d [style=invis];\n", row, l, row, l + 1);
	}

	/* lifelines: the ordering edges within each lane */
	sb_add(out, "\n  // lifelines\n");
	for (int l = 0; l < L; l++) {
		sb_add(out, "  ");
		for (int row = 0; row <= nrows; row++)
			sb_addf(out, "r%d_%d%s", row, l, row < nrows ? " -> " : "");
		sb_add(out, " [color=\"gray75\", arrowhead=none, weight=100];\n");
	}

	/* waits-for edges: from the waiter to where the holder took the lock */
	if (t->nwaits)
		sb_add(out, "\n  // waits for\n");
	for (int i = 0; i < t->nwaits; i++) {
		const CWait *w = &t->waits[i];
		for (int k = 0; k < w->nholders; k++) {
			int hl = w->holders[k];
			const CHeldSet *h = &t->final_held[hl];
			for (int j = 0; j < h->n; j++) {
				if (h->v[j].lock != w->lock || h->v[j].step < 0)
					continue;
				bool red = t->lane_in_cycle[w->thread] && t->lane_in_cycle[hl];
				sb_addf(out, "  r%d_%d:n -> r%d_%d:s [style=dashed, constraint=false, color=\"%s\","
					     " fontcolor=\"%s\", penwidth=%s, label=\"waits for ",
					nrows, w->thread, h->v[j].step + 1, hl, red ? RED : "gray30",
					red ? RED : "gray30", red ? "2" : "1");
				dot_str(out, trace_lock_name(t, w->lock));
				sb_add(out, "\"];\n");
			}
		}
	}

	/* rank violation: the failing step points at the lock that set the level */
	if (t->failed_step >= 0 && t->fail_level >= 0) {
		const CStep *f = &t->steps[t->failed_step];
		const CHeld *setter = NULL;
		for (int i = 0; i < f->held.n; i++)
			if (f->held.v[i].level == t->fail_level && f->held.v[i].step >= 0)
				setter = &f->held.v[i];
		if (setter)
			sb_addf(out, "\n  r%d_%d -> r%d_%d [style=dashed, constraint=false, color=\"" RED "\","
				     " fontcolor=\"" RED "\", label=\"level %d set here\"];\n",
				t->failed_step + 1, f->thread, setter->step + 1, t->steps[setter->step].thread,
				t->fail_level);
	}

	/* livelock: the way back to the cycle start */
	if (t->cycle_start >= 0 && t->nsteps) {
		const CStep *a = &t->steps[t->nsteps - 1], *b = &t->steps[t->cycle_start];
		sb_addf(out, "\n  r%d_%d -> r%d_%d [style=dashed, constraint=false, color=\"" RED "\","
			     " fontcolor=\"" RED "\", label=\"repeats forever\"];\n",
			t->nsteps, a->thread, t->cycle_start + 1, b->thread);
	}
	sb_add(out, "}\n");
}

/*
 * Render with libgvc in process: no dependency on a `dot` binary in PATH,
 * and errors come back as a return value.  One GVC_t lives for the whole
 * run and is never freed: Graphviz 2.43's pango plugin caches a pointer to
 * the last font name, which a gvFreeContext() frees, so a second context
 * would read freed memory (ASan: heap-use-after-free in textspan_size).
 */
bool diagram_render_svg(const char *dot_text, const char *svg_path)
{
	static GVC_t *gvc;
	if (!gvc)
		gvc = gvContext();
	if (!gvc)
		return false;
	Agraph_t *g = agmemread(dot_text);
	if (!g)
		return false;
	bool ok = gvLayout(gvc, g, "dot") == 0;
	if (ok) {
		ok = gvRenderFilename(gvc, g, "svg", svg_path) == 0;
		gvFreeLayout(gvc, g);
	}
	agclose(g);
	return ok;
}
