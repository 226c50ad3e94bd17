/* fe_expr.c - expressions: values, IR building, ranges, run-time checks, modelled function pointers, members, operators. */
#include "fe.h"

/* ---- expressions ------------------------------------------------------------ */
X fe_untracked(const char *why)
{
	return (X){ .k = X_UNTRACKED, .why = why, .ptype = -1 };
}

X fe_val(IrExpr *e, int ptype)
{
	return (X){ .k = X_VAL, .e = e, .ptype = ptype };
}

IrExpr *fe_e_local(int id, SrcLoc loc)
{
	IrExpr *e = ir_expr(E_LOCAL, loc);
	e->var = id;
	return e;
}

IrExpr *fe_e_var(Fe *fe, int id, IrExpr *inst, IrExpr *idx, SrcLoc loc)
{
	IrExpr *e = ir_expr(E_VAR, loc);
	e->var = id;
	e->a = fe->p->vars[id]->type ? inst : NULL;
	e->b = idx;
	return e;
}

bool fe_is_const(const IrExpr *e)
{
	return e && e->kind == E_CONST;
}

IrExpr *fe_unop(int op, IrExpr *a, SrcLoc loc)
{
	if (fe_is_const(a))
		return ir_const(op == '-' ? -a->value : op == '!' ? !a->value : ~a->value, loc);
	IrExpr *e = ir_expr(E_UNOP, loc);
	e->op = op;
	e->a = a;
	return e;
}

IrExpr *fe_binop(int op, IrExpr *a, IrExpr *b, SrcLoc loc)
{
	int r;
	if (fe_is_const(a) && fe_is_const(b) && ir_const_binop(op, a->value, b->value, &r))
		return ir_const(r, loc);
	return ir_binop(op, a, b, loc);
}

/* Bounds of e without reading any local; false if unbounded. */
bool fe_expr_range(Fe *fe, const IrExpr *e, long *lo, long *hi)
{
	long a, b, c, d;
	switch (e->kind) {
	case E_CONST:
		*lo = *hi = e->value;
		return true;
	case E_VAR:
		*lo = fe->p->vars[e->var]->lo, *hi = fe->p->vars[e->var]->hi;
		return true;
	case E_CHOOSE:
		*lo = 0, *hi = e->value - 1;
		return true;
	case E_LOCAL: {
		/* only ranges that cannot widen any more */
		IrLocal *l = fe->t->locals[e->var];
		bool final = l->vk != VK_INT;
		for (int i = 0; i < fe->final_locals.len && !final; i++)
			final = fe->final_locals.data[i] == l;
		*lo = l->lo, *hi = l->hi;
		return final;
	}
	case E_HELD:
		*lo = 0, *hi = 1;
		return true;
	case E_UNOP:
		if (e->op == '!') {
			*lo = 0, *hi = 1;
			return true;
		}
		if (e->op == '-' && fe_expr_range(fe, e->a, &a, &b)) {
			*lo = -b, *hi = -a;
			return true;
		}
		return false;
	case E_COND:
		if (!fe_expr_range(fe, e->b, &a, &b) || !fe_expr_range(fe, e->c, &c, &d))
			return false;
		*lo = a < c ? a : c, *hi = b > d ? b : d;
		return true;
	case E_BINOP:
		switch (e->op) {
		case '<': case '>': case OP_LE: case OP_GE: case OP_EQ: case OP_NE: case OP_LAND: case OP_LOR:
			*lo = 0, *hi = 1;
			return true;
		case '+': case '-':
			if (!fe_expr_range(fe, e->a, &a, &b) || !fe_expr_range(fe, e->b, &c, &d))
				return false;
			if (e->op == '+')
				*lo = a + c, *hi = b + d;
			else
				*lo = a - d, *hi = b - c;
			return *lo > -100000 && *hi < 100000;
		case '&':
			/* x & c, c >= 0: 0..c */
			if (fe_is_const(e->b) && e->b->value >= 0) {
				*lo = 0, *hi = e->b->value;
				return true;
			}
			if (fe_is_const(e->a) && e->a->value >= 0) {
				*lo = 0, *hi = e->a->value;
				return true;
			}
			return false;
		case '%':
			if (fe_is_const(e->b) && e->b->value > 0) {
				bool nonneg = fe_expr_range(fe, e->a, &a, &b) && a >= 0;
				*lo = nonneg ? 0 : -(e->b->value - 1), *hi = e->b->value - 1;
				return true;
			}
			return false;
		default:
			return false;
		}
	default:
		return false;
	}
}

/* The C type of local l as the model holds it (fe_int_type_range); a
 * temporary of the lowering is an int. */
const LocalType *fe_local_type(Fe *fe, const IrLocal *l)
{
	static const LocalType int_type = { NULL, INT_MIN, INT_MAX, false };
	for (int i = fe->ltypes.len - 1; i >= 0; i--) {
		const LocalType *lt = fe->ltypes.data[i];
		if (lt->l == l)
			return lt;
	}
	return &int_type;
}

void fe_set_local_type(Fe *fe, IrLocal *l, AstType t)
{
	LocalType *lt = arena_alloc(sizeof(*lt));
	lt->l = l;
	fe_int_type_range(t, &lt->lo, &lt->hi, &lt->wrap);
	vec_push(&fe->ltypes, lt);
}

/* l's range grown by what rhs can be: the range of rhs, else all of the C
 * type's (never the bounds of a guess), within the type's (a store beyond
 * wraps into it or is checked, fe_assign). */
void fe_widen_local(Fe *fe, IrLocal *l, const IrExpr *rhs)
{
	long lo, hi;
	if (l->vk == VK_BOOL || l->vk == VK_PTR || l->vk == VK_FN)
		return;
	const LocalType *lt = fe_local_type(fe, l);
	if (!fe_expr_range(fe, rhs, &lo, &hi))
		lo = lt->lo, hi = lt->hi;
	if (lo < lt->lo)
		lo = lt->lo;
	if (hi > lt->hi)
		hi = lt->hi;
	if (lo < l->lo)
		l->lo = (int)lo;
	if (hi > l->hi)
		l->hi = (int)hi;
}

