/*
 * pml_flow.c - constants and held counts of a thread, for the emitter.
 *
 * pan stores a state wherever a thread's next step depends on data: a
 * read of a global, a dispatch over the locks a reference may denote, an
 * order marker that tests what is held.  Where the value is the same in
 * every run that gets there, the emitter writes the value instead
 * (pml_fold_thread) or the marker's outcome (pml_held_flow), and the steps
 * in between are local ones pan merges.
 *
 * Both run once over the statements, forward, with the state at each
 * point, and are exact only where they can be: a join of two paths keeps
 * what they agree on, a loop forgets what its body changes, a label
 * (reached by goto from anywhere) forgets everything, and code after a
 * goto, break or continue is reached only through a label.
 */
#include "pml_flow.h"
#include "util.h"

#include <limits.h>
#include <string.h>

bool pml_var_const(const IrProgram *p, const bool *written, const IrExpr *e, int *value)
{
	if (e->kind != E_VAR || written[e->var] || (e->a && e->a->kind != E_CONST) ||
	    (e->b && e->b->kind != E_CONST))
		return false;
	const IrVar *v = p->vars[e->var];
	int k = (e->a ? e->a->value : 1) * v->arrlen + (e->b ? e->b->value : 0);
	if (k < 0 || k >= (p->types[v->type]->ninst + 1) * v->arrlen)
		return false;
	*value = v->init[k];
	return true;
}

/* ---- folding ------------------------------------------------------------------ */
typedef struct Fold {
	const IrProgram *p;
	const IrThread *t;
	const bool *written;
	int n;          /* locals */
	bool *known;    /* by local: its value is val[] on every path here */
	int *val;
} Fold;

static IrExpr *fold_const(int v, SrcLoc loc)
{
	IrExpr *e = arena_alloc(sizeof(*e));
	e->kind = E_CONST;
	e->value = v;
	e->loc = loc;
	return e;
}

static IrExpr *fold_expr(Fold *f, IrExpr *e)
{
	if (!e)
		return NULL;
	int v;
	switch (e->kind) {
	case E_CONST:
	case E_CHOOSE: /* kept as is: the emitter hoists each by identity */
		return e;
	case E_LOCAL:
		return f->known[e->var] ? fold_const(f->val[e->var], e->loc) : e;
	default:
		break;
	}
	IrExpr *c = arena_alloc(sizeof(*c));
	*c = *e;
	c->a = fold_expr(f, e->a);
	c->b = fold_expr(f, e->b);
	c->c = fold_expr(f, e->c);
	bool ca = c->a && c->a->kind == E_CONST, cb = c->b && c->b->kind == E_CONST;
	switch (c->kind) {
	case E_VAR:
		return pml_var_const(f->p, f->written, c, &v) ? fold_const(v, e->loc) : c;
	case E_UNOP:
		if (!ca)
			return c;
		if (c->op == '-' && c->a->value != INT_MIN)
			return fold_const(-c->a->value, e->loc);
		if (c->op == '!')
			return fold_const(!c->a->value, e->loc);
		if (c->op == '~')
			return fold_const(~c->a->value, e->loc);
		return c;
	case E_BINOP:
		return ca && cb && ir_const_binop(c->op, c->a->value, c->b->value, &v) ? fold_const(v, e->loc) : c;
	case E_COND:
		return ca ? (c->a->value ? c->b : c->c) : c;
	default:
		return c; /* E_LOCKREF, E_HELD: their references folded */
	}
}

/* The local an assignment or a trylock result writes, or -1. */
static int fold_target(const IrStmt *s)
{
	if (s->kind == S_ASSIGN && s->lhs->kind == E_LOCAL)
		return s->lhs->var;
	if (s->kind == S_LOCK && s->op == LO_TRYLOCK)
		return s->result;
	return -1;
}

