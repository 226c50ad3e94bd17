/*
 * ir_slice.c - the cone of influence: what no checked property depends on
 * is not in the model.
 *
 * The checked properties are the lock operations (which lock, on which
 * side), the assertions and run-time checks (S_ASSERT), the loops (their
 * tests decide whether a thread gets to its next lock operation or spins
 * for ever) and the progress labels.  A variable (IrVar, or a thread's
 * IrLocal) is relevant when one of them reads it, or an assignment to a
 * relevant variable reads it (data dependence), or it is read by the
 * condition of an `if` that has anything relevant in a branch (control
 * dependence: also a goto, break, continue or label, so every jump stays
 * where it was).  Everything else is removed:
 *
 *   - an assignment to a variable that is not relevant;
 *   - an `if` with nothing relevant in either branch (the skips in it go
 *     with it: they are listed by --explain already);
 *   - a run-time check whose condition is the constant true;
 *   - the variables themselves (out of the state vector), and a trylock's
 *     result local nobody reads.
 *
 * This is exact for every verdict: a removed write is read by nothing that
 * decides a lock operation, an assertion, a check or a loop, transitively,
 * so every run of the sliced model is a run of the whole one with some
 * invisible steps left out, and the other way round.  A run-time check of
 * a store to state (out-of-range of LS_RANGE or the C type) stays when its
 * store goes: it is a property itself, so what it reads is relevant; the
 * range check of a store to a local is about the local's Promela type and
 * goes with the store (slice_local_store).  Loops are kept whole (their test
 * is read) because whether they end is part of what the model decides.
 *
 * What was sliced is an IrNote per location ("write to 'x' not modelled"),
 * so --explain lists it; a trace never shows a sliced write (the model has
 * no step for it).  Native replay is unaffected: a scheduling point the
 * model no longer has is passed by the replay (harness/replay.c).
 *
 * Relevance is a fixpoint over the threads, walked last statement first so
 * that straight-line def-use chains settle in one pass; loops and branches
 * take one more pass per level of dependence through them.
 */
#include "stages.h"
#include "verdict.h"

#include <string.h>

typedef struct Slice {
	IrProgram *p;
	bool *var;        /* [nvars]: relevant */
	bool **loc;       /* [thread][nlocals]: relevant */
	int t;            /* thread being walked */
	bool changed;
	StrMap noted;     /* "line:col what" already noted */
} Slice;

static void slice_mark(Slice *s, const IrExpr *e)
{
	for (; e; e = e->c) {
		if (e->kind == E_VAR && !s->var[e->var])
			s->var[e->var] = s->changed = true;
		if (e->kind == E_LOCAL && !s->loc[s->t][e->var])
			s->loc[s->t][e->var] = s->changed = true;
		slice_mark(s, e->a);
		slice_mark(s, e->b);
	}
}

static bool slice_lhs_relevant(const Slice *s, const IrExpr *lhs)
{
	return lhs->kind == E_VAR ? s->var[lhs->var] : s->loc[s->t][lhs->var];
}

static bool slice_needed_list(const Slice *s, const IrStmt *st);

/* The store to a local that the run-time check ck guards, or NULL.  Its
 * out-of-range check is about the Promela type the model gives the local
 * (the C local holds any value of its C type: there is no native twin),
 * so it is part of the store: where the local is not modelled, neither is
 * the check.  Checks of stores to state (LS_RANGE, the C type) and every
 * other run-time check are properties and always stay. */
static const IrStmt *slice_local_store(const IrStmt *ck)
{
	if (ck->kind != S_ASSERT || ck->violation != V_OUT_OF_RANGE)
		return NULL;
	/* the front end puts a store's checks just before it (the text form
	 * has no guard flag: go by the order) */
	const IrStmt *q = ck->next;
	while (q && q->kind == S_ASSERT && q->violation)
		q = q->next;
	return q && q->kind == S_ASSIGN && q->lhs->kind == E_LOCAL ? q : NULL;
}