/* e converted to the C type lo..hi narrower than int, as C converts it:
 * modulo 2^N into the range. */
IrExpr *fe_wrap_int(IrExpr *e, int lo, int hi, SrcLoc loc)
{
	IrExpr *m = fe_binop('&', lo ? fe_binop('-', e, ir_const(lo, loc), loc) : e, ir_const(hi - lo, loc), loc);
	return lo ? fe_binop('+', m, ir_const(lo, loc), loc) : m;
}

/* ---- run-time checks ------------------------------------------------------------- */
/*
 * C has operations the model cannot carry out faithfully: a store that
 * leaves the variable's range (Promela would wrap it), a dereference of
 * NULL (slot 0 of every state variable is a phantom object), an index
 * outside the array (slot -1 is the phantom, past the end pan stops with
 * "invalid array index") and a division by zero (pan dies of SIGFPE).
 * Each is checked just before the statement that does it: an implicit
 * assertion whose failure is its own verdict, atomic with the store it
 * guards.  native (C text, true when safe) is its twin for replay on the
 * real code, tested by the instrumented copy at the statement's point.
 */
IrStmt *fe_guard_check(Fe *fe, Seq *s, IrExpr *ok, int verdict, const char *what, SrcLoc loc, const char *native)
{
	return fe_guard_check_at(fe, s, ok, verdict, what, loc, native, ast_getNullCursor());
}

IrStmt *fe_guard_check_at(Fe *fe, Seq *s, IrExpr *ok, int verdict, const char *what, SrcLoc loc, const char *native,
			  Ast at)
{
	if (!s || !fe->t || (ok && fe_is_const(ok) && ok->value))
		return NULL;
	IrStmt *ck = ir_stmt(S_ASSERT, loc);
	if (ok && fe->ctx) {
		IrExpr *n = ir_expr(E_UNOP, loc);
		n->op = '!';
		n->a = fe->ctx;
		ok = ir_binop(OP_LOR, n, ok, loc);
	}
	if (!ok && fe->ctx) { /* bounded later (range_checks_finish): off the context, it holds */
		IrExpr *n = ir_expr(E_UNOP, loc);
		n->op = '!';
		n->a = fe->ctx;
		ok = n;
	}
	ck->cond = ok;
	ck->text = what;
	ck->implicit = true;
	ck->violation = verdict;
	ck->guard = true;
	fe_emit(fe, s, ck);
	AstLoc ends[2];
	unsigned off[2];
	bool stmt = !fe->ctx_bad && fe->pt.loc.file && !fe->pt.after;
	if (native && (stmt || (!ast_Cursor_isNull(at) && fe_native_span(fe, at, ends, off) && off[1] > off[0]))) {
		IrNativeCheck *nc = arena_array((size_t)fe->p->nnchecks + 1, sizeof(IrNativeCheck));
		if (fe->p->nnchecks)
			memcpy(nc, fe->p->nchecks, sizeof(IrNativeCheck) * (size_t)fe->p->nnchecks);
		/* in the operand itself the context needs no test: C evaluates it only there */
		nc[fe->p->nnchecks++] = stmt ? (IrNativeCheck){ fe->pt.loc.file, fe->pt.offset, loc.line,
								 verdict_name((Verdict)verdict),
								 fe->ctx_c ? xprintf("!(%s) || (%s)", fe->ctx_c, native) : native,
								 what, 0 }
					     : (IrNativeCheck){ fe_loc_at(fe, ends[0]).file, off[0], loc.line,
								 verdict_name((Verdict)verdict), native, what, off[1] };
		fe->p->nchecks = nc;
		ck->native_twin = true;
	}
	return ck;
}

IrExpr *fe_in_range(IrExpr *v, long lo, long hi, SrcLoc loc)
{
	return ir_binop(OP_LAND, ir_binop(OP_GE, v, ir_const((int)lo, loc), loc),
			ir_binop(OP_LE, v, ir_const((int)hi, loc), loc), loc);
}

void fe_range_checks_finish(Fe *fe)
{
	for (int i = 0; i < fe->range_checks.len; i++) {
		RangeCheck *rc = fe->range_checks.data[i];
		SrcLoc loc = rc->ck->loc;
		IrExpr *ok = !rc->all_ones ? fe_in_range(rc->value, rc->l->lo, rc->l->hi, loc)
			     : rc->l->lo < 0 ? ir_binop(OP_NE, rc->value, ir_const(-1, loc), loc)
					     : ir_const(1, loc); /* holds: ir_slice drops it */
		rc->ck->cond = rc->ck->cond && !fe_is_const(ok) ? ir_binop(OP_LOR, rc->ck->cond, ok, loc) : ok;
	}
	fe->range_checks.len = 0;
}

/* The range of a C int, which a Promela int holds: where a value's bounds
 * are not known, they are the C type's (a store beyond them is C's own
 * overflow). */
void fe_int_range(long *lo, long *hi)
{
	*lo = INT_MIN;
	*hi = INT_MAX;
}

/* Whether e reads an ls_choose(): a check must not choose again. */
static bool fe_has_choose(const IrExpr *e)
{
	return e && (e->kind == E_CHOOSE || fe_has_choose(e->a) || fe_has_choose(e->b) || fe_has_choose(e->c));
}

/* *l = e for a new int local *l (named after base) over the range of e,
 * or an int's when e is unbounded; the assignment is not yet emitted. */
IrStmt *fe_tmp_store(Fe *fe, const char *base, IrExpr *e, SrcLoc loc, IrLocal **l)
{
	long lo, hi;
	if (!fe_expr_range(fe, e, &lo, &hi))
		fe_int_range(&lo, &hi);
	*l = fe_new_local(fe, base, VK_INT, (int)lo, (int)hi, -1, loc);
	IrStmt *as = ir_stmt(S_ASSIGN, loc);
	as->lhs = fe_e_local((*l)->id, loc);
	as->rhs = e;
	return as;
}

