/* fe_read.c - reads of modelled state: one access a model step, temporaries, inner points of native replay. */
#include "fe.h"

/* ---- reads of modelled state ------------------------------------------------ */
/*
 * C reads modelled state, computes, then writes or tests, and another
 * thread may run between any two of those accesses.  A model step that
 * made two of them would hide that window: two threads running
 * `count = count + 1` would never lose an update.  So no step the front end
 * emits makes more than one access to modelled state (the at-most-once
 * rule: such a step cannot be told apart from C's evaluation of it).  A read
 * that is not the last access of its C statement is stored in a fresh
 * temporary by a step of its own (IrStmt.partial), and the statement goes
 * on with the temporary: `count = count + 1` is `t = count; count = t + 1`,
 * `if (a == b)` is `t = a; if (t == b)`.  Reads that C orders come in its
 * order (the left of && || ?: first, fe_ctx_push; an operand a run-time
 * check guards, where it is evaluated, fe_pin); the rest C leaves unordered
 * and the model reads them left to right, which --explain lists.  An
 * ls_assert() condition is a property of the state at its line, checked in
 * one step (Fe.one_step).  The temporaries are dead after their statement,
 * and SPIN's dead variable elimination resets them, so they do not multiply
 * states.  The one exception is an atomic read-modify-write (ls_atomic_*,
 * fe_atomic.c): its read and its store are one step, as C's atomic
 * instruction is one access (fe_read_atomic).
 */
void fe_note_read(Fe *fe, const IrExpr *e, Ast c)
{
	FeRead *r = arena_alloc(sizeof(*r));
	r->e = e;
	r->c = c;
	vec_push(&fe->reads, r);
}

static const FeRead *fe_read_of(Fe *fe, const IrExpr *e)
{
	for (int i = fe->reads.len - 1; i >= 0; i--) {
		const FeRead *r = fe->reads.data[i];
		if (r->e == e)
			return r;
	}
	return NULL;
}

/* e reads shared state itself: a modelled variable, or whether any thread
 * holds a lock (spin_is_locked(): E_HELD with value 1). */
static bool fe_is_read(const IrExpr *e)
{
	return e->kind == E_VAR || (e->kind == E_HELD && e->value == 1);
}

/* The reads of modelled state in e, each node once (one C read may be
 * shared, as the object of `p->x += 1` is read and written). */
static int fe_count_reads_in(const IrExpr *e, PtrVec *seen)
{
	if (!e)
		return 0;
	for (int i = 0; i < seen->len; i++)
		if (seen->data[i] == e)
			return 0;
	vec_push(seen, (void *)e);
	return fe_is_read(e) + fe_count_reads_in(e->a, seen) + fe_count_reads_in(e->b, seen) +
	       fe_count_reads_in(e->c, seen);
}

int fe_count_reads(const IrExpr *e)
{
	PtrVec seen = { 0 };
	return fe_count_reads_in(e, &seen);
}

/* The one read of modelled state in e, or NULL. */
static const IrExpr *fe_the_read(const IrExpr *e)
{
	if (!e)
		return NULL;
	if (e->kind == E_VAR)
		return e;
	const IrExpr *r = fe_the_read(e->a);
	if (!r)
		r = fe_the_read(e->b);
	return r ? r : fe_the_read(e->c);
}

/* The inner point of native replay right after the read r (its C
 * expression wrapped as LS__READ(...) in the replay copy), or 0 when its
 * text is not the spec's own (a macro) or is not known. */
static int fe_inner_point(Fe *fe, const IrExpr *r)
{
	const FeRead *fr = r ? fe_read_of(fe, r) : NULL;
	if (!fr)
		return 0;
	AstLoc ends[2];
	unsigned off[2];
	if (!fe_native_span(fe, fr->c, ends, off))
		return 0;
	if (off[1] <= off[0])
		return 0;
	return fe_point_add(fe, fe_loc_at(fe, ends[0]), off[0], off[1]);
}

/* A fresh temporary that can hold what e reads: the variable's own kind
 * and range, else an int over e's range (the C int's when it has none). */