/* st stays in the model (given what is relevant so far) */
static bool slice_needed(const Slice *s, const IrStmt *st)
{
	switch (st->kind) {
	case S_ASSIGN:
		return slice_lhs_relevant(s, st->lhs);
	case S_SKIP:
		return false;
	case S_ASSERT: {
		/* a run-time check that holds in every state (its bound known
		 * once the thread was lowered, fe_range_checks_finish) is none */
		if (st->violation && st->cond && st->cond->kind == E_CONST && st->cond->value)
			return false;
		const IrStmt *store = slice_local_store(st);
		return !store || slice_lhs_relevant(s, store->lhs);
	}
	case S_SEQ:
		return slice_needed_list(s, st->body);
	case S_IF:
		return slice_needed_list(s, st->then) || slice_needed_list(s, st->els);
	default: /* locks, assertions, loops, jumps, labels, progress */
		return true;
	}
}

static bool slice_needed_list(const Slice *s, const IrStmt *st)
{
	for (; st; st = st->next)
		if (slice_needed(s, st))
			return true;
	return false;
}

static void slice_walk(Slice *s, const IrStmt *st);

/* The list from st, last statement first. */
static void slice_walk_list(Slice *s, const IrStmt *st)
{
	if (!st)
		return;
	slice_walk_list(s, st->next);
	slice_walk(s, st);
}

static void slice_walk(Slice *s, const IrStmt *st)
{
	switch (st->kind) {
	case S_ASSIGN:
		if (slice_lhs_relevant(s, st->lhs)) {
			slice_mark(s, st->rhs);
			slice_mark(s, st->lhs->a);
			slice_mark(s, st->lhs->b);
		}
		break;
	case S_SEQ:
		slice_walk_list(s, st->body);
		break;
	case S_IF:
		slice_walk_list(s, st->then);
		slice_walk_list(s, st->els);
		if (slice_needed(s, st))
			slice_mark(s, st->cond);
		break;
	case S_LOOP:
		slice_walk_list(s, st->body);
		slice_mark(s, st->cond);
		break;
	case S_LOCK:
		slice_mark(s, st->lock);
		break;
	case S_ASSERT:
		if (slice_needed(s, st))
			slice_mark(s, st->cond);
		break;
	default:
		break;
	}
}

/* One note per location and text, however many inlined copies share it. */
static void slice_note(Slice *s, SrcLoc loc, const char *what)
{
	bool isnew;
	strmap_get(&s->noted, xprintf("%s:%d:%d %s", loc.file, loc.line, loc.col, what), &isnew);
	if (isnew)
		ir_add_note(s->p, loc, what);
}

static const char *slice_name(const Slice *s, const IrExpr *lhs)
{
	if (lhs->kind == E_VAR)
		return s->p->vars[lhs->var]->name;
	const IrLocal *l = s->p->threads[s->t]->locals[lhs->var];
	return l->cname ? l->cname : l->name;
}

/* The list from st without what is not needed; notes what goes. */
static IrStmt *slice_cut(Slice *s, IrStmt *st)
{
	IrStmt *head = NULL, **tail = &head;
	for (; st; st = st->next) {
		if (!slice_needed(s, st)) {
			if (st->kind == S_ASSIGN)
				slice_note(s, st->loc, xprintf("write to '%s' not modelled: no lock operation, "
							       "assertion or check depends on it (sliced)",
							       slice_name(s, st->lhs)));
			else if (st->kind == S_ASSERT)
				; /* the check of a sliced store to a local: noted with the store */
			else if (st->kind == S_IF)
				slice_note(s, st->loc, "branch not modelled: nothing in it reaches a lock "
						       "operation, assertion or check (sliced)");
			if (st->kind != S_SKIP)
				continue;
		}
		st->body = slice_cut(s, st->body);
		st->then = slice_cut(s, st->then);
		st->els = slice_cut(s, st->els);
		if (st->kind == S_LOCK && st->result >= 0 && !s->loc[s->t][st->result])
			st->result = -1;
		*tail = st;
		tail = &st->next;
	}
	*tail = NULL;
	/* a run-time check guards the store after it; the store may be gone */
	for (IrStmt *q = head; q; q = q->next)
		if (q->kind == S_ASSERT && q->guard && !(q->next && (q->next->kind == S_ASSIGN ||
								      (q->next->kind == S_ASSERT && q->next->guard))))
			q->guard = false;
	return head;
}

/* ---- renumbering ----------------------------------------------------------- */
/* Expressions are shared between statements (a pinned value is read by its
 * check and its store), so each node is renumbered once: the first pass
 * (flip true) writes the new id as -2 - id, which the pass skips when it
 * meets the node again; the second (flip false) turns it back. */