/* e, read once: an expression that reads modelled state or has an
 * ls_choose() is stored in a temporary first, so that a run-time check and
 * the operation it guards see the same value (a read of state: as C reads
 * it, by a step of its own, fe_read_once). */
IrExpr *fe_pin(Fe *fe, Seq *s, IrExpr *e, SrcLoc loc)
{
	if (!s || !fe->t)
		return e;
	if (fe_reads_state(e) && !fe->one_step)
		return fe_read_temp(fe, s, e, loc, false);
	if (!fe_has_choose(e))
		return e;
	IrLocal *l;
	fe_emit(fe, s, fe_tmp_store(fe, "tmp", e, loc, &l));
	vec_push(&fe->final_locals, l);
	return fe_e_local(l->id, loc);
}

/* The divisor b (C text bc) of a / or %: never zero. */
static void fe_div_check(Fe *fe, X *b, Ast bc, Seq *s, SrcLoc loc)
{
	long lo, hi;
	if (fe_expr_range(fe, b->e, &lo, &hi) && (lo > 0 || hi < 0))
		return;
	b->e = fe_pin(fe, s, b->e, loc);
	const char *t = fe_text_of(fe, bc), *nt = fe_native_text(fe, bc);
	fe_guard_check(fe, s, ir_binop(OP_NE, b->e, ir_const(0, loc), loc), V_DIV_ZERO,
		    xprintf("division by '%s', which may be zero", t), loc, nt ? xprintf("(%s) != 0", nt) : NULL);
}

/* Evaluate the right side of && / || or a branch of ?: under the
 * context "cond is true" (neg: false). */
static CtxSave fe_ctx_push(Fe *fe, X *cond, Ast cc, bool neg, SrcLoc loc, Seq *s)
{
	CtxSave sv = { fe->ctx, fe->ctx_c, fe->ctx_bad };
	/* C reads the left side first: it is read before the right side runs */
	if (cond->k == X_VAL)
		cond->e = fe_read_once(fe, s, cond->e, loc);
	/* an untracked condition may be either: the check then always applies */
	if (cond->k == X_VAL && !fe_has_choose(cond->e)) {
		IrExpr *c = cond->e;
		if (neg) {
			IrExpr *n = ir_expr(E_UNOP, loc);
			n->op = '!';
			n->a = c;
			c = n;
		}
		fe->ctx = fe->ctx ? ir_binop(OP_LAND, fe->ctx, c, loc) : c;
	}
	const char *nt = fe_native_text(fe, cc);
	const char *t = xprintf("%s(%s)", neg ? "!" : "", nt ? nt : "");
	fe->ctx_c = fe->ctx_c ? xprintf("(%s) && %s", fe->ctx_c, t) : t;
	fe->ctx_bad = fe->ctx_bad || !nt;
	return sv;
}

static void fe_ctx_pop(Fe *fe, CtxSave sv)
{
	fe->ctx = sv.ctx;
	fe->ctx_c = sv.ctx_c;
	fe->ctx_bad = sv.ctx_bad;
}

/* Any value of lo..hi. */
IrExpr *fe_any_value(int lo, int hi, SrcLoc loc)
{
	if ((long)hi - lo + 1 > 256) {
		error_at(loc, "any value of %d..%d, more than the model enumerates (256), cannot be modelled", lo, hi);
		return ir_const(lo, loc);
	}
	IrExpr *e = ir_expr(E_CHOOSE, loc);
	e->value = hi - lo + 1;
	return lo ? fe_binop('+', e, ir_const(lo, loc), loc) : e;
}


X fe_resolve(Fe *fe, X x)
{
	if (x.k != X_BIND)
		return x;
	Binding *b = x.b;
	switch (b->kind) {
	case B_VAL:
		return b->x;
	case B_LOCAL: {
		IrLocal *l = fe->t->locals[b->local];
		return (X){ .k = X_LOCAL, .id = b->local, .ptype = l->vk == VK_PTR ? l->ptr_type : -1 };
	}
	default:
		return fe_untracked(b->name);
	}
}

X fe_rv(Fe *fe, X x, SrcLoc loc)
{
	x = fe_resolve(fe, x);
	if (x.k == X_STATE) {
		IrVar *v = fe->p->vars[x.id];
		return fe_val(fe_e_var(fe, x.id, x.e, x.idx, loc), v->vk == VK_PTR ? v->ptr_type : -1);
	}
	if (x.k == X_LOCAL)
		return fe_val(fe_e_local(x.id, loc), x.ptype);
	return x;
}

X fe_evr(Fe *fe, Ast c, Seq *s)
{
	X x = fe_resolve(fe, fe_ev(fe, c, s));
	bool state = x.k == X_STATE;
	x = fe_rv(fe, x, fe_loc_of(fe, c));
	if (state && x.k == X_VAL)
		fe_note_read(fe, x.e, c); /* a read of c, as an rvalue */
	return x;
}

/* ---- modelled function pointers (VK_FN) -------------------------------------- */
/* The VK_FN variable x reads, or NULL. */
const IrVar *fe_fn_var_of(Fe *fe, X x)
{
	if (x.k == X_STATE && fe->p->vars[x.id]->vk == VK_FN)
		return fe->p->vars[x.id];
	if (x.k == X_VAL && x.e && x.e->kind == E_VAR && fe->p->vars[x.e->var]->vk == VK_FN)
		return fe->p->vars[x.e->var];
	return NULL;
}

/* The value of function fn in v: k for its k-th target, 0 if it is none. */
static int fe_fn_index(const IrVar *v, Ast fn)
{
	const char *name = fe_spelling(fn);
	for (int k = 1; k <= v->hi; k++)
		if (!strcmp(v->targets[k], name))
			return k;
	return 0;
}

