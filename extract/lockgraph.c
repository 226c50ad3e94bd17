/*
 * lockgraph.c - the lock-order graph of every explored execution, from the
 * "held while acquired" pairs the model's order markers report
 * (lockgraph.h says what an edge means), and its cycle: lockdep's
 * "possible circular locking dependency".
 *
 * A cycle is searched first among class nodes, then among single locks
 * (two locks of one class taken in both orders).  Only locks some thread
 * takes exclusively count: readers share, so rwlock_t readers taken in
 * opposite orders are not an inversion.
 *
 * The same graph as a file, order.txt: `check` writes it beside
 * schedule.txt, `run` reads it to tell whether the real code takes only
 * lock orders the model takes (conformance), without searching the model
 * again.  An edge means what an OrderEdge means (lockgraph.h), its classes
 * named by their order class's name.  Format (one record a line, fields
 * separated by one tab):
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
#include "lockgraph.h"
#include "stages.h"

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The locks of which some statement takes an exclusive hold, by class. */
static void mark_exclusive(const IrStmt *s, bool *exclusive)
{
	for (; s; s = s->next) {
		if (s->kind == S_LOCK && s->mode == LM_EXCL && s->op != LO_RELEASE)
			exclusive[s->lock->var] = true;
		mark_exclusive(s->body, exclusive);
		mark_exclusive(s->then, exclusive);
		mark_exclusive(s->els, exclusive);
	}
}

static bool graph_cycle_from(int n, const bool *adj, int v, int *color, int *stack, int *depth)
{
	color[v] = 1;
	stack[(*depth)++] = v;
	for (int w = 0; w < n; w++) {
		if (!adj[v * n + w])
			continue;
		if (color[w] == 1) {
			stack[(*depth)++] = w;
			return true;
		}
		if (color[w] == 0 && graph_cycle_from(n, adj, w, color, stack, depth))
			return true;
	}
	color[v] = 2;
	(*depth)--;
	return false;
}

/* A cycle in the graph: its vertices (first == last) in path, or 0. */
static int graph_cycle(int n, const bool *adj, int *path)
{
	int *color = arena_array((size_t)n + 1, sizeof(int));
	int *stack = arena_array((size_t)n * 2 + 2, sizeof(int));
	for (int v = 0; v < n; v++) {
		int depth = 0;
		if (color[v] == 0 && graph_cycle_from(n, adj, v, color, stack, &depth)) {
			int w = stack[depth - 1], k = 0, i = depth - 2;
			while (i >= 0 && stack[i] != w)
				i--;
			for (; i < depth; i++)
				path[k++] = stack[i];
			return k;
		}
	}
	return 0;
}

/* ---- subclasses ------------------------------------------------------------
 * lockdep's (class, subclass) is a class of its own (mutex_lock_nested), so
 * the class graph's node of a pair is the held lock's subclass and the
 * taken one's.  The taken lock's is its statement's; the held lock's is the
 * one it was taken at, which a marker does not say: SubFlow walks each
 * thread's body as pml_flow.c counts holds and keeps, per lock, the mask of
 * subclasses it may be held at.  An acquisition of the one lock a statement
 * names sets its mask to that subclass, a release clears it, a branch joins
 * its arms, and a loop or a label (a goto may come from anywhere) adds every
 * subclass the thread takes the lock at: the mask holds at least the
 * subclass an execution holds it at. */
typedef struct SubFlow {
	const IrProgram *p;
	unsigned char *all;   /* per lock: every subclass this thread takes it at */
	unsigned char *at;    /* per (statement id, lock): the mask when it runs */
} SubFlow;

static bool nests_in(const IrStmt *s)
{
	for (; s; s = s->next)
		if ((s->kind == S_LOCK && s->subclass) || nests_in(s->body) || nests_in(s->then) || nests_in(s->els))
			return true;
	return false;
}

bool lockgraph_nests(const IrProgram *p)
{
	for (int t = 0; t < p->nthreads; t++)
		if (nests_in(p->threads[t]->body))
			return true;
	return false;
}

