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

static const char *path_base(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

static void diagram_step_node(const CTrace *t, int i, int row, StrBuf *out)
{
	const CStep *s = &t->steps[i];
	StrBuf label;
	sb_init(&label);
	/* brief form: one line per step, so a counterexample fits a screen */
	bool values_only = !t->full && s->nchanges && s->kind == CS_ASSIGN;
	if (t->full)
		sb_addf(&label, "%d  %s\n%s", s->n, trace_loc(s->loc), s->brief);
	else
		sb_addf(&label, "%d  %s:%d  %s", s->n, s->loc.file ? path_base(s->loc.file) : "?", s->loc.line,
			values_only ? trace_changes_text(t, s) : s->brief);
	if (s->lock >= 0 && s->held_changed && !t->synthetic && t->full)
		sb_addf(&label, "\nholds %s", trace_held_text(t, &s->held));
	if (t->has_levels && s->lock >= 0 && s->failed && t->fail_level >= 0)
		sb_addf(&label, "\nBUG: level %d > rank %d", t->fail_level, t->fail_rank);
	else if (t->has_levels && s->lock >= 0)
		sb_addf(&label, "\nlevel %d->%d", s->level_before, s->level_after);
	if (s->nchanges && !values_only)
		sb_addf(&label, "\n%s", trace_changes_text(t, s));
	if (i == t->cycle_start)
		sb_add(&label, "\n<<< cycle starts >>>");
	char *lbl = sb_detach_arena(&label);

	sb_addf(out, "  r%d_%d [label=\"", row, s->thread);
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
	} else if (s->kind == CS_RELEASE || s->kind == CS_DOWNGRADE) {
		sb_addf(out, ", color=\"%s\", penwidth=2", lock_color(s->lock));
	} else if (s->kind == CS_TRYLOCK_FAIL) {
		sb_addf(out, ", style=\"dashed\", color=\"%s\", penwidth=2", lock_color(s->lock));
	} else if (s->writes_read) {
		/* a write of what the failing check reads; the causal one bold */
		sb_addf(out, ", style=\"rounded%s\", color=\"#e76f51\", penwidth=%s",
			i == t->causal_step ? ",bold" : "", i == t->causal_step ? "2" : "1.5");
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
	int L = t->nlanes;
	/* the rows: the steps the form shows (trace.h, trace_shows) */
	int *row_of = arena_array((size_t)t->nsteps + 1, sizeof(int));
	int *step_at = arena_array((size_t)t->nsteps + 2, sizeof(int));
	int nshown = 0;
	for (int i = 0; i < t->nsteps; i++) {
		row_of[i] = trace_shows(t, i) ? ++nshown : -1;
		if (row_of[i] > 0)
			step_at[nshown] = i;
	}
	int nrows = nshown + (t->nwaits ? 1 : 0);

	sb_add(out, "digraph lockspin {\n");
	sb_addf(out, "  graph [rankdir=TB, newrank=true, nodesep=0.35, ranksep=%s, splines=true,"
		    " fontname=\"Courier\", fontsize=12, labelloc=t, label=\"", t->full ? "0.22" : "0.07");
	StrBuf title;
	sb_init(&title);
	sb_addf(&title, "%s: %s (variant %s)", verdict_name(r->verdict), p->spec, p->variant);
	if (r->detail && *r->detail)
		add_wrapped(&title, r->detail, 100);
	if (t->nchain) {
		sb_add(&title, "\nchain: ");
		for (int i = 0; i < t->nchain; i++)
			sb_addf(&title, "%s --> ", trace_lock_name(t, t->chain[i].from));
		/* the last edge's lock: a class cycle may close on another lock of the class */
		sb_add(&title, trace_lock_name(t, t->chain[t->nchain - 1].to));
	}
	if (!t->full && t->nbrief < t->nsteps)
		sb_addf(&title, "\nbrief form: %d of %d steps (--full for all)", t->nbrief, t->nsteps);
	dot_str(out, sb_detach_arena(&title));
	sb_add(out, "\"];\n");
	sb_addf(out, "  node [fontname=\"Courier\", fontsize=10, shape=box, style=\"rounded\", margin=\"0.12,0.04\"%s];\n",
		t->full ? "" : ", height=0.28");
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
			if (row <= nshown && t->steps[step_at[row]].thread == l) {
				diagram_step_node(t, step_at[row], row, out);
				continue;
			}
			const CWait *w = row > nshown ? trace_wait_of(t, l) : NULL;
			if (w) {
				bool red = t->lane_in_cycle[l];
				sb_addf(out, "  r%d_%d [label=\"", row, l);
				StrBuf wl;
				sb_init(&wl);
				sb_addf(&wl, "%s\nwaits for %s", trace_loc(w->loc), trace_lock_name(t, w->lock));
				for (int k = 0; k < w->nholders; k++) {
					const CHeldSet *h = &t->final_held[w->holders[k]];
					for (int j = 0; j < h->n; j++) {
						if (!trace_same_lock(t, h->v[j].lock, w->lock) || h->v[j].step < 0)
							continue;
						sb_addf(&wl, "\nheld by %s since step %d", trace_lane_short(t, w->holders[k]),
							t->steps[h->v[j].step].n);
						if (h->v[j].lock != w->lock) /* lockdep: a class */
							sb_addf(&wl, "\n(class %s, as %s)", trace_class_name(t, w->lock),
								trace_lock_name(t, h->v[j].lock));
					}
				}
				dot_str(out, sb_detach_arena(&wl));
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

	/* waits-for edges: from the waiter across to the holder's lane, in the
	 * last row, labelled with where the holder took the lock.  An edge
	 * back up to the acquisition step (constraint=false, ports n/s) looped
	 * down the holder's lane; same-row edges are drawn straight across. */
	if (t->nwaits)
		sb_add(out, "\n  // waits for\n");
	for (int i = 0; i < t->nwaits; i++) {
		const CWait *w = &t->waits[i];
		for (int k = 0; k < w->nholders; k++) {
			int hl = w->holders[k];
			const CHeldSet *h = &t->final_held[hl];
			for (int j = 0; j < h->n; j++) {
				if (!trace_same_lock(t, h->v[j].lock, w->lock) || h->v[j].step < 0 || hl == w->thread)
					continue;
				bool red = t->lane_in_cycle[w->thread] && t->lane_in_cycle[hl];
				/* no label: Graphviz 2.43 frees a flat edge's label
				 * node twice (ASan, gvFreeLayout); the wait node says it */
				/* no ports either: with them Graphviz 2.43 reads a
				 * garbage arrow type ("Arrow type 9 unknown"); and a
				 * leftward flat edge leaks in its flat_rev(), so one
				 * to the left is drawn rightwards with dir=back */
				int a = hl > w->thread ? w->thread : hl, b = hl > w->thread ? hl : w->thread;
				sb_addf(out, "  r%d_%d -> r%d_%d [style=dashed, constraint=false, color=\"%s\","
					     " penwidth=%s%s];\n",
					nrows, a, nrows, b, red ? RED : "gray30", red ? "2" : "1",
					hl > w->thread ? "" : ", dir=back");
			}
		}
	}

	/* a failed check: the arrow from the write that broke it (trace.h,
	 * causal_step) */
	if (t->causal_step >= 0 && t->failed_step >= 0 && row_of[t->causal_step] > 0) {
		const CStep *c = &t->steps[t->causal_step];
		sb_addf(out, "\n  r%d_%d -> r%d_%d [style=bold, constraint=false, color=\"" RED "\","
			     " fontcolor=\"" RED "\", penwidth=2, xlabel=\"breaks it\"];\n",
			row_of[t->causal_step], c->thread, row_of[t->failed_step], t->steps[t->failed_step].thread);
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
				row_of[t->failed_step], f->thread, row_of[setter->step], t->steps[setter->step].thread,
				t->fail_level);
	}

	/* livelock: the way back to the cycle start */
	if (t->cycle_start >= 0 && nshown) {
		const CStep *a = &t->steps[step_at[nshown]], *b = &t->steps[t->cycle_start];
		sb_addf(out, "\n  r%d_%d -> r%d_%d [style=dashed, constraint=false, color=\"" RED "\","
			     " fontcolor=\"" RED "\", label=\"repeats forever\"];\n",
			nshown, a->thread, row_of[t->cycle_start], b->thread);
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
static GVC_t *diagram_gvc;

bool diagram_render_svg(const char *dot_text, const char *svg_path)
{
	if (!diagram_gvc)
		diagram_gvc = gvContext();
	if (!diagram_gvc)
		return false;
	Agraph_t *g = agmemread(dot_text);
	if (!g)
		return false;
	bool ok = gvLayout(diagram_gvc, g, "dot") == 0;
	if (ok) {
		ok = gvRenderFilename(diagram_gvc, g, "svg", svg_path) == 0;
		gvFreeLayout(diagram_gvc, g);
	}
	agclose(g);
	return ok;
}

/* check -j forks a job per variant: without this each job would load
 * Graphviz's plugins and have fontconfig read its configuration and font
 * list again (measured: a tenth of a warm make check's CPU).  One small
 * graph with a text label, rendered here, leaves all of it loaded for the
 * jobs to inherit; the SVGs they write are the same bytes. */
void diagram_prepare(void)
{
	diagram_render_svg("digraph { node [fontname=\"Courier\"]; a [label=\"t1 (pid 1)\", shape=box]; a -> b [label=\"x\"]; }\n",
			   "/dev/null");
}