static bool fe_same_targets(const IrVar *a, const IrVar *b)
{
	if (a->hi != b->hi)
		return false;
	for (int k = 1; k <= a->hi; k++)
		if (strcmp(a->targets[k], b->targets[k]))
			return false;
	return true;
}

/* rhs as a value of the function pointer v (lhs_c: its C text): a target
 * is its index, NULL 0, another pointer with the same targets its value;
 * anything else is untracked.  *bad after an error. */
X fe_fn_value(Fe *fe, const IrVar *v, X rhs, Ast lhs_c, SrcLoc loc, bool *bad)
{
	*bad = false;
	if (rhs.k == X_FUNC) {
		int k = fe_fn_index(v, rhs.fn);
		if (!k) {
			error_at(loc, "'%s' is not one of the LS_TARGETS of '%s'", fe_spelling(rhs.fn), fe_text_of(fe, lhs_c));
			*bad = true;
		}
		return fe_val(ir_const(k, loc), -1);
	}
	if (rhs.k == X_VAL && fe_is_const(rhs.e) && rhs.e->value == 0)
		return rhs;
	const IrVar *o = fe_fn_var_of(fe, rhs);
	if (o && fe_same_targets(o, v))
		return rhs;
	return rhs.k == X_UNTRACKED ? rhs : fe_untracked(fe_text_of(fe, lhs_c));
}

/* ---- names, members, indexing and operators ---------------------------------- */
Binding *fe_find_binding(Fe *fe, Ast decl)
{
	if (!fe->frame)
		return NULL;
	for (int i = fe->frame->binds.len - 1; i >= 0; i--) {
		Binding *b = fe->frame->binds.data[i];
		if (fe_same(b->decl, decl))
			return b;
	}
	return NULL;
}

X fe_member(Fe *fe, X obj, const char *fname, Ast whole)
{
	Struct *st = obj.st;
	const char *path = xprintf("%s%s", obj.pfx ? obj.pfx : "", fname);
	size_t pl = strlen(path);
	for (int i = 0; i < st->nf; i++) {
		Field *f = &st->f[i];
		if (!strcmp(f->path, path)) {
			if (f->kind == FK_POINTS)
				return fe_points_value(fe, f, obj, fe_loc_of(fe, whole));
			if (f->id < 0)
				return fe_untracked(fe_text_of(fe, whole));
			X r = { .k = f->kind == FK_LOCK ? (f->arrlen > 1 ? X_LOCKARR : X_LOCK)
						       : (f->arrlen > 1 ? X_STATEARR : X_STATE),
				.id = f->id, .e = obj.e, .ptype = -1 };
			return r;
		}
	}
	for (int i = 0; i < st->nf; i++)
		if (!strncmp(st->f[i].path, path, pl) && st->f[i].path[pl] == '.') {
			X r = obj;
			r.pfx = xprintf("%s.", path);
			return r;
		}
	/* reached: what the objects pass left out is an error here */
	for (int i = 0; i + 1 < st->unmodelled.len; i += 2)
		if (!strcmp(st->unmodelled.data[i], path)) {
			error_at(fe_loc_of(fe, whole), "'%s': %s", fe_text_of(fe, whole),
				 (const char *)st->unmodelled.data[i + 1]);
			return fe_untracked(fe_text_of(fe, whole));
		}
	return fe_untracked(fe_text_of(fe, whole));
}

/* The object a pointer value points to.  A pointer that may be NULL is
 * checked first: slot 0 of every variable is the phantom NULL object. */
X fe_deref(Fe *fe, X p, Ast base, Seq *s)
{
	if (p.k == X_VAL && p.ptype >= 0 && fe->type_struct[p.ptype]) {
		long lo, hi;
		if (!(fe_expr_range(fe, p.e, &lo, &hi) && lo > 0)) {
			SrcLoc loc = fe_loc_of(fe, base);
			const char *bt = fe_text_of(fe, base), *nt = fe_native_text(fe, base);
			p.e = fe_pin(fe, s, p.e, loc);
			fe_guard_check(fe, s, ir_binop(OP_NE, p.e, ir_const(0, loc), loc), V_NULL_DEREF,
				    xprintf("dereference of '%s', which may be NULL", bt), loc,
				    nt ? xprintf("(%s) != 0", nt) : NULL);
		}
		return (X){ .k = X_OBJ, .st = fe->type_struct[p.ptype], .e = p.e, .pfx = "", .ptype = -1 };
	}
	if (p.k == X_UNTRACKED)
		return p;
	if (p.k == X_OBJ && p.addr) {
		p.addr = false;
		return p;
	}
	return fe_untracked(fe_text_of(fe, base));
}


static int fe_ir_binop_of(AstBinOp k)
{
	switch (k) {
	case AST_BO_Mul: case AST_BO_MulAssign: return '*';
	case AST_BO_Div: case AST_BO_DivAssign: return '/';
	case AST_BO_Rem: case AST_BO_RemAssign: return '%';
	case AST_BO_Add: case AST_BO_AddAssign: return '+';
	case AST_BO_Sub: case AST_BO_SubAssign: return '-';
	case AST_BO_Shl: case AST_BO_ShlAssign: return OP_SHL;
	case AST_BO_Shr: case AST_BO_ShrAssign: return OP_SHR;
	case AST_BO_LT: return '<';
	case AST_BO_GT: return '>';
	case AST_BO_LE: return OP_LE;
	case AST_BO_GE: return OP_GE;
	case AST_BO_EQ: return OP_EQ;
	case AST_BO_NE: return OP_NE;
	case AST_BO_And: case AST_BO_AndAssign: return '&';
	case AST_BO_Xor: case AST_BO_XorAssign: return '^';
	case AST_BO_Or: case AST_BO_OrAssign: return '|';
	case AST_BO_LAnd: return OP_LAND;
	case AST_BO_LOr: return OP_LOR;
	default: return 0;
	}
}

