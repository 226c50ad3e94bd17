/* fe_call.c - calls and inlining: bindings of parameters, calls through function pointers. */
#include "fe.h"

/* ---- calls and inlining ------------------------------------------------------- */

Ast fe_fn_body(Ast def)
{
	Kids k = fe_kids(def);
	for (int i = k.n - 1; i >= 0; i--)
		if (ast_getCursorKind(k.c[i]) == AST_CompoundStmt)
			return k.c[i];
	return ast_getNullCursor();
}

/* A new binding of decl in the current frame, not yet set (B_UNSET). */
Binding *fe_new_binding(Fe *fe, Ast decl)
{
	Binding *b = arena_alloc(sizeof(*b));
	b->decl = decl;
	b->name = fe_spelling(decl);
	b->ctype = ast_getCursorType(decl);
	b->depth = fe->depth;
	b->kind = B_UNSET;
	vec_push(&fe->frame->binds, b);
	return b;
}

/* Emit "l = e" into s as a step of its own; returns l read as an expression, to use in place of
 * e from here on (e is evaluated once, where the C evaluates it). */
static IrExpr *fe_store_local(Fe *fe, IrLocal *l, IrExpr *e, SrcLoc loc, Seq *s)
{
	IrStmt *as = ir_stmt(S_ASSIGN, loc);
	as->lhs = fe_e_local(l->id, loc);
	as->rhs = e;
	fe_point_claim(fe, as, NULL);
	fe_emit(fe, s, as);
	return fe_e_local(l->id, loc);
}

/* Bind a parameter (or local) decl to its initial value x. */
void fe_bind(Fe *fe, Ast decl, X x, Ast body, SrcLoc loc, Seq *s)
{
	Binding *b = fe_new_binding(fe, decl);
	x = fe_rv(fe, x, loc);
	bool fixed = ast_Cursor_isNull(body) || !fe_is_modified(body, decl);
	if (x.k == X_UNTRACKED) {
		b->kind = B_UNTRACKED;
		return;
	}
	if (x.k == X_VAL && fixed && fe_is_const(x.e)) {
		b->kind = B_VAL;
		b->x = x;
		return;
	}
	if (x.k == X_LOCK && x.e && !fe_is_const(x.e) && x.e->kind != E_LOCAL) {
		/* freeze a dynamic instance at binding time */
		IrLocal *l = fe_new_local(fe, xprintf("%s_inst", b->name), VK_PTR, 0,
				       fe->p->types[fe->p->classes[x.id]->type]->ninst, fe->p->classes[x.id]->type, loc);
		x.e = fe_store_local(fe, l, x.e, loc, s);
	}
	if (x.k == X_LOCK && x.idx && !fe_is_const(x.idx) && x.idx->kind != E_LOCAL) {
		long lo, hi;
		if (!fe_expr_range(fe, x.idx, &lo, &hi))
			lo = 0, hi = fe->p->classes[x.id]->arrlen - 1;
		IrLocal *l = fe_new_local(fe, xprintf("%s_index", b->name), VK_INT, (int)lo, (int)hi, -1, loc);
		x.idx = fe_store_local(fe, l, x.idx, loc, s);
	}
	if (x.k != X_VAL) {
		b->kind = B_VAL;
		b->x = x;
		return;
	}
	fe_assign(fe, (X){ .k = X_BIND, .b = b }, x, decl, loc, s);
}

static bool fe_has_goto(const IrStmt *s, const char *label)
{
	for (; s; s = s->next) {
		if (s->kind == S_GOTO && s->label == label)
			return true;
		if (fe_has_goto(s->body, label) || fe_has_goto(s->then, label) || fe_has_goto(s->els, label))
			return true;
	}
	return false;
}

