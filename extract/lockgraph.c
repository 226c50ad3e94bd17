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
 */
#include "lockgraph.h"
#include "verdict.h"

#include <stdbool.h>
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

void lockgraph_build(const IrProgram *p, const LockPair *le, int nle, CheckResult *r)
{
	if (!nle)
		return;
	int nc = p->nclasses, nl = p->nlocks;
	bool *ladj = arena_array((size_t)nl * nl + 1, sizeof(bool));
	OrderEdge *ce = arena_array((size_t)nle, sizeof(OrderEdge));
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
	 * that declarations LS_CLASS puts in one class are one node. */
	int *node = arena_array((size_t)nl + 1, sizeof(int));
	int *node_cls = arena_array((size_t)nl + 1, sizeof(int));
	int *node_rank = arena_array((size_t)nl + 1, sizeof(int));
	int nn = 0;
	for (int l = 0; l < nl; l++) {
		const IrLockClass *c = p->classes[p->locks[l]->cls];
		int rank = c->rank;
		if (rank >= 0 && c->bias_var >= 0 && p->vars[c->bias_var]->init[p->locks[l]->inst])
			rank += c->bias;
		int k = 0;
		while (k < nn && !(node_cls[k] == c->order_class && node_rank[k] == rank))
			k++;
		if (k == nn) {
			node_cls[nn] = c->order_class;
			node_rank[nn++] = rank;
		}
		node[l] = k;
	}
	bool *split = arena_array((size_t)nc + 1, sizeof(bool));
	for (int k = 0; k < nn; k++)
		for (int j = 0; j < k; j++)
			if (node_cls[j] == node_cls[k])
				split[node_cls[k]] = true;
	bool *nadj = arena_array((size_t)nn * nn + 1, sizeof(bool));
	for (int i = 0; i < nle; i++) {
		int da = p->locks[le[i].held]->cls, db = p->locks[le[i].taken]->cls;
		bool blocks = exclusive[da] && exclusive[db];
		int a = p->classes[da]->order_class, b = p->classes[db]->order_class;
		int na = node[le[i].held], nb = node[le[i].taken];
		if (blocks && na != nb)
			nadj[na * nn + nb] = true;
		if (blocks)
			ladj[le[i].held * nl + le[i].taken] = true;
		bool dup = false;
		for (int k = 0; k < nce && !dup; k++)
			dup = ce[k].from == a && ce[k].to == b;
		if (!dup)
			ce[nce++] = (OrderEdge){ a, b, le[i].loc, le[i].held_loc };
	}
	r->edges = ce;
	r->nedges = nce;
	if (r->verdict != V_OK)
		return;
	int *path = arena_array((size_t)(nn > nl ? nn : nl) * 2 + 2, sizeof(int));
	int k = graph_cycle(nn, nadj, path);
	bool classes = true;
	if (!k) {
		k = graph_cycle(nl, ladj, path);
		classes = false;
	}
	if (!k)
		return;
	StrBuf sb;
	sb_init(&sb);
	for (int i = 0; i < k; i++)
		if (!classes)
			sb_addf(&sb, "%s'%s'", i ? " -> " : "", p->locks[path[i]]->name);
		else if (split[node_cls[path[i]]])
			sb_addf(&sb, "%s'%s' (rank %d)", i ? " -> " : "", p->classes[node_cls[path[i]]]->name,
				node_rank[path[i]]);
		else
			sb_addf(&sb, "%s'%s'", i ? " -> " : "", p->classes[node_cls[path[i]]]->name);
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
