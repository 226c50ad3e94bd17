/* fe_lock.c - lock operations: the lockspin:op annotations turned into lock steps. */
#include "fe.h"

/* ---- lock operations ---------------------------------------------------------- */
static const char *op_word(int kind, IrLockOp op, IrLockMode mode)
{
	static const char *const w[5][3][2] = {
		[LK_MUTEX] = { { "mutex lock", "" }, { "mutex unlock", "" }, { "mutex trylock", "" } },
		[LK_SPIN] = { { "spin lock", "" }, { "spin unlock", "" }, { "spin trylock", "" } },
		[LK_RWLOCK] = { { "write-lock", "read-lock" }, { "write-unlock", "read-unlock" },
				{ "write-trylock", "read-trylock" } },
		[LK_RWSEM] = { { "down_write", "down_read" }, { "up_write", "up_read" },
			       { "down_write_trylock", "down_read_trylock" } },
	};
	if (kind < 1 || kind > 4)
		return "lock operation";
	if (op == LO_DOWNGRADE)
		return "downgrade_write";
	const char *s = w[kind][op - 1][mode == LM_SHARED];
	return *s ? s : "lock operation";
}

/* The text of a lock argument as written, without a leading '&'. */
const char *fe_lock_text(Fe *fe, Ast arg)
{
	const char *t = fe_text_of(fe, fe_strip(arg));
	return t[0] == '&' ? t + 1 : t;
}

/* Resolve a lock argument to an E_LOCKREF, or NULL after an error. */
IrExpr *fe_lock_ref(Fe *fe, Ast arg, SrcLoc loc, Seq *s, int *cls)
{
	/* what the argument points to before any cast: `&an_int` names no lock,
	 * whatever pointer lowering then makes of it (void * stays open) */
	AstType at = ast_getCanonicalType(ast_getCursorType(fe_strip(arg)));
	if (at.kind == AST_TYPE_Pointer) {
		AstType pt = ast_getCanonicalType(ast_getPointeeType(at));
		if (pt.kind != AST_TYPE_Void && !fe_lock_kind_of(pt)) {
			error_at(loc, "'%s' is not a lock: it has type '%s'", fe_lock_text(fe, arg),
				 ast_getTypeSpelling(pt));
			return NULL;
		}
	}
	X x = fe_evr(fe, arg, s);
	if (x.k == X_UNTRACKED) {
		error_at(loc, "lock '%s' is reached through untracked pointer '%s'", fe_lock_text(fe, arg), x.why);
		return NULL;
	}
	if (x.k == X_LOCKARR) {
		error_at(loc, "lock array '%s' needs an index", fe_lock_text(fe, arg));
		return NULL;
	}
	if (x.k != X_LOCK) {
		error_at(loc, "'%s' is not a lock the model knows", fe_lock_text(fe, arg));
		return NULL;
	}
	IrLockClass *c = fe->p->classes[x.id];
	if (c->type && fe_is_const(x.e) && x.e->value == 0) {
		error_at(loc, "lock '%s' is reached through a NULL pointer", fe_lock_text(fe, arg));
		return NULL;
	}
	*cls = x.id;
	return ir_lockref(x.id, c->type ? x.e : NULL, c->arrlen > 1 ? x.idx : NULL, loc);
}

bool fe_check_kind(Fe *fe, int cls, Ast kind_arg, IrLockOp op, IrLockMode mode, Ast lock_arg,
		       SrcLoc loc)
{
	long long k;
	IrLockClass *c = fe->p->classes[cls];
	if (!fe_eval_int(kind_arg, &k))
		return true;
	if ((int)k != (int)c->kind) {
		error_at(loc, "%s of '%s', which is a %s", op_word((int)k, op, mode), fe_lock_text(fe, lock_arg),
			 ir_lock_kind_name(c->kind));
		return false;
	}
	return true;
}

