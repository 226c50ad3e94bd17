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

X fe_do_op(Fe *fe, const char *op, Ast c, Seq *s)
{
	SrcLoc loc = fe_loc_of(fe, c);
	fe->pt.open = false; /* an annotation is a scheduling point of its own */
	int n = ast_Cursor_getNumArguments(c);
	Ast arg[8];
	for (int i = 0; i < n && i < 8; i++)
		arg[i] = ast_Cursor_getArgument(c, (unsigned)i);
	char w1[32] = "", w2[32] = "", w3[32] = "";
	sscanf(op, "%31s %31s %31s", w1, w2, w3);
	IrLockOp lop = !strcmp(w1, "acquire") ? LO_ACQUIRE : !strcmp(w1, "release") ? LO_RELEASE
		: !strcmp(w1, "trylock") ? LO_TRYLOCK : 0;
	if (lop && n >= 2) {
		IrLockMode mode = !strcmp(w2, "shared") ? LM_SHARED : LM_EXCL;
		int cls;
		IrExpr *lock = fe_lock_ref(fe, arg[0], loc, s, &cls);
		if (!lock || !fe_check_kind(fe, cls, arg[1], lop, mode, arg[0], loc))
			return fe_untracked("lock operation");
		IrStmt *st = fe_lock_stmt(fe, lop, mode, !strcmp(w3, "recursive"), lock, loc);
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
		int cls;
		IrExpr *lock = fe_lock_ref(fe, arg[0], loc, s, &cls);
		if (!lock)
			return fe_untracked("void");
		IrExpr *h = ir_expr(E_HELD, loc);
		h->a = lock;
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