static void slice_renum_expr(IrExpr *e, const int *vmap, const int *lmap, bool flip)
{
	for (; e; e = e->c) {
		if ((e->kind == E_VAR || e->kind == E_LOCAL) && flip && e->var >= 0)
			e->var = -2 - (e->kind == E_VAR ? vmap : lmap)[e->var];
		else if ((e->kind == E_VAR || e->kind == E_LOCAL) && !flip && e->var < -1)
			e->var = -2 - e->var;
		slice_renum_expr(e->a, vmap, lmap, flip);
		slice_renum_expr(e->b, vmap, lmap, flip);
	}
}

static void slice_renum(IrStmt *st, const int *vmap, const int *lmap, bool flip)
{
	for (; st; st = st->next) {
		slice_renum_expr(st->cond, vmap, lmap, flip);
		slice_renum_expr(st->lhs, vmap, lmap, flip);
		slice_renum_expr(st->rhs, vmap, lmap, flip);
		slice_renum_expr(st->lock, vmap, lmap, flip);
		if (st->kind == S_LOCK && st->result >= 0 && flip)
			st->result = lmap[st->result];
		slice_renum(st->body, vmap, lmap, flip);
		slice_renum(st->then, vmap, lmap, flip);
		slice_renum(st->els, vmap, lmap, flip);
	}
}

void ir_slice(IrProgram *p)
{
	Slice s = { .p = p };
	s.var = arena_array((size_t)p->nvars + 1, sizeof(bool));
	s.loc = arena_array((size_t)p->nthreads + 1, sizeof(bool *));
	for (int t = 0; t < p->nthreads; t++)
		s.loc[t] = arena_array((size_t)p->threads[t]->nlocals + 1, sizeof(bool));
	/* read outside the threads: a rank's bias, the interrupt state */
	for (int i = 0; i < p->nclasses; i++)
		if (p->classes[i]->bias_var >= 0)
			s.var[p->classes[i]->bias_var] = true;
	if (p->irq_var >= 0)
		s.var[p->irq_var] = true;
	if (p->bh_var >= 0)
		s.var[p->bh_var] = true;
	do {
		s.changed = false;
		for (s.t = 0; s.t < p->nthreads; s.t++)
			slice_walk(&s, p->threads[s.t]->body);
	} while (s.changed);
	for (s.t = 0; s.t < p->nthreads; s.t++) {
		IrThread *t = p->threads[s.t];
		t->body->body = slice_cut(&s, t->body->body);
	}
	/* the state vector: relevant variables only, in their order */
	int *vmap = arena_array((size_t)p->nvars + 1, sizeof(int)), nv = 0;
	for (int i = 0; i < p->nvars; i++) {
		vmap[i] = -1;
		if (!s.var[i]) {
			slice_note(&s, p->vars[i]->loc, xprintf("'%s' not modelled: no lock operation, assertion "
								"or check depends on it (sliced)", p->vars[i]->name));
			continue;
		}
		vmap[i] = nv;
		p->vars[nv] = p->vars[i];
		p->vars[nv]->id = nv;
		nv++;
	}
	p->nvars = nv;
	for (int i = 0; i < p->nclasses; i++)
		if (p->classes[i]->bias_var >= 0)
			p->classes[i]->bias_var = vmap[p->classes[i]->bias_var];
	if (p->irq_var >= 0)
		p->irq_var = vmap[p->irq_var];
	if (p->bh_var >= 0)
		p->bh_var = vmap[p->bh_var];
	for (s.t = 0; s.t < p->nthreads; s.t++) {
		IrThread *t = p->threads[s.t];
		int *lmap = arena_array((size_t)t->nlocals + 1, sizeof(int)), nl = 0;
		for (int i = 0; i < t->nlocals; i++) {
			lmap[i] = -1;
			if (s.loc[s.t][i]) {
				lmap[i] = nl;
				t->locals[nl] = t->locals[i];
				t->locals[nl]->id = nl;
				nl++;
			}
		}
		t->nlocals = nl;
		slice_renum(t->body, vmap, lmap, true);
	}
	/* a node may be shared by threads, too: every thread flipped first */
	for (int i = 0; i < p->nthreads; i++)
		slice_renum(p->threads[i]->body, vmap, NULL, false);
	ir_number(p);
}