/* mutex_lock_nested(l, subclass): lockdep's (class, subclass) is a class
 * of its own, so the lock-order graph has a node per subclass (lockgraph.c):
 * a parent and a child of one class nest without a report, and subclass 1
 * then 0 against 0 then 1 is an inversion.  The subclass must be a constant
 * below lockdep's MAX_LOCKDEP_SUBCLASSES. */
static bool fe_subclass(Fe *fe, IrStmt *st, Ast lock_arg, Ast sub_arg, SrcLoc loc)
{
	long long sub;
	if (!fe_eval_int(sub_arg, &sub) || sub < 0 || sub >= IR_MAX_SUBCLASS) {
		error_at(loc, "lock subclass '%s' of '%s' is not a constant in 0..%d", fe_text_of(fe, fe_strip(sub_arg)),
			 fe_lock_text(fe, lock_arg), IR_MAX_SUBCLASS - 1);
		return false;
	}
	if (sub && st->recursive) {
		error_at(loc, "lock subclass %lld of recursive lock '%s': lockspin does not model a re-entrant "
			 "lock in two subclasses", sub, fe_lock_text(fe, lock_arg));
		return false;
	}
	st->subclass = (int)sub;
	return true;
}

IrStmt *fe_lock_stmt(Fe *fe, IrLockOp op, IrLockMode mode, bool rec, IrExpr *lock, SrcLoc loc)
{
	IrStmt *st = ir_stmt(S_LOCK, loc);
	st->op = op;
	st->mode = mode;
	st->lock = lock;
	st->recursive = rec || fe->p->classes[lock->var]->recursive;
	st->result = -1;
	return st;
}

/* ---- interrupts ------------------------------------------------------------------ */
/* The CPU whose interrupt state the current thread changes: its own, or
 * for a handler the one it interrupts. */
static int fe_cpu_of(const Fe *fe)
{
	return fe->t->irq_cpu >= 0 ? fe->t->irq_cpu : fe->t->id;
}

static IrExpr *fe_irqs_off(Fe *fe, SrcLoc loc)
{
	return fe_e_var(fe, fe_irq_var(fe, loc), NULL, ir_const(fe_cpu_of(fe), loc), loc);
}

void fe_irq_set(Fe *fe, IrExpr *v, SrcLoc loc, Seq *s)
{
	IrStmt *st = ir_stmt(S_ASSIGN, loc);
	st->lhs = fe_irqs_off(fe, loc);
	st->rhs = v;
	fe_emit(fe, s, st);
}

/* local_bh_disable() (d = 1) and local_bh_enable() (d = -1): the CPU's
 * count cpu.bh_off[cpu], modelled only when the scenario has a softirq
 * handler (without one nothing reads it).  An enable with the count at 0
 * is an assertion, a disable past IR_MAX_BH an out-of-range. */
void fe_bh_add(Fe *fe, int d, SrcLoc loc, Seq *s)
{
	if (!fe->softirq)
		return;
	IrExpr *bh = fe_e_var(fe, fe_bh_var(fe, loc), NULL, ir_const(fe_cpu_of(fe), loc), loc);
	/* the enable's assertion is a scheduling point natively too (the
	 * runtime's ls__bh_enable asserts it); the disable's bound is a check
	 * only the model has */
	IrStmt *ck = ir_stmt(S_ASSERT, loc);
	ck->cond = d < 0 ? fe_binop('>', bh, ir_const(0, loc), loc) : fe_binop('<', bh, ir_const(IR_MAX_BH, loc), loc);
	if (d < 0) {
		ck->text = "local_bh_enable() with bottom halves enabled";
	} else {
		ck->text = xprintf("local_bh_disable() nested deeper than %d", IR_MAX_BH);
		ck->implicit = true;
		ck->violation = V_OUT_OF_RANGE;
	}
	fe_emit(fe, s, ck);
	IrStmt *st = ir_stmt(S_ASSIGN, loc);
	st->lhs = fe_e_var(fe, fe_bh_var(fe, loc), NULL, ir_const(fe_cpu_of(fe), loc), loc);
	st->rhs = fe_binop(d < 0 ? '-' : '+', bh, ir_const(1, loc), loc);
	fe_emit(fe, s, st);
}