X fe_inline_call(Fe *fe, Ast fd, X *args, int nargs, Ast callsite, Seq *s)
{
	SrcLoc loc = fe_loc_of(fe, callsite);
	Ast def = ast_getCursorDefinition(fd);
	const char *fname = fe_spelling(fd);
	for (Frame *f = fe->frame; f; f = f->parent)
		if (fe_same(f->fn, def)) {
			error_at(loc, "recursive call to '%s' cannot be modelled", fname);
			return fe_untracked(xprintf("%s()", fname));
		}
	if (fe->nframes > 64) {
		error_at(loc, "calls nested too deep at '%s'", fname);
		return fe_untracked(fname);
	}
	Frame *fr = arena_alloc(sizeof(*fr));
	fr->parent = fe->frame;
	fr->fn = def;
	fr->fname = fname;
	fr->chain = fe->frame ? xprintf("%s < %s", fname, fe->frame->chain) : fname;
	/* the thread's entry is called by ls_thread(): not a site of the C code */
	if (fe->frame)
		fr->sites = fe->frame->sites ? xprintf("%s -> %s:%d", fe->frame->sites, loc.file, loc.line)
					    : xprintf("%s:%d", loc.file, loc.line);
	fr->id = fe->nframes++;
	fr->result = -1;
	fr->scope_base = fe->nscopes;
	fr->depth_base = fe->depth;
	fr->ret_label = fe_unique_name(fe, xprintf("%s_return", fname), true);
	Ast body = fe_fn_body(def);
	/* what this call emits starts after entry: the return below looks
	 * only there, so a deep call tree is not walked once per call */
	IrStmt *entry = s->tail;
	fe->frame = fr;
	int np = ast_Cursor_getNumArguments(def);
	for (int i = 0; i < np; i++) {
		Ast pd = ast_Cursor_getArgument(def, (unsigned)i);
		X a = i < nargs ? args[i] : fe_untracked(fe_spelling(pd));
		fe_bind(fe, pd, a, body, loc, s);
	}
	int njumps = fe->njumps;
	fe->njumps = 0; /* break/continue never cross a function */
	Jump saved[MAX_NEST];
	memcpy(saved, fe->jumps, sizeof(Jump) * (size_t)njumps);
	if (!ast_Cursor_isNull(body))
		fe_block(fe, body, s);
	memcpy(fe->jumps, saved, sizeof(Jump) * (size_t)njumps);
	fe->njumps = njumps;
	/* a return at the very end needs no jump */
	if (s->tail && s->tail->kind == S_GOTO && s->tail->label == fr->ret_label) {
		IrStmt *prev = entry;
		for (IrStmt *q = entry ? entry->next : s->head; q && q != s->tail; q = q->next)
			prev = q;
		if (prev) {
			prev->next = NULL;
			s->tail = prev;
		} else {
			s->head = s->tail = NULL;
		}
		fr->ret_used = fe_has_goto(entry ? entry->next : s->head, fr->ret_label);
	}
	if (fr->ret_used)
		fe_emit(fe, s, fe_mk_label(fr->ret_label, fe_loc_end(fe, body)));
	fe->frame = fr->parent;
	fe->nframes--;
	if (fr->has_xret)
		return fr->xret;
	if (fr->result >= 0) {
		IrLocal *l = fe->t->locals[fr->result];
		for (int i = 0; i < fr->untracked_rets.len; i++) {
			IrStmt *st = fr->untracked_rets.data[i];
			st->kind = S_ASSIGN;
			st->lhs = fe_e_local(l->id, st->loc);
			st->rhs = fe_any_value(l->lo, l->hi, st->loc);
			st->why = NULL;
		}
		vec_push(&fe->final_locals, l);
		return fe_val(fe_e_local(l->id, loc), l->vk == VK_PTR ? l->ptr_type : -1);
	}
	return fe_untracked(xprintf("%s()", fname));
}

static bool fe_is_setjmp(const char *n)
{
	static const char *const names[] = { "setjmp", "_setjmp", "sigsetjmp", "__sigsetjmp", "longjmp",
					     "_longjmp", "siglongjmp", "__builtin_setjmp",
					     "__builtin_longjmp", NULL };
	for (int i = 0; names[i]; i++)
		if (!strcmp(n, names[i]))
			return true;
	return false;
}

/* Evaluate the arguments of a call. */
static X *fe_call_args(Fe *fe, Ast c, int *n, Seq *s)
{
	*n = ast_Cursor_getNumArguments(c);
	if (*n < 0)
		*n = 0;
	X *a = arena_array((size_t)*n + 1, sizeof(X));
	for (int i = 0; i < *n; i++)
		a[i] = fe_rv(fe, fe_ev(fe, ast_Cursor_getArgument(c, (unsigned)i), s), fe_loc_of(fe, c));
	return a;
}