/* An operator expression: its operands k (as many as the operator takes) and its location. */
typedef X FeOperatorFn(Fe *fe, Ast c, Kids k, SrcLoc loc, Seq *s);

/* The lvalue x of a read-modify-write (x++, x += e): modelled state has its
 * object and index read once, first, as C evaluates the lvalue once. */
X fe_state_lvalue(Fe *fe, X x, Seq *s, SrcLoc loc)
{
	X r = fe_resolve(fe, x);
	if (r.k != X_STATE)
		return x;
	if (r.e)
		r.e = fe_read_once(fe, s, r.e, loc);
	if (r.idx)
		r.idx = fe_read_once(fe, s, r.idx, loc);
	return r;
}

/* The value of an assignment expression to lhs that stored v: for modelled
 * state the value stored (C does not read the variable again, and another
 * thread may have changed it since), else the local. */
static X fe_stored_value(Fe *fe, X lhs, IrExpr *v, SrcLoc loc)
{
	X r = fe_rv(fe, lhs, loc);
	if (fe_resolve(fe, lhs).k == X_STATE && r.k == X_VAL && v && !fe_has_choose(v))
		r.e = v;
	return r;
}

/* Evaluate operator expression c with fn once it has its n operands; with another count (clang
 * recovered from an error, or an extension this stage does not know) c is untracked. */
static X fe_ev_operator(Fe *fe, Ast c, int n, FeOperatorFn *fn, Seq *s)
{
	Kids k = fe_expr_kids(c);
	if (k.n != n)
		return fe_untracked(fe_text_of(fe, c));
	return fn(fe, c, k, fe_loc_of(fe, c), s);
}

/* a[i] */
static X fe_op_index(Fe *fe, Ast c, Kids k, SrcLoc loc, Seq *s)
{
	X base = fe_resolve(fe, fe_ev(fe, k.c[0], s));
	X idx = fe_evr(fe, k.c[1], s);
	if (base.k == X_UNTRACKED)
		return base;
	bool ptr = base.k != X_UNTRACKED && fe_rv(fe, base, loc).k == X_VAL && fe_rv(fe, base, loc).ptype >= 0;
	if (base.k != X_OBJARR && base.k != X_LOCKARR && base.k != X_STATEARR && base.k != X_PTRARR && !ptr)
		return fe_untracked(fe_text_of(fe, k.c[0]));
	if (idx.k != X_VAL || idx.ptype >= 0)
		return fe_untracked(idx.k == X_UNTRACKED ? idx.why : fe_text_of(fe, k.c[1]));
	if (ptr)
		return fe_index_pointer(fe, fe_rv(fe, base, loc), idx, c, k, loc, s);
	int len = base.k == X_OBJARR || base.k == X_PTRARR ? base.len
		: base.k == X_LOCKARR ? fe->p->classes[base.id]->arrlen : fe->p->vars[base.id]->arrlen;
	if (fe_is_const(idx.e) && (idx.e->value < 0 || idx.e->value >= len)) {
		error_at(loc, "index %d of '%s' is outside 0..%d", idx.e->value, fe_text_of(fe, k.c[0]), len - 1);
		return fe_untracked(fe_text_of(fe, c));
	}
	long ilo, ihi;
	if (!(fe_expr_range(fe, idx.e, &ilo, &ihi) && ilo >= 0 && ihi < len)) {
		const char *it = fe_text_of(fe, k.c[1]), *nt = fe_native_text(fe, k.c[1]);
		idx.e = fe_pin(fe, s, idx.e, loc);
		fe_guard_check(fe, s, fe_in_range(idx.e, 0, len - 1, loc), V_OUT_OF_BOUNDS,
			    xprintf("index '%s' of '%s' outside 0..%d", it, fe_text_of(fe, k.c[0]), len - 1), loc,
			    nt ? xprintf("(%s) >= 0 && (%s) < %d", nt, nt, len) : NULL);
	}
	X r = base;
	if (base.k == X_PTRARR) /* d->vcpu[i]: a pointer to object i */
		return fe_val(fe_binop('+', ir_const(base.base, loc), idx.e, loc), base.st->type);
	if (base.k == X_OBJARR) {
		r.k = X_OBJ;
		r.e = fe_binop('+', ir_const(base.base, loc), idx.e, loc);
		r.pfx = "";
	} else {
		r.k = base.k == X_LOCKARR ? X_LOCK : X_STATE;
		r.idx = idx.e;
	}
	return r;
}

X fe_ev_index(Fe *fe, Ast c, Seq *s)
{
	return fe_ev_operator(fe, c, 2, fe_op_index, s);
}

X fe_ev_decl_ref(Fe *fe, Ast c)
{
	Ast r = ast_getCursorReferenced(c);
	SrcLoc loc = fe_loc_of(fe, c);
	AstKind rk = ast_getCursorKind(r);
	if (rk == AST_EnumConstantDecl)
		return fe_val(ir_const((int)ast_getEnumConstantDeclValue(r), loc), -1);
	if (rk == AST_FunctionDecl)
		return (X){ .k = X_FUNC, .fn = r, .ptype = -1 };
	Binding *b = fe_find_binding(fe, r);
	if (b)
		return (X){ .k = X_BIND, .b = b, .ptype = -1 };
	Global *g = fe_global_of(fe, r);
	if (g) {
		switch (g->kind) {
		case G_OBJ:
			if (g->len)
				return (X){ .k = X_OBJARR, .st = g->st, .base = g->base, .len = g->len, .ptype = -1 };
			return (X){ .k = X_OBJ, .st = g->st, .e = ir_const(g->base, loc), .pfx = "", .ptype = -1 };
		case G_LOCK:
			return (X){ .k = g->len ? X_LOCKARR : X_LOCK, .id = g->f.id, .ptype = -1 };
		case G_STATE:
			if (g->f.id < 0)
				break;
			return (X){ .k = g->len ? X_STATEARR : X_STATE, .id = g->f.id, .ptype = -1 };
		case G_PTR: {
			/* a constant: the object's instance (an ops table, set once at boot) */
			Global *o = fe_global_of(fe, g->f.points->with);
			Struct *want = fe_struct_of(fe, ast_getPointeeType(ast_getCanonicalType(ast_getCursorType(g->decl))));
			if (!o || o->kind != G_OBJ || o->len || o->st != want) {
				error_at(g->f.points->loc, "LS_GLOBAL_POINTS_TO: '%s' is not a global object of 'struct %s', "
					 "what '%s' points to", fe_spelling(g->f.points->with), want ? want->name : "?", g->name);
				return fe_untracked(g->name);
			}
			return fe_val(ir_const(o->base, loc), o->st->type);
		}
		}
	}
	long long v;
	if (fe_eval_int(c, &v))
		return fe_val(ir_const((int)v, loc), -1);
	return fe_untracked(fe_spelling(c));
}