/* local_irq_save(): a local gets the CPU's state, then interrupts are off;
 * returns the local's id */
int fe_irq_save(Fe *fe, SrcLoc loc, Seq *s)
{
	IrLocal *l = fe_new_local(fe, "irqflags", VK_BOOL, 0, 1, -1, loc);
	IrStmt *st = ir_stmt(S_ASSIGN, loc);
	st->lhs = fe_e_local(l->id, loc);
	st->rhs = fe_irqs_off(fe, loc);
	fe_emit(fe, s, st);
	fe_irq_set(fe, ir_const(1, loc), loc, s);
	return l->id;
}

/* ls__irq_save, _restore, _disable, _enable, ls__might_sleep: the CPU's
 * interrupt state is the modelled bool cpu.irqs_off[cpu]. */
static X fe_irq_op(Fe *fe, const char *w1, Ast *arg, int n, SrcLoc loc, Seq *s)
{
	if (!strcmp(w1, "irq_save"))
		return fe_val(fe_e_local(fe_irq_save(fe, loc, s), loc), -1);
	if (!strcmp(w1, "irq_restore") && n >= 1) {
		X x = fe_evr(fe, arg[0], s);
		if (x.k != X_VAL) {
			error_at(loc, "interrupt flags '%s' are not the value an irq save returned",
				 fe_text_of(fe, fe_strip(arg[0])));
			return fe_untracked("void");
		}
		fe_irq_set(fe, fe_binop(OP_NE, x.e, ir_const(0, loc), loc), loc, s);
		return fe_untracked("void");
	}
	if (!strcmp(w1, "irq_state"))
		return fe_val(fe_irqs_off(fe, loc), -1);
	if (!strcmp(w1, "irq_disable") || !strcmp(w1, "irq_enable")) {
		fe_irq_set(fe, ir_const(!strcmp(w1, "irq_disable"), loc), loc, s);
		return fe_untracked("void");
	}
	if (!strcmp(w1, "irq_bh_disable") || !strcmp(w1, "irq_bh_enable")) {
		fe_bh_add(fe, !strcmp(w1, "irq_bh_disable") ? 1 : -1, loc, s);
		return fe_untracked("void");
	}
	/* might_sleep */
	if (fe->t->irq_cpu >= 0) {
		error_at(loc, "might_sleep() in interrupt handler '%s': a handler must not sleep", fe->t->name);
		return fe_untracked("void");
	}
	IrStmt *st = ir_stmt(S_ASSERT, loc);
	st->cond = fe_unop('!', fe_irqs_off(fe, loc), loc);
	const char *t = n >= 1 ? fe_eval_str(arg[0]) : NULL;
	st->text = xprintf("%s with interrupts enabled", t ? t : "might_sleep()");
	fe_emit(fe, s, st);
	return fe_untracked("void");
}

/* A lock operation a handler may not do: a sleeping lock, or re-taking a
 * recursive lock (Xen's owner is the CPU, which the model does not share
 * between a thread and its handlers). */
static bool fe_irq_lock_ok(Fe *fe, int cls, IrLockOp op, bool rec, SrcLoc loc)
{
	if (!fe->t || fe->t->irq_cpu < 0 || op == LO_RELEASE)
		return true;
	IrLockClass *c = fe->p->classes[cls];
	if (c->kind == LK_MUTEX) {
		error_at(loc, "%s '%s' taken in interrupt handler '%s': a sleeping lock cannot be taken in interrupt "
			 "context", ir_lock_kind_name(c->kind), c->name, fe->t->name);
		return false;
	}
	if (rec || c->recursive) {
		error_at(loc, "recursive lock '%s' taken in interrupt handler '%s': lockspin does not model a "
			 "recursive lock shared by a CPU and its handlers", c->name, fe->t->name);
		return false;
	}
	return true;
}

/* container_of(ptr, type, member): ptr is the address of member inside an
 * object; the object is the one ptr's lock, state or nested struct is in,
 * when member is the tail of its path there.  Anything else is untracked,
 * as the pointer arithmetic it is in C. */