static void sub_all(const IrProgram *p, const IrStmt *s, unsigned char *all)
{
	int ids[1024];
	for (; s; s = s->next) {
		if (s->kind == S_LOCK && (s->op == LO_ACQUIRE || s->op == LO_TRYLOCK)) {
			int n = ir_lockref_ids(p, s->lock, ids, 1024);
			for (int i = 0; i < n && i < 1024; i++)
				all[ids[i]] |= (unsigned char)(1u << s->subclass);
		}
		sub_all(p, s->body, all);
		sub_all(p, s->then, all);
		sub_all(p, s->els, all);
	}
}

static void sub_widen(const SubFlow *f, unsigned char *st)
{
	for (int l = 0; l < f->p->nlocks; l++)
		st[l] |= f->all[l];
}

static void sub_stmts(const SubFlow *f, const IrStmt *s, unsigned char *st)
{
	size_t n = (size_t)f->p->nlocks;
	int ids[1024];
	for (; s; s = s->next) {
		switch (s->kind) {
		case S_SEQ:
			sub_stmts(f, s->body, st);
			break;
		case S_IF: {
			unsigned char *other = arena_array(n + 1, 1);
			memcpy(other, st, n);
			sub_stmts(f, s->then, st);
			sub_stmts(f, s->els, other);
			for (size_t i = 0; i < n; i++)
				st[i] |= other[i];
			break;
		}
		case S_LOOP:
			sub_widen(f, st);
			sub_stmts(f, s->body, st);
			sub_widen(f, st);
			break;
		case S_LABEL:
			sub_widen(f, st);
			break;
		case S_LOCK: {
			memcpy(f->at + (size_t)s->id * n, st, n);
			unsigned char bit = (unsigned char)(1u << s->subclass);
			int k = ir_lockref_ids(f->p, s->lock, ids, 1024);
			bool one = ir_lockref_const(f->p, s->lock) >= 0;
			for (int i = 0; i < k && i < 1024; i++) {
				int id = ids[i];
				if (s->op == LO_ACQUIRE && one && !s->recursive)
					st[id] = bit;
				else if (s->op == LO_ACQUIRE || s->op == LO_TRYLOCK)
					st[id] |= bit;
				else if (s->op == LO_RELEASE && one && !s->recursive)
					st[id] = 0;
			}
			break;
		}
		default:
			break;
		}
	}
}

/* The masks of every acquisition: at[stmt * nlocks + lock]; NULL when no
 * operation has a subclass (every node is subclass 0). */
static unsigned char *sub_flow(const IrProgram *p)
{
	if (!lockgraph_nests(p))
		return NULL;
	size_t n = (size_t)p->nlocks;
	SubFlow f = { p, NULL, arena_array(((size_t)p->nstmts + 1) * n + 1, 1) };
	for (int t = 0; t < p->nthreads; t++) {
		f.all = arena_array(n + 1, 1);
		sub_all(p, p->threads[t]->body, f.all);
		sub_stmts(&f, p->threads[t]->body, arena_array(n + 1, 1));
	}
	return f.at;
}

/* The statement with id `id` (a marker's acquisition). */
static const IrStmt *stmt_by_id(const IrStmt *s, int id)
{
	for (; s; s = s->next) {
		if (s->id == id)
			return s;
		const IrStmt *r = stmt_by_id(s->body, id);
		if (!r)
			r = stmt_by_id(s->then, id);
		if (!r)
			r = stmt_by_id(s->els, id);
		if (r)
			return r;
	}
	return NULL;
}

static int stmt_subclass(const IrProgram *p, int id)
{
	for (int t = 0; id > 0 && t < p->nthreads; t++) {
		const IrStmt *s = stmt_by_id(p->threads[t]->body, id);
		if (s)
			return s->subclass;
	}
	return 0;
}

/* A node of the class graph: (order class, effective rank, subclass). */
typedef struct GraphNodes {
	int n, *cls, *rank, *sub;
} GraphNodes;

static int graph_node(GraphNodes *g, int cls, int rank, int sub)
{
	for (int k = 0; k < g->n; k++)
		if (g->cls[k] == cls && g->rank[k] == rank && g->sub[k] == sub)
			return k;
	g->cls[g->n] = cls;
	g->rank[g->n] = rank;
	g->sub[g->n] = sub;
	return g->n++;
}