/* Forget what the statements of a loop body may change. */
static void fold_forget(Fold *f, const IrStmt *s)
{
	for (; s; s = s->next) {
		int l = fold_target(s);
		if (l >= 0)
			f->known[l] = false;
		if (s->kind == S_LABEL)
			memset(f->known, 0, (size_t)f->n);
		fold_forget(f, s->body);
		fold_forget(f, s->then);
		fold_forget(f, s->els);
	}
}

static IrStmt *fold_stmts(Fold *f, const IrStmt *s, bool *live);

static bool fold_has_label(const IrStmt *s)
{
	for (; s; s = s->next)
		if (s->kind == S_LABEL || fold_has_label(s->body) || fold_has_label(s->then) ||
		    fold_has_label(s->els))
			return true;
	return false;
}

/* Run the list s from a copy of the current state; the state after is in
 * known/val (the caller's state is restored from save). */
static IrStmt *fold_branch(Fold *f, const IrStmt *s, bool *known, int *val, bool *live)
{
	memcpy(f->known, known, (size_t)f->n);
	memcpy(f->val, val, (size_t)f->n * sizeof(int));
	IrStmt *r = fold_stmts(f, s, live);
	memcpy(known, f->known, (size_t)f->n);
	memcpy(val, f->val, (size_t)f->n * sizeof(int));
	return r;
}

static IrStmt *fold_stmts(Fold *f, const IrStmt *s, bool *live)
{
	IrStmt *head = NULL, **tail = &head;
	size_t nb = (size_t)f->n + 1;
	*live = true;
	for (; s; s = s->next) {
		IrStmt *c = arena_alloc(sizeof(*c));
		*c = *s;
		c->next = NULL;
		if (!*live && s->kind != S_LABEL)
			memset(f->known, 0, (size_t)f->n); /* reached only through a label */
		switch (s->kind) {
		case S_SEQ: {
			bool l;
			c->body = fold_stmts(f, s->body, &l);
			*live = l;
			break;
		}
		case S_IF: {
			c->cond = fold_expr(f, s->cond);
			bool *k0 = arena_array(nb, 1), *k1 = arena_array(nb, 1);
			int *v0 = arena_array(nb, sizeof(int)), *v1 = arena_array(nb, sizeof(int));
			memcpy(k0, f->known, (size_t)f->n);
			memcpy(v0, f->val, (size_t)f->n * sizeof(int));
			memcpy(k1, k0, (size_t)f->n);
			memcpy(v1, v0, (size_t)f->n * sizeof(int));
			/* a constant condition: the other branch is never run (unless
			 * a goto enters it at a label); it is still emitted (pan
			 * reports it unreached), from nothing known */
			bool konst = c->cond && c->cond->kind == E_CONST &&
				     !fold_has_label(c->cond->value ? s->els : s->then);
			if (c->cond && c->cond->kind == E_CONST)
				memset(c->cond->value ? k1 : k0, 0, (size_t)f->n);
			bool lt, le;
			c->then = fold_branch(f, s->then, k0, v0, &lt);
			c->els = fold_branch(f, s->els, k1, v1, &le);
			if (konst && c->cond->value)
				le = false;
			else if (konst)
				lt = false;
			for (int i = 0; i < f->n; i++) {
				f->known[i] = lt && le ? k0[i] && k1[i] && v0[i] == v1[i] : lt ? k0[i] : k1[i];
				f->val[i] = lt ? v0[i] : v1[i];
			}
			*live = lt || le;
			break;
		}
		case S_LOOP: {
			bool l;
			fold_forget(f, s->body);
			c->cond = fold_expr(f, s->cond);
			c->body = fold_stmts(f, s->body, &l);
			fold_forget(f, s->body);
			break;
		}
		case S_LABEL:
			memset(f->known, 0, (size_t)f->n);
			*live = true;
			break;
		case S_GOTO:
		case S_BREAK:
		case S_CONTINUE:
			*live = false;
			break;
		case S_ASSIGN:
			c->rhs = fold_expr(f, s->rhs);
			if (s->lhs->kind == E_VAR) {
				c->lhs = arena_alloc(sizeof(*c->lhs));
				*c->lhs = *s->lhs;
				c->lhs->a = fold_expr(f, s->lhs->a);
				c->lhs->b = fold_expr(f, s->lhs->b);
			} else {
				f->known[s->lhs->var] = c->rhs->kind == E_CONST;
				f->val[s->lhs->var] = c->rhs->kind == E_CONST ? c->rhs->value : 0;
			}
			break;
		case S_LOCK:
			c->lock = fold_expr(f, s->lock);
			if (s->op == LO_TRYLOCK && s->result >= 0)
				f->known[s->result] = false;
			break;
		case S_ASSERT:
			c->cond = fold_expr(f, s->cond);
			break;
		default:
			break;
		}
		*tail = c;
		tail = &c->next;
	}
	return head;
}