static X fe_container_of(Fe *fe, Ast ptr, const char *member, Seq *s)
{
	X x = fe_evr(fe, ptr, s);
	const char *path = NULL;
	int type = -1;
	if (x.k == X_LOCK || x.k == X_LOCKARR) {
		const IrLockClass *c = fe->p->classes[x.id];
		const char *dot = strchr(c->name, '.');
		path = c->field ? c->field : dot ? dot + 1 : NULL;
		type = c->type;
	} else if (x.k == X_STATE || x.k == X_STATEARR) {
		const IrVar *v = fe->p->vars[x.id];
		const char *dot = strchr(v->name, '.');
		path = dot ? dot + 1 : NULL;
		type = v->type;
	} else if (x.k == X_OBJ && x.addr && x.pfx && *x.pfx) {
		path = xstrndup(x.pfx, strlen(x.pfx) - 1);
		type = x.st->type;
	}
	size_t pl = path ? strlen(path) : 0, ml = strlen(member);
	if (!path || type <= 0 || pl < ml || strcmp(path + pl - ml, member) || (pl > ml && path[pl - ml - 1] != '.'))
		return fe_untracked(xprintf("container_of(%s, ..., %s)", fe_text_of(fe, fe_strip(ptr)), member));
	if (pl == ml)
		return fe_val(x.e, type);
	return (X){ .k = X_OBJ, .st = fe->type_struct[type], .e = x.e, .pfx = xstrndup(path, pl - ml),
		    .addr = true, .ptype = -1 };
}

/* Xen's mm_lock(name, d, l) and mm_write_lock/mm_read_lock: the level is a
 * constant (MM_LOCK_ORDER_name); the class gets it as its rank at the first
 * of them, as if declared LS_RANK(level). */
static X fe_mm_acquire(Fe *fe, Ast *arg, int n, bool shared, SrcLoc loc, Seq *s)
{
	long long level, rec = 0;
	if (!fe_eval_int(arg[2], &level) || level < 0 || level > 1000 || (!shared && (n < 4 || !fe_eval_int(arg[3], &rec)))) {
		error_at(loc, "mm-locks level '%s' is not a constant in 0..1000", fe_text_of(fe, fe_strip(arg[2])));
		return fe_untracked("mm lock");
	}
	int cls;
	IrLockMode mode = shared ? LM_SHARED : LM_EXCL;
	IrExpr *lock = fe_lock_ref(fe, arg[0], loc, s, &cls);
	if (!lock || !fe_check_kind(fe, cls, arg[1], LO_ACQUIRE, mode, arg[0], loc) ||
	    !fe_irq_lock_ok(fe, cls, LO_ACQUIRE, rec != 0, loc))
		return fe_untracked("mm lock");
	IrLockClass *c = fe->p->classes[cls];
	if (c->rank < 0) {
		c->rank = (int)level;
		if (c->bias_var < 0)
			fe_add_note(fe, loc, xprintf("mm lock '%s' gets rank %d here; it has no control-domain bias "
						     "(declare LS_RANK_BIAS(field, 64) on it if its domain may be the "
						     "control domain)", c->name, c->rank));
	} else if (c->rank != (int)level) {
		error_at(loc, "mm lock '%s' is taken at level %lld here and ranked %d elsewhere; lockspin ranks "
			 "one declaration once", fe_lock_text(fe, arg[0]), level, c->rank);
		return fe_untracked("mm lock");
	}
	fe_emit(fe, s, fe_lock_stmt(fe, LO_ACQUIRE, mode, rec != 0, lock, loc));
	return fe_untracked("void");
}

/* E_HELD over the lock arg names: held by this thread, or by any thread
 * (any: spin_is_locked()); NULL when arg names no lock (reported) */
static IrExpr *fe_held(Fe *fe, Ast arg, SrcLoc loc, Seq *s, bool any)
{
	int cls;
	IrExpr *lock = fe_lock_ref(fe, arg, loc, s, &cls);
	if (!lock)
		return NULL;
	IrExpr *h = ir_expr(E_HELD, loc);
	h->a = lock;
	h->value = any;
	return h;
}