void lockgraph_build(const IrProgram *p, const LockPair *le, int nle, CheckResult *r)
{
	if (!nle)
		return;
	int nc = p->nclasses, nl = p->nlocks;
	bool *ladj = arena_array((size_t)nl * nl + 1, sizeof(bool));
	OrderEdge *ce = arena_array((size_t)nle * IR_MAX_SUBCLASS + 1, sizeof(OrderEdge));
	int nce = 0;
	/* A lock nobody ever takes exclusively blocks no one (readers share), so
	 * it cannot close a deadlock cycle: Linux rwlock_t readers taken in
	 * opposite orders are not an inversion. */
	bool *exclusive = arena_array((size_t)nc + 1, sizeof(bool));
	for (int t = 0; t < p->nthreads; t++)
		mark_exclusive(p->threads[t]->body, exclusive);
	/* The nodes of the class graph.  Under mm-locks the ordering machinery
	 * tells locks apart by rank, not by declaration: a nested p2m lock
	 * biased to its own rank (PoD option 2) "looks different" from the host
	 * p2m lock of the same struct field, so (class, effective rank) is one
	 * node.  Without ranks this is lockdep's class: the order class, so
	 * that declarations LS_CLASS puts in one class are one node; and with
	 * a subclass, lockdep's (class, subclass). */
	int *lrank = arena_array((size_t)nl + 1, sizeof(int));
	for (int l = 0; l < nl; l++) {
		const IrLockClass *c = p->classes[p->locks[l]->cls];
		lrank[l] = c->rank;
		if (c->rank >= 0 && c->bias_var >= 0 && p->vars[c->bias_var]->init[p->locks[l]->inst])
			lrank[l] += c->bias;
	}
	const unsigned char *held_sub = sub_flow(p);
	size_t maxn = (size_t)nl * (held_sub ? IR_MAX_SUBCLASS : 1) + 1;
	GraphNodes g = { 0, arena_array(maxn, sizeof(int)), arena_array(maxn, sizeof(int)),
			 arena_array(maxn, sizeof(int)) };
	for (int l = 0; l < nl; l++)
		graph_node(&g, p->classes[p->locks[l]->cls]->order_class, lrank[l], 0);
	bool *nadj = arena_array(maxn * maxn + 1, sizeof(bool));
	for (int i = 0; i < nle; i++) {
		int da = p->locks[le[i].held]->cls, db = p->locks[le[i].taken]->cls;
		bool blocks = exclusive[da] && exclusive[db];
		int a = p->classes[da]->order_class, b = p->classes[db]->order_class;
		int tsub = held_sub ? stmt_subclass(p, le[i].stmt) : 0;
		unsigned mask = held_sub && le[i].stmt > 0 ? held_sub[(size_t)le[i].stmt * nl + le[i].held] : 1;
		if (!mask)
			mask = 1;
		if (blocks)
			ladj[le[i].held * nl + le[i].taken] = true;
		for (int hsub = 0; hsub < IR_MAX_SUBCLASS; hsub++) {
			if (!(mask & (1u << hsub)))
				continue;
			int na = graph_node(&g, a, lrank[le[i].held], hsub), nb = graph_node(&g, b, lrank[le[i].taken], tsub);
			if (blocks && na != nb)
				nadj[(size_t)na * maxn + nb] = true;
			bool dup = false;
			for (int k = 0; k < nce && !dup; k++)
				dup = ce[k].from == a && ce[k].to == b && ce[k].from_sub == hsub && ce[k].to_sub == tsub;
			if (!dup)
				ce[nce++] = (OrderEdge){ a, b, le[i].loc, le[i].held_loc, hsub, tsub };
		}
	}
	r->edges = ce;
	r->nedges = nce;
	if (r->verdict != V_OK)
		return;
	int nn = g.n;
	bool *adj = arena_array((size_t)nn * nn + 1, sizeof(bool));
	for (int x = 0; x < nn; x++)
		for (int y = 0; y < nn; y++)
			adj[x * nn + y] = nadj[(size_t)x * maxn + y];
	bool *split = arena_array((size_t)nc + 1, sizeof(bool));
	for (int k = 0; k < nn; k++)
		for (int j = 0; j < k; j++)
			if (g.cls[j] == g.cls[k] && g.rank[j] != g.rank[k])
				split[g.cls[k]] = true;
	int *path = arena_array((size_t)(nn > nl ? nn : nl) * 2 + 2, sizeof(int));
	int k = graph_cycle(nn, adj, path);
	bool classes = true;
	if (!k) {
		k = graph_cycle(nl, ladj, path);
		classes = false;
	}
	if (!k)
		return;
	StrBuf sb;
	sb_init(&sb);
	for (int i = 0; i < k; i++) {
		int v = path[i];
		if (!classes) {
			sb_addf(&sb, "%s'%s'", i ? " -> " : "", p->locks[v]->name);
			continue;
		}
		sb_addf(&sb, "%s'%s", i ? " -> " : "", p->classes[g.cls[v]]->name);
		if (g.sub[v])
			sb_addf(&sb, "/%d", g.sub[v]);
		sb_add(&sb, "'");
		if (split[g.cls[v]])
			sb_addf(&sb, " (rank %d)", g.rank[v]);
	}
	r->verdict = V_POTENTIAL_DEADLOCK;
	r->detail = xprintf("lock order cycle %s: %s", classes ? "between classes" : "between locks", sb.buf);
	sb_release(&sb);
}