static IrLocal *fe_read_local(Fe *fe, const IrExpr *e, SrcLoc loc)
{
	if (e->kind == E_VAR) {
		const IrVar *v = fe->p->vars[e->var];
		const char *base = strrchr(v->name, '.');
		return fe_new_local(fe, xprintf("ls_%s", base ? base + 1 : v->name), v->vk, v->lo, v->hi,
				    v->vk == VK_PTR ? v->ptr_type : -1, loc);
	}
	long lo, hi;
	if (!fe_expr_range(fe, e, &lo, &hi))
		fe_int_range(&lo, &hi);
	return fe_new_local(fe, "ls_read", VK_INT, (int)lo, (int)hi, -1, loc);
}

/* e (which reads modelled state) read as C reads it: stored in a fresh
 * temporary by a step of its own that makes one access (its own reads
 * split first), and the temporary in its place from here on.  Its value
 * serves the current C statement alone (dead: reset when it ends), unless
 * it is an operand a run-time check pins, which may be the instance of a
 * lock pointer bound for later statements. */
static IrExpr *fe_read_step(Fe *fe, Seq *s, IrExpr *e, SrcLoc loc, bool dead, bool atomic)
{
	if (!s || !fe->t || fe->one_step || !fe_reads_state(e))
		return e;
	fe_split_reads(fe, s, &e, 1, 1, loc);
	IrLocal *l = fe_read_local(fe, e, loc);
	IrStmt *as = ir_stmt(S_ASSIGN, loc);
	as->lhs = fe_e_local(l->id, loc);
	as->rhs = e;
	as->partial = true;
	/* native code never stops inside an atomic instruction */
	as->atomic = atomic;
	as->after_point = atomic ? 0 : fe_inner_point(fe, fe_the_read(e));
	fe_point_claim(fe, as, NULL);
	fe_emit(fe, s, as);
	vec_push(&fe->final_locals, l);
	if (dead)
		vec_push(&fe->dead, l);
	return fe_e_local(l->id, loc);
}

IrExpr *fe_read_temp(Fe *fe, Seq *s, IrExpr *e, SrcLoc loc, bool dead)
{
	return fe_read_step(fe, s, e, loc, dead, false);
}

/* The read of the variable e (E_VAR, its object and index read already)
 * that begins an atomic read-modify-write: its temporary, dead at the end
 * of the C statement; the caller's next store, to e, is in the same model
 * step (IrStmt.atomic, the one exception to one access a step: the CPU's
 * atomic instruction reads and writes in one indivisible access).  NULL
 * where no step can be made (inside an ls_assert() condition). */
IrExpr *fe_read_atomic(Fe *fe, Seq *s, IrExpr *e, SrcLoc loc)
{
	if (!s || !fe->t || fe->one_step || e->kind != E_VAR || fe_count_reads(e) != 1)
		return NULL;
	return fe_read_step(fe, s, e, loc, true, true);
}

IrExpr *fe_read_once(Fe *fe, Seq *s, IrExpr *e, SrcLoc loc)
{
	return fe_read_temp(fe, s, e, loc, true);
}

/* The temporaries fe->dead[from..] reset to 0 at the end of their C
 * statement (before the jump it ends in): a stale value would tell apart
 * states that are the same (measured: 511 states for 305 on
 * spec/selftest/lost_update.c); a local step, merged into the one before. */
void fe_reset_temps(Fe *fe, Seq *s, int from, SrcLoc loc)
{
	if (fe->dead.len <= from || !s)
		return;
	Seq r = { 0 };
	for (int i = from; i < fe->dead.len; i++) {
		const IrLocal *l = fe->dead.data[i];
		IrStmt *as = ir_stmt(S_ASSIGN, loc);
		as->lhs = fe_e_local(l->id, loc);
		as->rhs = ir_const(0, loc);
		fe_emit(fe, &r, as);
	}
	fe->dead.len = from;
	IrStmt *t = s->tail;
	if (t && (t->kind == S_GOTO || t->kind == S_BREAK || t->kind == S_CONTINUE)) {
		IrStmt *prev = NULL;
		for (IrStmt *q = s->head; q != t; q = q->next)
			prev = q;
		r.tail->next = t;
		if (prev)
			prev->next = r.head;
		else
			s->head = r.head;
		return;
	}
	fe_emit(fe, s, r.head);
}