/* op a, a++, a-- */
/* *p, the object the C pointer expression p points to (also the object of
 * an atomic operation, fe_atomic.c). */
X fe_ev_deref(Fe *fe, Ast p, Seq *s)
{
	/* *&x is x (set_bit(nr, &d->flags) is *(&d->flags) |= ...) */
	Ast in = fe_strip(p);
	if (ast_getCursorKind(in) == AST_UnaryOperator && ast_getCursorUnaryOperatorKind(in) == AST_UO_AddrOf) {
		Kids ik = fe_expr_kids(in);
		if (ik.n == 1)
			return fe_ev(fe, ik.c[0], s);
	}
	X x = fe_evr(fe, p, s);
	if (x.k == X_LOCK) {
		x.addr = false;
		return x;
	}
	if (x.k == X_ADDR)
		return (X){ .k = X_BIND, .b = x.b, .ptype = -1 };
	if (x.k == X_FUNC)
		return x;
	return fe_deref(fe, x, p, s);
}

static X fe_op_unary(Fe *fe, Ast c, Kids k, SrcLoc loc, Seq *s)
{
	AstUnOp op = ast_getCursorUnaryOperatorKind(c);
	switch (op) {
	case AST_UO_AddrOf: {
		X x = fe_ev(fe, k.c[0], s);
		if (x.k == X_BIND) /* a pointer to a C local: *p is that local again */
			return (X){ .k = X_ADDR, .b = x.b, .ptype = -1 };
		x = fe_resolve(fe, x);
		if (x.k == X_OBJ && (!x.pfx || !*x.pfx))
			return fe_val(x.e, x.st->type);
		if (x.k == X_OBJ) { /* &d->p2m: a pointer to a nested part, kept as the part */
			x.addr = true;
			return x;
		}
		if (x.k == X_LOCK || x.k == X_LOCKARR) {
			x.addr = true;
			return x;
		}
		if (x.k == X_FUNC || x.k == X_UNTRACKED)
			return x;
		return fe_untracked(fe_text_of(fe, c));
	}
	case AST_UO_Deref:
		return fe_ev_deref(fe, k.c[0], s);
	case AST_UO_PostInc:
	case AST_UO_PostDec:
	case AST_UO_PreInc:
	case AST_UO_PreDec: {
		int d = op == AST_UO_PostInc || op == AST_UO_PreInc ? 1 : -1;
		bool post = op == AST_UO_PostInc || op == AST_UO_PostDec;
		X lhs = fe_state_lvalue(fe, fe_ev(fe, k.c[0], s), s, loc);
		X old = fe_rv(fe, lhs, loc);
		const char *nl = fe_native_text(fe, k.c[0]);
		if (nl)
			fe->store_c = xprintf("(long long)(%s) %c 1", nl, d > 0 ? '+' : '-');
		if (old.k != X_VAL) {
			fe_assign(fe, lhs, old, k.c[0], loc, s);
			return old;
		}
		/* modelled state: read, then written in a step of its own; the
		 * value is what was read or stored, never read again */
		bool state = lhs.k == X_STATE;
		if (state)
			old.e = fe_read_once(fe, s, old.e, loc);
		IrExpr *v = fe_assign(fe, lhs, fe_val(fe_binop('+', old.e, ir_const(d, loc), loc), old.ptype), k.c[0], loc, s);
		if (state && v && !fe_has_choose(v))
			return fe_val(post ? old.e : v, old.ptype);
		X now = fe_rv(fe, lhs, loc);
		if (now.k == X_VAL && (op == AST_UO_PostInc || op == AST_UO_PostDec))
			now.e = fe_binop('-', now.e, ir_const(d, loc), loc);
		return now;
	}
	case AST_UO_Plus:
	case AST_UO_Extension:
		return fe_evr(fe, k.c[0], s);
	case AST_UO_Minus:
	case AST_UO_Not:
	case AST_UO_LNot: {
		X x = fe_evr(fe, k.c[0], s);
		if (x.k == X_LOCK || x.k == X_FUNC || x.k == X_OBJ)
			x = fe_val(ir_const(1, loc), -1); /* a non-null address */
		if (x.k != X_VAL)
			return x.k == X_UNTRACKED ? x : fe_untracked(fe_text_of(fe, k.c[0]));
		int o = op == AST_UO_Minus ? '-' : op == AST_UO_Not ? '~' : '!';
		return fe_val(fe_unop(o, x.e, loc), -1);
	}
	default: {
		/* __real__, __imag__: a value of complex type, untracked; its
		 * operand still runs */
		long long v;
		if (fe_eval_int(c, &v))
			return fe_val(ir_const((int)v, loc), -1);
		X x = fe_ev(fe, k.c[0], s);
		return x.k == X_UNTRACKED ? x : fe_untracked(fe_text_of(fe, c));
	}
	}
}

X fe_ev_unary(Fe *fe, Ast c, Seq *s)
{
	return fe_ev_operator(fe, c, 1, fe_op_unary, s);
}

