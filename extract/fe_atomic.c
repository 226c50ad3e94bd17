/* fe_atomic.c - atomic read-modify-write (ls_atomic_*): one model step that reads and writes. */
#include "fe.h"

/*
 * ls_atomic_fetch_add/or/and/xor(p, v), ls_atomic_xchg(p, v) and
 * ls_atomic_cmpxchg(p, old, new) return the old value of *p.  Natively
 * each is one __atomic instruction; C evaluates the pointer and the
 * operands first (each read of modelled state among them a step of its own,
 * as everywhere), then the instruction reads and writes *p with no other
 * thread in between.  So the model reads *p into a fresh temporary and
 * stores the new value in ONE step (IrStmt.atomic, the exception to one
 * access a step that fe_read.c states): the store goes through fe_assign,
 * so a value outside *p's LS_RANGE is out-of-range as for a plain store,
 * checked in that same step.  The temporary is the call's value and is
 * reset when its C statement ends.  On a C local (no other thread sees it)
 * the operation is the plain read and store; on untracked data it is
 * untracked, as a plain store there is.
 */

/* The new value of *p from its old value t and the operands v. */
static IrExpr *fe_atomic_value(const char *what, IrExpr *t, IrExpr **v, SrcLoc loc)
{
	if (!strcmp(what, "xchg"))
		return v[0];
	if (!strcmp(what, "cmpxchg")) {
		IrExpr *e = ir_expr(E_COND, loc);
		e->a = fe_binop(OP_EQ, t, v[0], loc);
		e->b = v[1];
		e->c = t;
		return e;
	}
	int op = !strcmp(what, "fetch_add") ? '+' : !strcmp(what, "fetch_or") ? '|' : !strcmp(what, "fetch_and") ? '&' : '^';
	return fe_binop(op, t, v[0], loc);
}

X fe_atomic_op(Fe *fe, const char *what, Ast *arg, int n, SrcLoc loc, Seq *s)
{
	static const char *const ops[] = { "fetch_add", "fetch_or", "fetch_and", "fetch_xor", "xchg", "cmpxchg" };
	bool known = false;
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		known |= !strcmp(what, ops[i]);
	int nv = !strcmp(what, "cmpxchg") ? 2 : 1;
	if (!known || n < 1 + nv) {
		if (known)
			error_at(loc, "annotation 'lockspin:op atomic %s' takes a pointer and %d value%s, got %d arguments",
				 what, nv, nv > 1 ? "s" : "", n);
		else
			error_at(loc, "unknown annotation 'lockspin:op atomic %s'", what);
		return fe_untracked("void");
	}
	const char *text = xprintf("ls_atomic_%s(%s, %s%s%s)", what, fe_text_of(fe, fe_strip(arg[0])),
				   fe_text_of(fe, fe_strip(arg[1])), nv == 2 ? ", " : "",
				   nv == 2 ? fe_text_of(fe, fe_strip(arg[2])) : "");
	/* the pointer's object and index, then the operands, as C evaluates them */
	X lv = fe_state_lvalue(fe, fe_ev_deref(fe, arg[0], s), s, loc);
	IrExpr *v[2] = { NULL, NULL };
	for (int i = 0; i < nv; i++) {
		X x = fe_evr(fe, arg[1 + i], s);
		if (x.k == X_VAL)
			v[i] = fe_read_once(fe, s, x.e, loc);
	}
	X old = fe_rv(fe, lv, loc);
	if (old.k != X_VAL || !v[0] || (nv == 2 && !v[1])) {
		/* untracked data, or an untracked operand stored into modelled
		 * state (any value, which --explain lists) */
		fe_assign(fe, lv, fe_untracked(text), arg[0], loc, s);
		return fe_untracked(text);
	}
	IrExpr *t;
	if (lv.k == X_STATE) {
		t = fe_read_atomic(fe, s, old.e, loc);
		if (!t) {
			error_at(loc, "'%s' in an assertion: an assertion's condition cannot write modelled state", text);
			return old; /* the error is the program's: no second one about the condition */
		}
	} else {
		/* a C local: its old value kept, then the plain store */
		IrLocal *l;
		fe_emit(fe, s, fe_tmp_store(fe, "ls_old", old.e, loc, &l));
		vec_push(&fe->final_locals, l);
		vec_push(&fe->dead, l);
		t = fe_e_local(l->id, loc);
	}
	fe->store_c = NULL;
	fe_assign(fe, lv, fe_val(fe_atomic_value(what, t, v, loc), old.ptype), arg[0], loc, s);
	return fe_val(t, old.ptype);
}