int lockgraph_class_lock(const IrProgram *p, int c)
{
	for (int l = 0; l < p->nlocks; l++)
		if (p->classes[p->locks[l]->cls]->order_class == c)
			return l;
	return -1;
}

/* ---- order.txt ---------------------------------------------------------- */
LockGraph *lockgraph_of_result(const CheckResult *r)
{
	LockGraph *g = arena_alloc(sizeof(*g));
	*g = (LockGraph){ r->edges, r->nedges, r->complete, r->incomplete_why ? r->incomplete_why : "incomplete" };
	return g;
}

static const char *lockgraph_model_hash(const char *model_text)
{
	uint64_t h = cache_fnv(CACHE_FNV_SEED, model_text, strlen(model_text));
	return xprintf("%016llx", (unsigned long long)h);
}

const char *lockgraph_at(SrcLoc loc)
{
	return loc.file ? xprintf("%s:%d", loc.file, loc.line) : "-:0";
}

void lockgraph_write(const IrProgram *p, const char *model_text, const LockGraph *g, StrBuf *out)
{
	sb_add(out, "lockspin-order 1\n");
	sb_addf(out, "spec\t%s\nvariant\t%s\nmodel\t%s\n", p->spec, p->variant, lockgraph_model_hash(model_text));
	if (g->complete)
		sb_add(out, "search\tcomplete\n");
	else
		sb_addf(out, "search\tincomplete\t%s\n", g->incomplete_why);
	for (int i = 0; i < g->nedges; i++) {
		const OrderEdge *e = &g->edges[i];
		/* per class: the subclasses of one pair are one line */
		bool dup = false;
		for (int j = 0; j < i && !dup; j++)
			dup = g->edges[j].from == e->from && g->edges[j].to == e->to;
		if (dup)
			continue;
		sb_addf(out, "edge\t%s\t%s\t%s\t%s\n", p->classes[e->from]->name, p->classes[e->to]->name,
			lockgraph_at(e->loc), lockgraph_at(e->from_loc));
	}
	sb_add(out, "end\n");
}

/* The tab-separated fields of one line (the line is cut up in place). */
static int lockgraph_fields(char *line, char **f, int max)
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

/* The order class named name (an order class is the first class of its name). */
static int lockgraph_class_named(const IrProgram *p, const char *name)
{
	for (int c = 0; c < p->nclasses; c++)
		if (p->classes[c]->order_class == c && !strcmp(p->classes[c]->name, name))
			return c;
	return -1;
}