/* a && b, a || b where b has side effects: t = a; if (t) t = b (|| : if (!t)). */
static X fe_ev_shortcircuit(Fe *fe, Ast c, Kids k, int op, Seq *s)
{
	SrcLoc loc = fe_loc_of(fe, c);
	IrLocal *t = fe_new_local(fe, "ls_cond", VK_BOOL, 0, 1, -1, loc);
	const char *why;
	IrExpr *a = fe_test_expr(fe, k.c[0], s, &why);
	IrStmt *as = ir_stmt(S_ASSIGN, loc);
	as->lhs = fe_e_local(t->id, loc);
	as->rhs = a ? fe_binop(OP_NE, a, ir_const(0, loc), loc) : fe_any_value(0, 1, loc);
	fe_emit(fe, s, as);
	Seq bs = { 0 };
	X b = fe_evr(fe, k.c[1], &bs);
	if (b.k == X_VAL)
		fe_split_reads(fe, &bs, &b.e, 1, 1, loc);
	IrStmt *bas = ir_stmt(S_ASSIGN, loc);
	bas->lhs = fe_e_local(t->id, loc);
	bas->rhs = b.k == X_VAL ? fe_binop(OP_NE, b.e, ir_const(0, loc), loc) : fe_any_value(0, 1, loc);
	if (b.k != X_VAL)
		fe_add_note(fe, fe_loc_of(fe, k.c[1]), xprintf("value of '%s' over untracked data: either truth value",
						 fe_text_of(fe, k.c[1])));
	fe_emit(fe, &bs, bas);
	IrStmt *ifs = ir_stmt(S_IF, loc);
	IrExpr *te = fe_e_local(t->id, loc);
	ifs->cond = op == OP_LAND ? te : fe_unop('!', te, loc);
	ifs->then = fe_wrap(&bs, loc);
	fe_emit(fe, s, ifs);
	return fe_val(fe_e_local(t->id, loc), -1);
}

static bool fe_is_null(X x)
{
	return x.k == X_VAL && fe_is_const(x.e) && x.e->value == 0 && x.ptype < 0;
}

static IrExpr *fe_same_value(IrExpr *a, IrExpr *b, SrcLoc loc)
{
	if (!a && !b)
		return ir_const(1, loc);
	return fe_binop(OP_EQ, a ? a : ir_const(0, loc), b ? b : ir_const(0, loc), loc);
}

/* a == b for two lock or function addresses: the same function, or the
 * same lock class with the same instance and index (the IR's lock identity). */
static IrExpr *fe_pointer_identity(Fe *fe, X a, X b, SrcLoc loc)
{
	if (a.k != b.k)
		return ir_const(0, loc);
	if (a.k == X_FUNC)
		return ir_const(fe_same(a.fn, b.fn), loc);
	if (a.id != b.id)
		return ir_const(0, loc);
	IrLockClass *cl = fe->p->classes[a.id];
	IrExpr *inst = cl->type ? fe_same_value(a.e, b.e, loc) : ir_const(1, loc);
	IrExpr *idx = cl->arrlen > 1 ? fe_same_value(a.idx, b.idx, loc) : ir_const(1, loc);
	return fe_binop(OP_LAND, inst, idx, loc);
}

