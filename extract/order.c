/*
 * order.c - the model's lock-order graph as a file, order.txt: `check`
 * writes it beside schedule.txt, `run` reads it to tell whether the real
 * code takes only lock orders the model takes (conformance), without
 * searching the model again.
 *
 * The meaning of an edge is CheckResult.edges' once spin.c has stored it:
 * `to` is acquired while `from` is held, in some execution pan explored,
 * both named by their order class (the lock class, or the class LS_CLASS
 * merges it into); loc is where `to` was first taken so, from_loc where
 * `from` was taken in that thread.
 *
 * Format (one record a line, fields separated by one tab):
 *   lockspin-order 1
 *   spec <path>
 *   variant <name>
 *   model <16 hex digits: FNV-1a of the model text (models/<spec>/<variant>.pml)>
 *   search complete                 or: search incomplete <why>
 *   edge <from class> <to class> <file>:<line> <file>:<line>   (loc, from_loc)
 *   end
 * The model line lets `run` notice an order.txt older than the spec: a
 * different model text is a stale graph.  Reproducible byte for byte.
 */
#include "order.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *order_model_hash(const char *model_text)
{
	uint64_t h = 1469598103934665603ull;
	for (const char *c = model_text; *c; c++)
		h = (h ^ (unsigned char)*c) * 1099511628211ull;
	return xprintf("%016llx", (unsigned long long)h);
}

static const char *order_loc(SrcLoc loc)
{
	return loc.file ? xprintf("%s:%d", loc.file, loc.line) : "-:0";
}

OrderGraph *order_of_result(const IrProgram *p, const char *model_text, const CheckResult *r)
{
	OrderGraph *g = arena_alloc(sizeof(*g));
	g->model = order_model_hash(model_text);
	g->complete = r->complete;
	g->incomplete_why = r->incomplete_why ? r->incomplete_why : "incomplete";
	g->nedges = r->nedges;
	g->edges = arena_array((size_t)r->nedges + 1, sizeof(OrderLink));
	for (int i = 0; i < r->nedges; i++) {
		const OrderEdge *e = &r->edges[i];
		g->edges[i] = (OrderLink){ p->classes[e->from]->name, p->classes[e->to]->name, order_loc(e->loc),
					   order_loc(e->from_loc) };
	}
	return g;
}

void order_write(const IrProgram *p, const OrderGraph *g, StrBuf *out)
{
	sb_add(out, "lockspin-order 1\n");
	sb_addf(out, "spec\t%s\nvariant\t%s\nmodel\t%s\n", p->spec, p->variant, g->model);
	if (g->complete)
		sb_add(out, "search\tcomplete\n");
	else
		sb_addf(out, "search\tincomplete\t%s\n", g->incomplete_why);
	for (int i = 0; i < g->nedges; i++) {
		const OrderLink *e = &g->edges[i];
		sb_addf(out, "edge\t%s\t%s\t%s\t%s\n", e->from, e->to, e->at, e->from_at);
	}
	sb_add(out, "end\n");
}

/* The tab-separated fields of one line (the line is cut up in place). */
static int order_fields(char *line, char **f, int max)
{
	int n = 0;
	for (char *c = line; n < max;) {
		f[n++] = c;
		c = strchr(c, '\t');
		if (!c)
			break;
		*c++ = '\0';
	}
	return n;
}

OrderGraph *order_read(const char *path, const IrProgram *p, const char *model_text, const char **why)
{
	char *text = read_file(path, NULL);
	if (!text) {
		*why = "absent";
		return NULL;
	}
	OrderGraph *g = arena_alloc(sizeof(*g));
	PtrVec edges = { 0 };
	bool header = false, end = false, spec = false, variant = false;
	int line = 0;
	for (char *ln = text; *ln && !end;) {
		char *nl = strchr(ln, '\n');
		if (nl)
			*nl = '\0';
		line++;
		char *f[6];
		int n = order_fields(ln, f, 6);
		if (line == 1) {
			header = !strcmp(ln, "lockspin-order 1");
		} else if (!strcmp(f[0], "spec") && n == 2) {
			spec = !strcmp(f[1], p->spec);
		} else if (!strcmp(f[0], "variant") && n == 2) {
			variant = !strcmp(f[1], p->variant);
		} else if (!strcmp(f[0], "model") && n == 2) {
			g->model = xstrdup(f[1]);
		} else if (!strcmp(f[0], "search") && n >= 2) {
			g->complete = !strcmp(f[1], "complete");
			g->incomplete_why = n > 2 ? xstrdup(f[2]) : "incomplete";
		} else if (!strcmp(f[0], "edge") && n == 5) {
			OrderLink *e = arena_alloc(sizeof(*e));
			*e = (OrderLink){ xstrdup(f[1]), xstrdup(f[2]), xstrdup(f[3]), xstrdup(f[4]) };
			vec_push(&edges, e);
		} else if (!strcmp(f[0], "end") && n == 1) {
			end = true;
		} else {
			warning_at((SrcLoc){ path, line, 1 }, "not a lockspin order graph: unexpected '%.40s'", f[0]);
			*why = "malformed";
			return NULL;
		}
		ln = nl ? nl + 1 : ln + strlen(ln);
	}
	if (!header || !end || !g->model) {
		warning_at((SrcLoc){ path, 0, 0 }, "not a lockspin order graph (no 'lockspin-order 1' ... 'end')");
		*why = "malformed";
		return NULL;
	}
	if (!spec || !variant || strcmp(g->model, order_model_hash(model_text))) {
		*why = "stale: made from another model text than this spec's";
		return NULL;
	}
	g->nedges = edges.len;
	g->edges = arena_array((size_t)edges.len + 1, sizeof(OrderLink));
	for (int i = 0; i < edges.len; i++)
		g->edges[i] = *(OrderLink *)edges.data[i];
	return g;
}