/* A place lockgraph_at() wrote: "file:line", "-:0" for none. */
static bool lockgraph_parse_at(const char *at, SrcLoc *loc)
{
	const char *colon = strrchr(at, ':');
	char *end;
	if (!colon || colon == at)
		return false;
	long line = strtol(colon + 1, &end, 10);
	if (end == colon + 1 || *end || line < 0 || line > INT_MAX)
		return false;
	bool none = colon - at == 1 && at[0] == '-';
	*loc = (SrcLoc){ none ? NULL : xstrndup(at, (size_t)(colon - at)), (int)line, 0 };
	return true;
}

LockGraph *lockgraph_read(const char *path, const IrProgram *p, const char *model_text, const char **why)
{
	char *text = read_file(path, NULL);
	if (!text) {
		*why = "absent";
		return NULL;
	}
	LockGraph *g = arena_alloc(sizeof(*g));
	/* the edge lines, resolved against p once the graph is this model's (the
	 * strings point into text, which is in the arena) */
	typedef struct EdgeLine {
		int line;
		char *f[5];
	} EdgeLine;
	PtrVec edges = { 0 };
	const char *model = NULL;
	bool header = false, end = false, spec = false, variant = false;
	int line = 0;
	for (char *ln = text; *ln && !end;) {
		char *nl = strchr(ln, '\n');
		if (nl)
			*nl = '\0';
		line++;
		char *f[6];
		int n = lockgraph_fields(ln, f, 6);
		if (line == 1) {
			header = !strcmp(ln, "lockspin-order 1");
		} else if (!strcmp(f[0], "spec") && n == 2) {
			spec = !strcmp(f[1], p->spec);
		} else if (!strcmp(f[0], "variant") && n == 2) {
			variant = !strcmp(f[1], p->variant);
		} else if (!strcmp(f[0], "model") && n == 2) {
			model = f[1];
		} else if (!strcmp(f[0], "search") && n >= 2) {
			g->complete = !strcmp(f[1], "complete");
			g->incomplete_why = n > 2 ? f[2] : "incomplete";
		} else if (!strcmp(f[0], "edge") && n == 5) {
			EdgeLine *el = arena_alloc(sizeof(*el));
			el->line = line;
			memcpy(el->f, f, sizeof(el->f));
			vec_push(&edges, el);
		} else if (!strcmp(f[0], "end") && n == 1) {
			end = true;
		} else {
			warning_at((SrcLoc){ path, line, 1 }, "not a lockspin order graph: unexpected '%.40s'", f[0]);
			*why = "malformed";
			return NULL;
		}
		ln = nl ? nl + 1 : ln + strlen(ln);
	}
	if (!header || !end || !model) {
		warning_at((SrcLoc){ path, 0, 0 }, "not a lockspin order graph (no 'lockspin-order 1' ... 'end')");
		*why = "malformed";
		return NULL;
	}
	if (!spec || !variant || strcmp(model, lockgraph_model_hash(model_text))) {
		*why = "stale: made from another model text than this spec's";
		return NULL;
	}
	OrderEdge *ge = arena_array((size_t)edges.len + 1, sizeof(OrderEdge));
	for (int i = 0; i < edges.len; i++) {
		const EdgeLine *el = edges.data[i];
		char *const *f = el->f;
		OrderEdge *e = &ge[i];
		e->from = lockgraph_class_named(p, f[1]);
		e->to = lockgraph_class_named(p, f[2]);
		const char *bad = e->from < 0 ? xprintf("no lock class '%.40s' in this model", f[1])
			: e->to < 0 ? xprintf("no lock class '%.40s' in this model", f[2])
			: !lockgraph_parse_at(f[3], &e->loc) ? xprintf("'%.40s' is not FILE:LINE", f[3])
			: !lockgraph_parse_at(f[4], &e->from_loc) ? xprintf("'%.40s' is not FILE:LINE", f[4]) : NULL;
		if (bad) {
			warning_at((SrcLoc){ path, el->line, 1 }, "not a lockspin order graph: %s", bad);
			*why = "malformed";
			return NULL;
		}
	}
	g->edges = ge;
	g->nedges = edges.len;
	return g;
}