IrStmt *pml_fold_thread(const IrProgram *p, const IrThread *t, const bool *written)
{
	Fold f = { p, t, written, t->nlocals, NULL, NULL };
	f.known = arena_array((size_t)f.n + 1, 1);
	f.val = arena_array((size_t)f.n + 1, sizeof(int));
	memset(f.known, 1, (size_t)f.n); /* Promela starts every local at 0 */
	bool live;
	return fold_stmts(&f, t->body, &live);
}

/* ---- held counts -------------------------------------------------------------- */
static void held_forget(const IrProgram *p, const IrStmt *s, signed char *st)
{
	int ids[1024];
	for (; s; s = s->next) {
		if (s->kind == S_LABEL)
			memset(st, HELD_ANY, (size_t)p->nlocks);
		else if (s->kind == S_LOCK) {
			int n = ir_lockref_ids(p, s->lock, ids, 1024);
			for (int i = 0; i < n && i < 1024; i++)
				st[ids[i]] = HELD_ANY;
		}
		held_forget(p, s->body, st);
		held_forget(p, s->then, st);
		held_forget(p, s->els, st);
	}
}

/* Returns whether control can fall through the end of the list s. */
static bool held_stmts(const IrProgram *p, const IrStmt *s, signed char *st, signed char *held)
{
	size_t n = (size_t)p->nlocks;
	bool live = true;
	for (; s; s = s->next) {
		switch (s->kind) {
		case S_SEQ:
			live = held_stmts(p, s->body, st, held) && live;
			break;
		case S_IF: {
			signed char *other = arena_array(n + 1, 1);
			memcpy(other, st, n);
			bool t = held_stmts(p, s->then, st, held);
			bool e = held_stmts(p, s->els, other, held);
			if (!t)
				memcpy(st, other, n);
			else if (e)
				for (size_t i = 0; i < n; i++)
					if (st[i] != other[i])
						st[i] = HELD_ANY;
			live = live && (t || e);
			break;
		}
		case S_LOOP:
			/* its breaks reach the end: every lock it operates on is HELD_ANY */
			held_forget(p, s->body, st);
			held_stmts(p, s->body, st, held);
			held_forget(p, s->body, st);
			break;
		case S_LABEL:
			memset(st, HELD_ANY, n);
			live = true;
			break;
		case S_GOTO:
		case S_BREAK:
		case S_CONTINUE:
			live = false;
			break;
		case S_LOCK: {
			memcpy(held + (size_t)s->id * n, st, n);
			int id = ir_lockref_const(p, s->lock);
			if (s->op == LO_DOWNGRADE && id >= 0)
				break; /* exclusive to shared: the count is the same */
			if (id < 0 || s->op == LO_TRYLOCK || st[id] == HELD_ANY || st[id] >= 100) {
				IrStmt one = *s;
				one.next = NULL;
				held_forget(p, &one, st);
			} else if (s->op == LO_ACQUIRE)
				st[id]++;
			else if (st[id] > 0)
				st[id]--; /* (releasing what it does not hold fails there) */
			break;
		}
		default:
			break;
		}
	}
	return live;
}

void pml_held_flow(const IrProgram *p, const IrStmt *body, signed char *held)
{
	signed char *st = arena_array((size_t)p->nlocks + 1, 1); /* a thread starts holding nothing */
	held_stmts(p, body, st, held);
}