bool fe_is_defined(Ast fd)
{
	Ast def = ast_getCursorDefinition(fd);
	return !ast_Cursor_isNull(def) && (ast_Cursor_isInMainFile(def) || ast_Cursor_isInUpstreamHeader(def));
}

/* The value of a call through a function pointer, each target inlined in
 * a branch of its own (bs[i], its result res[i]): with one target, its
 * result; with several that each return an integer the model has, one
 * local each branch stores its result into, as C has one result; else
 * untracked (a void, pointer or untracked result). */
static X fe_targets_value(Fe *fe, Ast c, X *res, Seq *bs, int nf, const char *ptext, SrcLoc loc)
{
	if (nf == 1)
		return res[0];
	long lo = LONG_MAX, hi = LONG_MIN;
	for (int i = 0; i < nf; i++) {
		long l, h;
		if (res[i].k != X_VAL || res[i].ptype >= 0)
			return fe_untracked(xprintf("%s()", ptext));
		if (!fe_expr_range(fe, res[i].e, &l, &h))
			fe_int_range(&l, &h);
		lo = lo < l ? lo : l;
		hi = hi > h ? hi : h;
	}
	IrLocal *t = fe_new_local(fe, "ls_call_result", VK_INT, (int)lo, (int)hi, -1, loc);
	fe_set_local_type(fe, t, ast_getCursorType(c));
	for (int i = 0; i < nf; i++)
		fe_store_local(fe, t, res[i].e, loc, &bs[i]);
	vec_push(&fe->final_locals, t);
	return fe_val(fe_e_local(t->id, loc), -1);
}

static X fe_call_targets(Fe *fe, Ast ptr_decl, const char *ptext, Ast c, Seq *s)
{
	SrcLoc loc = fe_loc_of(fe, c);
	const char *targets = fe_ann_find(ptr_decl, "targets");
	if (!targets) {
		error_at(loc, "call through function pointer '%s' cannot be modelled; declare its targets with LS_TARGETS",
			 ptext);
		return fe_untracked(ptext);
	}
	/* the targets, as functions defined here */
	const char **names;
	int nf = fe_target_names(fe, ptr_decl, targets, &names);
	if (nf < 0)
		return fe_untracked(ptext);
	Ast *fns = arena_array((size_t)nf, sizeof(Ast));
	for (int i = 0; i < nf; i++)
		fns[i] = fe_fn_named(fe, names[i + 1]);
	int n;
	X *args = fe_call_args(fe, c, &n, s);
	const char *why = xprintf("call through '%s': either target", ptext);
	X *res = arena_array((size_t)nf, sizeof(X));
	Seq *bs = arena_array((size_t)nf, sizeof(Seq));
	for (int i = nf - 1; i >= 0; i--) /* the last first, as the chain is built */
		res[i] = fe_inline_call(fe, fns[i], args, n, c, &bs[i]);
	X value = fe_targets_value(fe, c, res, bs, nf, ptext, loc);
	/* if (?) f1() else if (?) f2() ... else fn() */
	IrStmt *chain = NULL;
	for (int i = nf - 1; i >= 0; i--) {
		IrStmt *w = fe_wrap(&bs[i], loc);
		if (!chain) {
			chain = w;
			continue;
		}
		IrStmt *ifs = ir_stmt(S_IF, loc);
		ifs->then = w;
		ifs->els = chain;
		ifs->why = why;
		Seq q = { 0 };
		fe_emit(fe, &q, ifs);
		chain = fe_wrap(&q, loc);
	}
	const Sidecar *sc = fe_sidecar_next(ptr_decl, "targets_of", NULL);
	if (nf > 1)
		fe_add_note(fe, loc, why);
	else if (sc) /* the side-car's word for where the pointer leads */
		fe_add_note(fe, loc, xprintf("call through '%s' reaches '%s' (LS_TARGETS_OF at %s:%d)", ptext,
					     names[1], sc->loc.file, sc->loc.line));
	fe_emit(fe, s, chain);
	return value;
}

/*
 * A call through a modelled function pointer (LS_STATE + LS_TARGETS): the
 * pointer is read once, a NULL value fails as an assertion, and the value
 * picks the target:
 *   %p = var; assert(%p != 0); if (%p == 1) f1() else if (%p == 2) f2() ...
 */