/* The variables e reads at its top (not inside another read's object or
 * index), once each. */
static void fe_top_reads(Fe *fe, const IrExpr *e, PtrVec *names)
{
	if (!e)
		return;
	if (e->kind == E_VAR) {
		const char *name = fe->p->vars[e->var]->name;
		for (int i = 0; i < names->len; i++)
			if (!strcmp(names->data[i], name))
				return;
		vec_push(names, (void *)name);
		return;
	}
	fe_top_reads(fe, e->a, names);
	fe_top_reads(fe, e->b, names);
	fe_top_reads(fe, e->c, names);
}

typedef struct Hoist {
	Fe *fe;
	Seq *s;
	SrcLoc loc;
	int budget;      /* reads still to store in temporaries */
	PtrVec memo;     /* pairs: a node, what it became */
	PtrVec names;    /* the variables of the top-level reads stored, for the note */
} Hoist;

/* e with its first h->budget reads (children before their parent, left to
 * right) stored in temporaries. */
static IrExpr *fe_hoist(Hoist *h, IrExpr *e, bool top)
{
	if (!e)
		return NULL;
	for (int i = 0; i + 1 < h->memo.len; i += 2)
		if (h->memo.data[i] == e)
			return h->memo.data[i + 1];
	bool read = fe_is_read(e);
	IrExpr *a = fe_hoist(h, e->a, top && !read), *b = fe_hoist(h, e->b, top && !read),
	       *c = fe_hoist(h, e->c, top && !read);
	IrExpr *r = e;
	if (a != e->a || b != e->b || c != e->c) {
		r = arena_alloc(sizeof(*r));
		*r = *e;
		r->a = a, r->b = b, r->c = c;
		const FeRead *fr = e->kind == E_VAR ? fe_read_of(h->fe, e) : NULL;
		if (fr)
			fe_note_read(h->fe, r, fr->c);
	}
	if (read && h->budget > 0) {
		h->budget--;
		if (top)
			vec_push(&h->names, e->kind == E_VAR ? (void *)h->fe->p->vars[e->var]->name : (void *)"a lock's holder");
		r = fe_read_once(h->fe, h->s, r, h->loc);
	}
	vec_push(&h->memo, e);
	vec_push(&h->memo, r);
	return r;
}

/* The expressions es[0..n) of one step with their reads of modelled state
 * stored first in temporaries, in order, until at most keep (0: the step
 * writes modelled state; 1: it tests or writes a local) are left among
 * them all.  A node they share is one read. */
void fe_split_reads(Fe *fe, Seq *s, IrExpr **es, int n, int keep, SrcLoc loc)
{
	if (!s || !fe->t || fe->one_step)
		return;
	PtrVec seen = { 0 };
	int total = 0;
	for (int i = 0; i < n; i++)
		total += fe_count_reads_in(es[i], &seen);
	if (total <= keep)
		return;
	Hoist h = { fe, s, loc, total - keep, { 0 }, { 0 } };
	for (int i = 0; i < n; i++)
		es[i] = fe_hoist(&h, es[i], true);
	PtrVec names = h.names;
	for (int i = 0; i < n; i++)
		fe_top_reads(fe, es[i], &names);
	if (h.names.len + keep >= 2 && names.len >= 2) {
		StrBuf sb;
		sb_init(&sb);
		for (int i = 0; i < names.len; i++)
			sb_addf(&sb, "%s'%s'", !i ? "" : i + 1 < names.len ? ", " : " and ", (const char *)names.data[i]);
		fe_add_note(fe, loc, xprintf("%s are read in an order C leaves unspecified: the model reads them left to "
					     "right, one step each", sb.buf));
		sb_release(&sb);
	}
}