/* a op b, a = b, a op= b */
static X fe_op_binary(Fe *fe, Ast c, Kids k, SrcLoc loc, Seq *s)
{
	AstBinOp bk = ast_getCursorBinaryOperatorKind(c);
	if (bk == AST_BO_Assign) {
		X lhs = fe_ev(fe, k.c[0], s);
		X rhs = fe_ev(fe, k.c[1], s);
		const char *nr = fe_native_text(fe, k.c[1]);
		if (nr && fe_native_text(fe, k.c[0]))
			fe->store_c = xprintf("(long long)(%s)", nr);
		return fe_stored_value(fe, lhs, fe_assign(fe, lhs, rhs, k.c[0], loc, s), loc);
	}
	if (bk >= AST_BO_MulAssign && bk <= AST_BO_OrAssign) {
		X lhs = fe_state_lvalue(fe, fe_ev(fe, k.c[0], s), s, loc);
		X rhs = fe_evr(fe, k.c[1], s);
		int cop = fe_ir_binop_of(bk);
		if ((cop == '/' || cop == '%') && rhs.k == X_VAL)
			fe_div_check(fe, &rhs, k.c[1], s, loc);
		X old = fe_rv(fe, lhs, loc);
		if (lhs.k == X_STATE && old.k == X_VAL)
			old.e = fe_read_once(fe, s, old.e, loc); /* read, then written in a step of its own */
		const char *nl = fe_native_text(fe, k.c[0]), *nr = fe_native_text(fe, k.c[1]);
		if (nl && nr)
			fe->store_c = xprintf("(long long)(%s) %s (long long)(%s)", nl, ir_op_text(cop), nr);
		X nv = old.k == X_VAL && rhs.k == X_VAL
			? fe_val(fe_binop(fe_ir_binop_of(bk), old.e, rhs.e, loc), old.ptype)
			: fe_untracked(rhs.k == X_UNTRACKED ? rhs.why : fe_text_of(fe, c));
		return fe_stored_value(fe, lhs, fe_assign(fe, lhs, nv, k.c[0], loc, s), loc);
	}
	if (bk == AST_BO_Comma) {
		fe_ev(fe, k.c[0], s);
		return fe_ev(fe, k.c[1], s);
	}
	int op = fe_ir_binop_of(bk);
	if ((op == OP_LAND || op == OP_LOR) && fe_has_effects(k.c[1]))
		return fe_ev_shortcircuit(fe, c, k, op, s);
	X a = fe_evr(fe, k.c[0], s), b;
	if (op == OP_LAND || op == OP_LOR) {
		/* the right side runs only when the left decides nothing */
		IrExpr *left = a.e;
		IrStmt *before = s ? s->tail : NULL;
		FePoint pt = fe->pt;
		int dead = fe->dead.len;
		CtxSave sv = fe_ctx_push(fe, &a, k.c[0], op == OP_LOR, loc, s);
		IrStmt *pinned = s ? s->tail : NULL;
		b = fe_evr(fe, k.c[1], s);
		fe_ctx_pop(fe, sv);
		/* the right side ran no step and reads no modelled state: the left
		 * needs no read of its own (the test makes one access), undone */
		if (pinned != before && s && s->tail == pinned && b.k == X_VAL && !fe_reads_state(b.e)) {
			if (before)
				before->next = NULL;
			else
				s->head = NULL;
			s->tail = before;
			a.e = left;
			fe->pt = pt;
			fe->dead.len = dead;
		}
	} else {
		b = fe_evr(fe, k.c[1], s);
	}
	if ((op == '/' || op == '%') && b.k == X_VAL)
		fe_div_check(fe, &b, k.c[1], s, loc);
	/* a modelled function pointer against a function: its index, and a
	 * function that is not a target is never equal */
	const IrVar *fa = fe_fn_var_of(fe, a), *fb = fe_fn_var_of(fe, b);
	if ((op == OP_EQ || op == OP_NE) && ((fa && b.k == X_FUNC) || (fb && a.k == X_FUNC))) {
		X *f = fa ? &b : &a;
		int idx = fe_fn_index(fa ? fa : fb, f->fn);
		if (!idx)
			return fe_val(ir_const(op == OP_NE, loc), -1);
		*f = fe_val(ir_const(idx, loc), -1);
	}
	if (fa && fb && !fe_same_targets(fa, fb))
		return fe_untracked(fe_text_of(fe, c)); /* the same number means different functions */
	bool pa = a.k == X_LOCK || a.k == X_FUNC, pb = b.k == X_LOCK || b.k == X_FUNC;
	if ((op == OP_EQ || op == OP_NE) && pa && pb) {
		IrExpr *eq = fe_pointer_identity(fe, a, b, loc);
		return fe_val(op == OP_EQ ? eq : fe_unop('!', eq, loc), -1);
	}
	/* a lock or function address against anything but NULL, or in
	 * arithmetic or an ordering, is a pointer the model does not follow */
	if ((pa || pb) && !(op == OP_LAND || op == OP_LOR ||
			    ((op == OP_EQ || op == OP_NE) && (pa ? fe_is_null(b) : fe_is_null(a)))))
		return a.k == X_UNTRACKED ? a : b.k == X_UNTRACKED ? b : fe_untracked(fe_text_of(fe, c));
	/* the address of a lock or function is a non-null pointer */
	if (a.k == X_LOCK || a.k == X_FUNC)
		a = fe_val(ir_const(1, loc), -1);
	if (b.k == X_LOCK || b.k == X_FUNC)
		b = fe_val(ir_const(1, loc), -1);
	if (!op || a.k != X_VAL || b.k != X_VAL) {
		if (a.k == X_UNTRACKED)
			return a;
		if (b.k == X_UNTRACKED)
			return b;
		return fe_untracked(fe_text_of(fe, c));
	}
	int ptype = (op == '+' || op == '-') ? (a.ptype >= 0 ? a.ptype : b.ptype) : -1;
	if (ptype >= 0)
		return fe_untracked(fe_text_of(fe, c)); /* pointer arithmetic */
	if (a.ptype < 0 && b.ptype < 0 && fe_unsigned_wide(k.c[0]))
		return fe_val(fe_unsigned_binop(fe, op, a.e, b.e, k.c[0], s, loc), -1);
	return fe_val(fe_binop(op, a.e, b.e, loc), -1);
}

X fe_ev_binary(Fe *fe, Ast c, Seq *s)
{
	return fe_ev_operator(fe, c, 2, fe_op_binary, s);
}

/* a ? b : c */
static X fe_op_cond(Fe *fe, Ast c, Kids k, SrcLoc loc, Seq *s)
{
	if (fe_has_effects(k.c[1]) || fe_has_effects(k.c[2]))
		return fe_cond_calls(fe, c, k, loc, s);
	X a = fe_evr(fe, k.c[0], s), b, d;
	CtxSave sv = fe_ctx_push(fe, &a, k.c[0], false, loc, s);
	b = fe_evr(fe, k.c[1], s);
	fe_ctx_pop(fe, sv);
	sv = fe_ctx_push(fe, &a, k.c[0], true, loc, s);
	d = fe_evr(fe, k.c[2], s);
	fe_ctx_pop(fe, sv);
	if (a.k == X_VAL && b.k == X_VAL && d.k == X_VAL) {
		if (fe_is_const(a.e))
			return a.e->value ? b : d;
		IrExpr *e = ir_expr(E_COND, loc);
		e->a = a.e, e->b = b.e, e->c = d.e;
		return fe_val(e, b.ptype >= 0 ? b.ptype : d.ptype);
	}
	if (a.k == X_VAL && b.k == X_LOCK && d.k == X_LOCK && b.id == d.id && b.addr == d.addr) {
		/* c ? &x->lock : &y->lock: one class, the instance chosen */
		X r = b;
		if (fe_is_const(a.e))
			return a.e->value ? b : d;
		if (b.e && d.e) {
			IrExpr *e = ir_expr(E_COND, loc);
			e->a = a.e, e->b = b.e, e->c = d.e;
			r.e = e;
		}
		if (b.idx || d.idx) {
			IrExpr *e = ir_expr(E_COND, loc);
			e->a = a.e, e->b = b.idx ? b.idx : ir_const(0, loc), e->c = d.idx ? d.idx : ir_const(0, loc);
			r.idx = e;
		}
		if ((!b.e) == (!d.e))
			return r;
	}
	if (a.k == X_VAL && fe_is_const(a.e))
		return a.e->value ? b : d;
	return fe_untracked(a.k == X_UNTRACKED ? a.why : fe_text_of(fe, c));
}

X fe_ev_cond_op(Fe *fe, Ast c, Seq *s)
{
	return fe_ev_operator(fe, c, 3, fe_op_cond, s);
}