static X fe_call_fnvar(Fe *fe, X f, const char *ptext, Ast c, Seq *s)
{
	SrcLoc loc = fe_loc_of(fe, c);
	const IrVar *v = fe_fn_var_of(fe, f);
	f = fe_rv(fe, f, loc);
	const char *base = strrchr(v->name, '.');
	IrLocal *l = fe_new_local(fe, base ? base + 1 : v->name, VK_FN, 0, v->hi, -1, loc);
	fe_store_local(fe, l, f.e, loc, s);
	IrStmt *ck = ir_stmt(S_ASSERT, loc);
	ck->cond = fe_binop(OP_NE, fe_e_local(l->id, loc), ir_const(0, loc), loc);
	ck->text = xprintf("call through NULL function pointer '%s'", ptext);
	ck->implicit = true;
	fe_emit(fe, s, ck);
	int n;
	X *args = fe_call_args(fe, c, &n, s);
	X *res = arena_array((size_t)v->hi, sizeof(X));
	Seq *bs = arena_array((size_t)v->hi, sizeof(Seq));
	for (int k = v->hi; k >= 1; k--) /* the last first, as the chain is built */
		res[k - 1] = fe_inline_call(fe, fe_fn_named(fe, v->targets[k]), args, n, c, &bs[k - 1]);
	X value = fe_targets_value(fe, c, res, bs, v->hi, ptext, loc);
	/* if (%p == 1) f1() else if (%p == 2) f2() ... */
	IrStmt *chain = NULL;
	for (int k = v->hi; k >= 1; k--) {
		IrStmt *ifs = ir_stmt(S_IF, loc);
		ifs->cond = fe_binop(OP_EQ, fe_e_local(l->id, loc), ir_const(k, loc), loc);
		chain = fe_if_chain(fe, ifs, &bs[k - 1], chain, loc);
	}
	fe_emit(fe, s, chain);
	return value;
}

/* A call the side-car abstracts (LS_ABSTRACT): its arguments are evaluated,
 * its body is not lowered; LS_IGNORE: no effect, no result; LS_RESULT(lo,
 * hi): any value lo..hi.  Both are listed by --explain. */
static X fe_call_abstract(Fe *fe, Ast fd, Ast c, Seq *s)
{
	SrcLoc loc = fe_loc_of(fe, c);
	const char *name = fe_spelling(fd);
	const char *how = fe_ann_find(fd, "abstract");
	int n;
	X *args = fe_call_args(fe, c, &n, s);
	for (int i = 0; i < n; i++)
		if (args[i].k == X_LOCK || args[i].k == X_LOCKARR) {
			error_at(loc, "lock '%s' is passed to '%s', which the side-car abstracts",
				 fe_lock_text(fe, ast_Cursor_getArgument(c, (unsigned)i)), name);
			return fe_untracked(name);
		}
	char a[64], b[64];
	int lo, hi;
	if (!strncmp(how, "result ", 7)) {
		if (sscanf(how + 7, "%63s %63s", a, b) != 2 || !fe_parse_int(a, &lo) || !fe_parse_int(b, &hi) ||
		    lo > hi) {
			error_at(loc, "LS_RESULT of '%s' needs two numbers lo <= hi, got '%s'", name, how + 7);
			return fe_untracked(name);
		}
		IrLocal *l = fe_new_local(fe, xprintf("%s_result", name), VK_INT, lo, hi, -1, loc);
		IrStmt *as = ir_stmt(S_ASSIGN, loc);
		as->lhs = fe_e_local(l->id, loc);
		as->rhs = fe_any_value(lo, hi, loc);
		fe_point_claim(fe, as, NULL);
		fe_emit(fe, s, as);
		fe_add_note(fe, loc, xprintf("call to '%s' abstracted by the side-car: any result %d..%d", name, lo, hi));
		vec_push(&fe->final_locals, l);
		return fe_val(fe_e_local(l->id, loc), -1);
	}
	if (strcmp(how, "ignore")) {
		error_at(loc, "LS_ABSTRACT of '%s' is '%s': LS_IGNORE or LS_RESULT(lo, hi)", name, how);
		return fe_untracked(name);
	}
	IrStmt *sk = ir_stmt(S_SKIP, loc);
	sk->why = xprintf("call to '%s' ignored (LS_ABSTRACT in the side-car)", name);
	fe_add_note(fe, loc, sk->why);
	fe_emit(fe, s, sk);
	return fe_untracked(xprintf("%s()", name));
}