X fe_do_op(Fe *fe, const char *op, Ast c, Seq *s)
{
	SrcLoc loc = fe_loc_of(fe, c);
	int n = ast_Cursor_getNumArguments(c);
	Ast arg[8];
	for (int i = 0; i < n && i < 8; i++)
		arg[i] = ast_Cursor_getArgument(c, (unsigned)i);
	char w1[32] = "", w2[32] = "", w3[32] = "";
	sscanf(op, "%31s %31s %31s", w1, w2, w3);
	/* natively an __atomic builtin, not a call into the runtime: the C
	 * statement it is in stays a scheduling point of native replay */
	if (!strcmp(w1, "atomic"))
		return fe_atomic_op(fe, w2, arg, n, loc, s);
	fe->pt.open = false; /* an annotation is a scheduling point of its own */
	IrLockOp lop = !strcmp(w1, "acquire") ? LO_ACQUIRE : !strcmp(w1, "release") ? LO_RELEASE
		: !strcmp(w1, "trylock") ? LO_TRYLOCK : !strcmp(w1, "downgrade") ? LO_DOWNGRADE : 0;
	if (lop && n >= 2) {
		IrLockMode mode = !strcmp(w2, "shared") ? LM_SHARED : LM_EXCL;
		int cls;
		IrExpr *lock = fe_lock_ref(fe, arg[0], loc, s, &cls);
		if (!lock || !fe_check_kind(fe, cls, arg[1], lop, mode, arg[0], loc) ||
		    !fe_irq_lock_ok(fe, cls, lop, !strcmp(w3, "recursive"), loc))
			return fe_untracked("lock operation");
		if (lop == LO_DOWNGRADE && fe->p->classes[cls]->rank >= 0) {
			error_at(loc, "downgrade of ranked lock '%s': mm-locks has no downgrade", fe_lock_text(fe, arg[0]));
			return fe_untracked("lock operation");
		}
		IrStmt *st = fe_lock_stmt(fe, lop, mode, !strcmp(w3, "recursive"), lock, loc);
		if (!strcmp(w3, "nested") && n >= 3 && !fe_subclass(fe, st, arg[0], arg[2], loc))
			return fe_untracked("lock operation");
		fe_emit(fe, s, st);
		if (lop != LO_TRYLOCK)
			return fe_untracked("void");
		IrLocal *l = fe_new_local(fe, "ls_try", VK_BOOL, 0, 1, -1, loc);
		st->result = l->id;
		return fe_val(fe_e_local(l->id, loc), -1);
	}
	if (!strcmp(w1, "assert") && n >= 2) {
		Ast a = fe_strip(arg[0]);
		/* ls_assert passes (ls__assert_point(...), !!(cond)): the
		 * condition is the right operand of the comma */
		if (ast_getCursorKind(a) == AST_BinaryOperator &&
		    ast_getCursorBinaryOperatorKind(a) == AST_BO_Comma) {
			Kids ck = fe_expr_kids(a);
			if (ck.n == 2)
				a = fe_strip(ck.c[1]);
		}
		/* ls_assert passes !!(cond) */
		for (int i = 0; i < 2; i++) {
			if (ast_getCursorKind(a) != AST_UnaryOperator ||
			    ast_getCursorUnaryOperatorKind(a) != AST_UO_LNot)
				break;
			Kids k = fe_expr_kids(a);
			Ast in = fe_strip(k.c[0]);
			if (i == 0 && (ast_getCursorKind(in) != AST_UnaryOperator ||
				       ast_getCursorUnaryOperatorKind(in) != AST_UO_LNot))
				break;
			a = in;
		}
		const char *text = fe_eval_str(arg[1]);
		if (!text)
			text = fe_text_of(fe, a);
		const char *why;
		IrExpr *e = fe_cond_expr(fe, a, s, &why);
		if (!e) {
			error_at(loc, "ls_assert(%s) is over untracked data '%s'; mark it LS_STATE", text, why);
			return fe_untracked("void");
		}
		IrStmt *st = ir_stmt(S_ASSERT, loc);
		st->cond = e;
		st->text = text;
		fe_emit(fe, s, st);
		return fe_untracked("void");
	}
	if ((!strcmp(w1, "assert_held") || !strcmp(w1, "assert_not_held")) && n >= 2) {
		IrExpr *h = fe_held(fe, arg[0], loc, s, false);
		if (!h)
			return fe_untracked("void");
		IrStmt *st = ir_stmt(S_ASSERT, loc);
		/* the annotation's own name says which: never its letters at an offset */
		bool negated = !strcmp(w1, "assert_not_held");
		st->cond = negated ? fe_unop('!', h, loc) : h;
		const char *t = fe_eval_str(arg[1]);
		st->text = xprintf("%s(%s)", negated ? "ls_assert_not_held" : "ls_assert_held",
				   t ? t : fe_lock_text(fe, arg[0]));
		fe_emit(fe, s, st);
		return fe_untracked("void");
	}
	if (!strcmp(w1, "choose") && n >= 1) {
		X x = fe_evr(fe, arg[0], s);
		if (x.k != X_VAL || !fe_is_const(x.e) || x.e->value < 1 || x.e->value > 256) {
			error_at(loc, "ls_choose needs a constant number of choices in 1..256, got '%s'",
				 fe_text_of(fe, fe_strip(arg[0])));
			return fe_untracked("ls_choose");
		}
		IrExpr *e = ir_expr(E_CHOOSE, loc);
		e->value = x.e->value;
		return fe_val(e, -1);
	}
	if (!strncmp(w1, "irq_", 4) || !strcmp(w1, "might_sleep") || !strcmp(w1, "softirq_thread")) {
		if (!strcmp(w1, "irq_thread") || !strcmp(w1, "softirq_thread")) {
			error_at(loc, "ls_%s() is only allowed in LS_SCENARIO", w1);
			return fe_untracked("void");
		}
		return fe_irq_op(fe, w1, arg, n, loc, s);
	}
	if ((!strcmp(w1, "held") || !strcmp(w1, "locked")) && n >= 1) {
		IrExpr *h = fe_held(fe, arg[0], loc, s, !strcmp(w1, "locked"));
		return h ? fe_val(h, -1) : fe_untracked("held");
	}
	if (!strcmp(w1, "cpu_id"))
		return fe_val(ir_const(fe_cpu_of(fe), loc), -1);
	if (!strcmp(w1, "mm_acquire") && n >= 3)
		return fe_mm_acquire(fe, arg, n, !strcmp(w2, "shared"), loc, s);
	if (!strcmp(w1, "container_of") && n >= 3) {
		const char *m = fe_eval_str(arg[2]);
		if (!m)
			return fe_untracked("container_of");
		return fe_container_of(fe, arg[1], m, s);
	}
	if (!strcmp(w1, "signal") && n >= 1) {
		const char *what = fe_eval_str(arg[0]);
		fe_add_note(fe, loc, xprintf("%s on a lock another thread holds: the wait ends in the lock or in "
					     "-EINTR (a signal may come at any moment of it), both explored",
					     what ? what : "an interruptible lock"));
		IrExpr *e = ir_expr(E_CHOOSE, loc);
		e->value = 2;
		return fe_val(e, -1);
	}
	if (!strcmp(w1, "progress")) {
		fe_emit(fe, s, ir_stmt(S_PROGRESS, loc));
		return fe_untracked("void");
	}
	if (!strcmp(w1, "thread")) {
		error_at(loc, "ls_thread() is only allowed in LS_SCENARIO");
		return fe_untracked("void");
	}
	if (!strcmp(w1, "guard")) {
		error_at(loc, "ls_guard() must be a declaration of its own");
		return fe_untracked("void");
	}
	if (!strcmp(w1, "guard_release"))
		return fe_untracked("void");
	error_at(loc, "unknown annotation 'lockspin:op %s'", op);
	return fe_untracked("void");
}