X fe_call(Fe *fe, Ast c, Seq *s)
{
	SrcLoc loc = fe_loc_of(fe, c);
	Kids k = fe_expr_kids(c);
	if (k.n < 1)
		return fe_untracked(fe_text_of(fe, c));
	if (!fe->t) {
		error_at(loc, "only constant assignments and ls_thread() are allowed in LS_SCENARIO");
		return fe_untracked(fe_text_of(fe, c));
	}
	Ast callee = fe_strip(k.c[0]);
	if (ast_getCursorKind(callee) == AST_UnaryOperator &&
	    ast_getCursorUnaryOperatorKind(callee) == AST_UO_Deref)
		callee = fe_strip(fe_expr_kids(callee).c[0]);
	Ast ref = ast_getCursorReferenced(callee);
	AstKind ck = ast_getCursorKind(callee);
	if (ck == AST_DeclRefExpr && ast_getCursorKind(ref) == AST_FunctionDecl) {
		const char *name = fe_spelling(ref);
		const char *op = fe_ann_find(ref, "op");
		if (op)
			return fe_do_op(fe, op, c, s);
		const Sidecar *sc = fe_sidecar_next(ref, "replace", NULL);
		if (sc) {
			int n;
			X *args = fe_call_args(fe, c, &n, s);
			fe_add_note(fe, loc, xprintf("call to '%s' runs '%s' instead (LS_REPLACE at %s:%d)", name,
						     fe_spelling(sc->with), sc->loc.file, sc->loc.line));
			return fe_inline_call(fe, sc->with, args, n, c, s);
		}
		if (fe_sidecar_next(ref, "abstract", NULL))
			return fe_call_abstract(fe, ref, c, s);
		if (fe_is_setjmp(name)) {
			error_at(loc, "call to '%s' cannot be modelled", name);
			return fe_untracked(name);
		}
		if (!strcmp(name, "__builtin_expect") && ast_Cursor_getNumArguments(c) == 2)
			return fe_ev(fe, ast_Cursor_getArgument(c, 0), s);
		int n;
		X *args = fe_call_args(fe, c, &n, s);
		if (fe_is_defined(ref))
			return fe_inline_call(fe, ref, args, n, c, s);
		for (int i = 0; i < n; i++)
			if (args[i].k == X_LOCK || args[i].k == X_LOCKARR) {
				error_at(loc, "lock '%s' is passed to '%s', which is not defined in this file",
					 fe_lock_text(fe, ast_Cursor_getArgument(c, (unsigned)i)), name);
				return fe_untracked(name);
			}
		/* a local whose address it gets may be written: any value after */
		for (int i = 0; i < n; i++)
			if (args[i].k == X_ADDR)
				fe_assign(fe, (X){ .k = X_BIND, .b = args[i].b }, fe_untracked(xprintf("%s()", name)),
				       ast_Cursor_getArgument(c, (unsigned)i), loc, s);
		IrStmt *sk = ir_stmt(S_SKIP, loc);
		sk->why = xprintf("call to undefined function '%s' ignored", name);
		fe_add_note(fe, loc, sk->why);
		fe_emit(fe, s, sk);
		return fe_untracked(xprintf("%s()", name));
	}
	/* through a pointer */
	const char *ptext = fe_text_of(fe, callee);
	X f = fe_resolve(fe, fe_ev(fe, callee, s));
	if (fe_fn_var_of(fe, f))
		return fe_call_fnvar(fe, f, ptext, c, s);
	if (f.k == X_FUNC) {
		if (!fe_is_defined(f.fn)) {
			error_at(loc, "call through '%s' reaches '%s', which is not defined in this file", ptext,
				 fe_spelling(f.fn));
			return fe_untracked(ptext);
		}
		int n;
		X *args = fe_call_args(fe, c, &n, s);
		return fe_inline_call(fe, f.fn, args, n, c, s);
	}
	if ((ck == AST_MemberRefExpr || ck == AST_DeclRefExpr) && !ast_Cursor_isNull(ref))
		return fe_call_targets(fe, ref, ptext, c, s);
	error_at(loc, "call through function pointer '%s' cannot be modelled; declare its targets with LS_TARGETS",
		 ptext);
	return fe_untracked(ptext);
}
