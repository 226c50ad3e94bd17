/* fe_stmt.c - statements: statement lists, scheduling points, scopes, control flow. */
#include "fe.h"

static void fe_stmt(Fe *fe, Ast c, Seq *s);
/* ---- statement lists -------------------------------------------------------- */
void fe_emit(Fe *fe, Seq *s, IrStmt *st)
{
	if (!st)
		return;
	if (!s) { /* the scenario: only constants */
		error_at(st->loc, "only constant assignments and ls_thread() are allowed in LS_SCENARIO");
		return;
	}
	/* the call chain, for traces that read like the real stack */
	for (IrStmt *q = st; fe->frame && q; q = q->next)
		if (!q->func) {
			q->func = fe->frame->chain;
			q->sites = fe->frame->sites;
		}
	if (!s->head)
		s->head = st;
	else
		s->tail->next = st;
	s->tail = st;
	while (s->tail->next)
		s->tail = s->tail->next;
}

IrStmt *fe_wrap(Seq *s, SrcLoc loc)
{
	IrStmt *q = ir_stmt(S_SEQ, loc);
	q->body = s->head;
	return q;
}

/* One link of an else-if chain: ifs, with then as its branch and the chain
 * built so far as its else, as a statement of its own. */
IrStmt *fe_if_chain(Fe *fe, IrStmt *ifs, Seq *then, IrStmt *chain, SrcLoc loc)
{
	ifs->then = fe_wrap(then, loc);
	ifs->els = chain;
	Seq q = { 0 };
	fe_emit(fe, &q, ifs);
	return fe_wrap(&q, loc);
}

static IrStmt *fe_mk_goto(const char *label, SrcLoc loc)
{
	IrStmt *s = ir_stmt(S_GOTO, loc);
	s->label = label;
	return s;
}

IrStmt *fe_mk_label(const char *label, SrcLoc loc)
{
	IrStmt *s = ir_stmt(S_LABEL, loc);
	s->label = label;
	return s;
}

void fe_add_note(Fe *fe, SrcLoc loc, const char *what)
{
	for (int i = 0; i < fe->p->nnotes; i++) {
		IrNote *n = fe->p->notes[i];
		if (n->loc.line == loc.line && n->loc.col == loc.col && !strcmp(n->loc.file, loc.file) &&
		    !strcmp(n->what, what))
			return;
	}
	ir_add_note(fe->p, loc, what);
}

/* ---- scheduling points for native replay (IrPoint) -------------------------- */
/* f holds statement points: the spec file, or a file of a side-car program
 * (native_side.c inserts them into its copy of that file). */
static bool fe_point_file(Fe *fe, AstFile f)
{
	return f && (ast_File_isEqual(f, fe->mainfile) || fe_in_program(f));
}

/* c starts with its own tokens in the spec file (not from a macro). */
static bool fe_written_here(Fe *fe, Ast c)
{
	AstLoc start = ast_getRangeStart(ast_getCursorExtent(c));
	AstFile ef, sf;
	unsigned eo, so;
	ast_getExpansionLocation(start, &ef, NULL, NULL, &eo);
	ast_getSpellingLocation(start, &sf, NULL, NULL, &so);
	return ef && sf && fe_point_file(fe, ef) && ast_File_isEqual(sf, ef) && so == eo;
}

/* A direct child c of compound statement parent as a point: only a
 * statement that starts in the spec file, with its own tokens or, when
 * parent's braces are written there too, with a macro invocation written
 * there (`set_bit(nr, &d->flags);`: the text goes before the invocation;
 * a statement inside a macro's own braces, ({ ... }), is not one), and not
 * a label or case, whose text would then run on another path, so that
 * "ls__point(...); " inserted at its start is valid C and runs just before it. */
static FePoint fe_point_at(Fe *fe, Ast parent, Ast c)
{
	FePoint pt = { 0 };
	AstKind k = ast_getCursorKind(c);
	if (k == AST_CaseStmt || k == AST_DefaultStmt || k == AST_LabelStmt ||
	    k == AST_NullStmt || k == AST_CompoundStmt)
		return pt;
	AstLoc start = ast_getRangeStart(ast_getCursorExtent(c));
	AstFile ef;
	unsigned line, col, eo;
	ast_getExpansionLocation(start, &ef, &line, &col, &eo);
	if (!fe_point_file(fe, ef) || (!fe_written_here(fe, c) && !fe_written_here(fe, parent)))
		return pt;
	pt.open = true;
	pt.offset = eo;
	pt.loc = fe_loc_at(fe, start); /* the spec's path, or the program file's name */
	return pt;
}

bool fe_reads_state(const IrExpr *e)
{
	if (!e)
		return false;
	if (e->kind == E_VAR || (e->kind == E_HELD && e->value == 1))
		return true;
	return fe_reads_state(e->a) || fe_reads_state(e->b) || fe_reads_state(e->c);
}

/* st (an assignment, or a test over cond) is the first step of the current
 * C statement: if it reads or writes modelled state, it takes the point. */
void fe_point_claim(Fe *fe, IrStmt *st, const IrExpr *cond)
{
	if (!fe->pt.open || !fe->t)
		return;
	bool state = st->kind == S_ASSIGN ? fe_reads_state(st->lhs) || fe_reads_state(st->rhs) : fe_reads_state(cond);
	if (!state)
		return;
	fe->pt.open = false;
	st->point = fe_point_add(fe, fe->pt.loc, fe->pt.offset, 0);
}

/* The number (index + 1) of the point at [offset, end) (end 0: a statement
 * point), made when it is new: one per place in the spec, however many
 * threads and inlined copies run it. */
int fe_point_add(Fe *fe, SrcLoc loc, unsigned offset, unsigned end)
{
	int i;
	for (i = 0; i < fe->p->npoints && (fe->p->points[i].offset != offset || fe->p->points[i].end != end ||
					    strcmp(fe->p->points[i].loc.file, loc.file)); i++)
		;
	if (i == fe->p->npoints) {
		IrPoint *np = arena_array((size_t)fe->p->npoints + 1, sizeof(IrPoint));
		if (fe->p->npoints)
			memcpy(np, fe->p->points, sizeof(IrPoint) * (size_t)fe->p->npoints);
		np[fe->p->npoints++] = (IrPoint){ loc, offset, end };
		fe->p->points = np;
	}
	return i + 1;
}

IrLocal *fe_new_local(Fe *fe, const char *base, IrValKind vk, int lo, int hi, int ptype, SrcLoc loc)
{
	IrLocal *l = ir_add_local(fe->t, fe_unique_name(fe, base, false), vk, lo, hi, loc);
	l->ptr_type = ptype;
	l->cname = xstrdup(base);
	return l;
}


/* ---- statements ------------------------------------------------------------------ */
static void fe_push_scope(Fe *fe, Ast c)
{
	if (fe->nscopes == MAX_NEST)
		BUG("scopes nested too deep");
	fe->scopes[fe->nscopes].stmt = c;
	fe->scopes[fe->nscopes].guards = (PtrVec){ 0 };
	fe->nscopes++;
}

/* A cleanup attribute's call fn(&var) when var's scope is left at loc. */
static void fe_cleanup_call(Fe *fe, ScopeExit *ex, SrcLoc loc, Seq *s)
{
	X arg = { .k = X_ADDR, .b = ex->var, .ptype = -1 };
	const char *name = fe_spelling(ex->fn);
	const char *op = fe_ann_find(ex->fn, "op");
	fe->pt.open = false;
	if (op) {
		error_at(fe_loc_of(fe, ex->decl), "cleanup function '%s' of '%s' is a lockspin annotation; use ls_guard()",
			 name, ex->var->name);
		return;
	}
	if (fe_is_defined(ex->fn)) {
		fe_inline_call(fe, ex->fn, &arg, 1, ex->decl, s);
		return;
	}
	Binding *b = ex->var;
	if (b->kind == B_VAL && (b->x.k == X_LOCK || b->x.k == X_LOCKARR)) {
		error_at(fe_loc_of(fe, ex->decl), "lock '%s' is passed to cleanup function '%s', which is not defined in this file",
			 b->name, name);
		return;
	}
	IrStmt *sk = ir_stmt(S_SKIP, loc);
	sk->why = xprintf("call to undefined function '%s' ignored", name);
	fe_add_note(fe, loc, sk->why);
	fe_emit(fe, s, sk);
	fe_assign(fe, (X){ .k = X_BIND, .b = b }, fe_untracked(xprintf("%s()", name)), ex->decl, loc, s);
}

/* Release the guards of scopes [from, nscopes), innermost first. */
static void fe_release_guards(Fe *fe, int from, SrcLoc loc, Seq *s, Ast label)
{
	for (int i = fe->nscopes - 1; i >= from; i--) {
		Scope *sc = &fe->scopes[i];
		/* a goto to a label of this scope leaves only what is declared
		 * after the label (a jump back past the declaration) */
		bool target = !ast_Cursor_isNull(label) && fe_contains(sc->stmt, label);
		unsigned lo = target ? fe_offset_of(ast_getCursorLocation(label)) : 0;
		for (int g = sc->guards.len - 1; g >= 0; g--) {
			ScopeExit *ex = sc->guards.data[g];
			if (target && fe_offset_of(ast_getCursorLocation(ex->decl)) < lo)
				continue;
			if (ex->lock) {
				fe_emit(fe, s, fe_lock_stmt(fe, LO_RELEASE, ex->mode ? ex->mode : LM_EXCL, false,
							    ex->lock, loc));
				if (ex->irq == 3)
					fe_bh_add(fe, -1, loc, s);
				else if (ex->irq)
					fe_irq_set(fe, ex->irq == 2 ? fe_e_local(ex->irq_local, loc) : ir_const(0, loc),
						   loc, s);
			} else
				fe_cleanup_call(fe, ex, loc, s);
		}
		if (target)
			break;
	}
}

static bool fe_ends_in_jump(const Seq *s)
{
	return s->tail && (s->tail->kind == S_GOTO || s->tail->kind == S_BREAK || s->tail->kind == S_CONTINUE);
}

void fe_block(Fe *fe, Ast c, Seq *s)
{
	fe_push_scope(fe, c);
	Kids k = fe_kids(c);
	FePoint outer = fe->pt;
	for (int i = 0; i < k.n; i++) {
		int reads = fe->reads.len; /* the reads of one statement are looked up in it */
		fe->pt = fe_point_at(fe, c, k.c[i]);
		int dead = fe->dead.len;
		fe_stmt(fe, k.c[i], s);
		fe->reads.len = reads;
		fe_reset_temps(fe, s, dead, fe_loc_of(fe, k.c[i]));
	}
	/* the statements inside were points of their own: what the enclosing
	 * statement does after them is not at its start */
	fe->pt = outer;
	fe->pt.open = false;
	fe->pt.after = true;
	/* the guards' releases, unless the block ends in a jump (which released them) */
	if (!fe_ends_in_jump(s))
		fe_release_guards(fe, fe->nscopes - 1, fe_loc_end(fe, c), s, ast_getNullCursor());
	fe->nscopes--;
}

/* The function annotated LS__ANN("cleanup_of T") for the type T of local vd
 * (as spelled: a typedef name), or a null cursor. */
static Ast fe_cleanup_of_type(Fe *fe, Ast vd)
{
	const char *ty = ast_getTypeSpelling(ast_getCursorType(vd));
	Kids top = fe_kids(ast_getTranslationUnitCursor(fe->tu));
	for (int j = 0; j < top.n; j++) {
		const char *of = ast_getCursorKind(top.c[j]) == AST_FunctionDecl ? fe_ann_find(top.c[j], "cleanup_of")
										   : NULL;
		if (of && !strcmp(of, ty))
			return ast_getCanonicalCursor(top.c[j]);
	}
	return ast_getNullCursor();
}

/* The function of an __attribute__((cleanup(fn))) on local vd, or a null
 * cursor; *bad after an error (an attribute that cannot be read). */
static Ast fe_cleanup_fn_of(Fe *fe, Ast vd, bool *bad)
{
	Kids k = fe_kids(vd);
	Ast none = ast_getNullCursor();
	for (int i = 0; i < k.n; i++) {
		if (ast_getCursorKind(k.c[i]) != AST_UnexposedAttr)
			continue;
		/* as spelled (it may come from a macro such as Linux's __free()) */
		AstRange r = ast_getCursorExtent(k.c[i]);
		AstFile f;
		unsigned o;
		ast_getSpellingLocation(ast_getRangeStart(r), &f, NULL, NULL, &o);
		size_t size;
		const char *buf = f ? ast_getFileContents(fe->tu, f, &size) : NULL;
		if (!buf || o >= size)
			continue;
		const char *at = buf + o;
		bool is_cleanup = (!strncmp(at, "cleanup", 7) && !isalnum((unsigned char)at[7]) && at[7] != '_') ||
				  !strncmp(at, "__cleanup__", 11);
		if (!is_cleanup)
			continue;
		/* the function's name as spelled: cleanup ( fn ) */
		const char *q = at + (at[0] == '_' ? 11 : 7), *end = buf + size;
		while (q < end && isspace((unsigned char)*q))
			q++;
		const char *name = NULL;
		if (q < end && *q == '(') {
			q++;
			while (q < end && isspace((unsigned char)*q))
				q++;
			const char *n0 = q;
			while (q < end && (isalnum((unsigned char)*q) || *q == '_'))
				q++;
			const char *n1 = q;
			while (q < end && isspace((unsigned char)*q))
				q++;
			if (n1 > n0 && q < end && *q == ')')
				name = xstrndup(n0, (size_t)(n1 - n0));
		}
		/* a name a macro pastes or passes on (Linux's CLASS():
		 * class_##name##_destructor; __cleanup(func)): the function
		 * declared the cleanup of the variable's type */
		Ast by_type = fe_cleanup_of_type(fe, vd);
		if (!ast_Cursor_isNull(by_type))
			return by_type;
		if (!name) {
			error_at(fe_loc_of(fe, vd), "cleanup attribute of '%s' names its function through a macro; "
				 "write __attribute__((cleanup(fn)))", fe_spelling(vd));
			*bad = true;
			return none;
		}
		Kids top = fe_kids(ast_getTranslationUnitCursor(fe->tu));
		Ast found = none;
		for (int j = 0; j < top.n; j++)
			if (ast_getCursorKind(top.c[j]) == AST_FunctionDecl && !strcmp(fe_spelling(top.c[j]), name))
				found = ast_getCanonicalCursor(top.c[j]);
		if (ast_Cursor_isNull(found)) {
			error_at(fe_loc_of(fe, vd), "cleanup function '%s' of '%s' is not declared", name, fe_spelling(vd));
			*bad = true;
		}
		return found;
	}
	return none;
}

/*
 * A GNU statement expression ({ s1; ...; e; }): its statements in order,
 * in a scope of their own (guards and cleanups run when it ends, after the
 * value is computed); its value is that of the last statement when that is
 * an expression, else void.
 */
X fe_ev_stmt_expr(Fe *fe, Ast c, Seq *s)
{
	SrcLoc loc = fe_loc_of(fe, c);
	Kids k = fe_kids(c);
	if (!fe->t || !s) {
		error_at(loc, "statement expression '%s' is only modelled inside a thread's functions", fe_text_of(fe, c));
		return fe_untracked(fe_text_of(fe, c));
	}
	if (k.n != 1 || ast_getCursorKind(k.c[0]) != AST_CompoundStmt)
		BUG("statement expression without a compound statement");
	Ast body = k.c[0];
	fe_push_scope(fe, body);
	Kids st = fe_kids(body);
	FePoint outer = fe->pt;
	X r = fe_untracked("void");
	for (int i = 0; i < st.n; i++) {
		fe->pt = fe_point_at(fe, body, st.c[i]);
		if (i == st.n - 1 && ast_isExpression(ast_getCursorKind(st.c[i])))
			r = fe_ev(fe, st.c[i], s);
		else
			fe_stmt(fe, st.c[i], s);
	}
	fe->pt = outer;
	fe->pt.open = false;
	r = fe_rv(fe, r, loc);
	if (fe->scopes[fe->nscopes - 1].guards.len && r.k == X_VAL && !fe_is_const(r.e)) {
		/* what runs at the scope's end may change what the value reads */
		long lo, hi;
		IrValKind vk = r.ptype >= 0 ? VK_PTR : VK_INT;
		if (vk == VK_PTR)
			lo = 0, hi = fe->p->types[r.ptype]->ninst;
		else if (!fe_expr_range(fe, r.e, &lo, &hi))
			fe_int_range(&lo, &hi);
		fe_split_reads(fe, s, &r.e, 1, 1, loc);
		IrLocal *t = fe_new_local(fe, "ls_value", vk, (int)lo, (int)hi, r.ptype, loc);
		IrStmt *as = ir_stmt(S_ASSIGN, loc);
		as->lhs = fe_e_local(t->id, loc);
		as->rhs = r.e;
		fe_emit(fe, s, as);
		r = fe_val(fe_e_local(t->id, loc), r.ptype);
	}
	if (!fe_ends_in_jump(s))
		fe_release_guards(fe, fe->nscopes - 1, fe_loc_end(fe, c), s, ast_getNullCursor());
	fe->nscopes--;
	return r;
}

static void fe_local_decl(Fe *fe, Ast vd, Seq *s)
{
	SrcLoc loc = fe_loc_of(fe, vd);
	Ast init = ast_Cursor_getVarDeclInitializer(vd);
	AstType t = ast_getCanonicalType(ast_getCursorType(vd));
	int len;
	AstType e = fe_elem_type(t, &len);
	if (fe_lock_kind_of(e)) {
		error_at(loc, "local lock '%s' cannot be modelled; make it global or a field", fe_spelling(vd));
		return;
	}
	if (!ast_Cursor_isNull(init)) {
		Ast ic = fe_strip(init);
		if (ast_getCursorKind(ic) == AST_CallExpr) {
			Ast fd = ast_getCursorReferenced(ic);
			const char *op = ast_Cursor_isNull(fd) ? NULL : fe_ann_find(fd, "op");
			/* "guard [shared] [irq|irqsave]": the lock's side, and what the
			 * guard does to the CPU's interrupts (Linux's guard(spinlock_irqsave)) */
			if (op && (!strcmp(op, "guard") || !strncmp(op, "guard ", 6))) {
				int cls;
				fe->pt.open = false;
				SrcLoc gl = fe_loc_of(fe, ic);
				Ast la = ast_Cursor_getArgument(ic, 0);
				IrLockMode mode = strstr(op, " shared") ? LM_SHARED : LM_EXCL;
				int irq = strstr(op, " irqsave") ? 2 : strstr(op, " irq") ? 1 : strstr(op, " bh") ? 3 : 0;
				IrExpr *lock = fe_lock_ref(fe, la, gl, s, &cls);
				if (lock && fe_check_kind(fe, cls, ast_Cursor_getArgument(ic, 1), LO_ACQUIRE, mode, la, gl)) {
					int irq_local = irq == 2 ? fe_irq_save(fe, gl, s) : -1;
					if (irq == 1)
						fe_irq_set(fe, ir_const(1, gl), gl, s);
					if (irq == 3)
						fe_bh_add(fe, 1, gl, s);
					fe_emit(fe, s, fe_lock_stmt(fe, LO_ACQUIRE, mode, false, lock, gl));
					ScopeExit *ex = arena_alloc(sizeof(*ex));
					ex->lock = lock;
					ex->mode = mode;
					ex->irq = irq;
					ex->irq_local = irq_local;
					ex->decl = vd;
					vec_push(&fe->scopes[fe->nscopes - 1].guards, ex);
				}
				fe_bind(fe, vd, fe_untracked("guard"), ast_getNullCursor(), loc, s);
				return;
			}
		}
	}
	/* a struct local: its fields are locals of their own, set field by
	 * field (fe_local_member), the first time by its initialiser */
	if (ast_Cursor_getStorageClass(vd) != AST_SC_Static && !len && e.kind == AST_TYPE_Record) {
		Binding *b = fe_new_binding(fe, vd);
		if (!ast_Cursor_isNull(init))
			fe_record_local_init(fe, b, init, s);
		return;
	}
	if (ast_Cursor_getStorageClass(vd) == AST_SC_Static || len || e.kind == AST_TYPE_Record) {
		if (!ast_Cursor_isNull(init))
			fe_ev(fe, init, s);
		fe_bind(fe, vd, fe_untracked(fe_spelling(vd)), ast_getNullCursor(), loc, s);
		return;
	}
	if (ast_Cursor_isNull(init)) {
		fe_new_binding(fe, vd);
		return;
	}
	X x = fe_ev(fe, init, s);
	fe_bind(fe, vd, x, fe_fn_body(fe->frame->fn), loc, s);
}

/* local_decl, then the cleanup attribute's call registered with the scope. */
static void fe_local_decl_cleanup(Fe *fe, Ast vd, Seq *s)
{
	bool bad = false;
	Ast fn = fe_cleanup_fn_of(fe, vd, &bad);
	fe_local_decl(fe, vd, s);
	if (bad || ast_Cursor_isNull(fn))
		return;
	const char *op = fe_ann_find(fn, "op");
	if (op && !strcmp(op, "guard_release")) {
		/* ls_guard()'s own cleanup: local_decl registered the release,
		 * provided the local is initialised by ls__guard() */
		Ast ic = fe_strip(ast_Cursor_getVarDeclInitializer(vd));
		Ast gd = ast_getCursorKind(ic) == AST_CallExpr ? ast_getCursorReferenced(ic)
									    : ast_getNullCursor();
		const char *gop = ast_Cursor_isNull(gd) ? NULL : fe_ann_find(gd, "op");
		if (gop && (!strcmp(gop, "guard") || !strncmp(gop, "guard ", 6)))
			return;
	}
	Binding *b = fe_find_binding(fe, vd);
	if (!b)
		BUG("no binding for local '%s'", fe_spelling(vd));
	ScopeExit *ex = arena_alloc(sizeof(*ex));
	ex->fn = fn;
	ex->var = b;
	ex->decl = vd;
	vec_push(&fe->scopes[fe->nscopes - 1].guards, ex);
}

static const char *fe_frame_label(Fe *fe, Ast label_stmt)
{
	const char *name = fe_spelling(label_stmt);
	PtrVec *v = &fe->frame->labels;
	for (int i = 0; i + 1 < v->len; i += 2)
		if (!strcmp(v->data[i], name))
			return v->data[i + 1];
	const char *ir = fe_unique_name(fe, name, true);
	vec_push(v, (void *)name);
	vec_push(v, (void *)ir);
	return ir;
}

static IrStmt *fe_sub_stmt(Fe *fe, Ast c, SrcLoc loc)
{
	Seq b = { 0 };
	fe->depth++;
	fe_stmt(fe, c, &b);
	fe->depth--;
	return fe_wrap(&b, loc);
}

static IrStmt *fe_abstract_if(Fe *fe, const char *text, SrcLoc loc, bool loop)
{
	IrStmt *st = ir_stmt(loop ? S_LOOP : S_IF, loc);
	st->why = xprintf("%scondition '%s' over untracked data", loop ? "loop " : "", text);
	fe_add_note(fe, loc, xprintf("%scondition '%s' over untracked data: %s", loop ? "loop " : "", text,
			      loop ? "any number of iterations" : "either branch"));
	return st;
}

static void fe_if_stmt(Fe *fe, Ast c, Seq *s)
{
	Kids k = fe_kids(c);
	SrcLoc loc = fe_loc_of(fe, c);
	if (k.n < 2)
		return;
	const char *why;
	IrExpr *e = fe_test_expr(fe, k.c[0], s, &why);
	IrStmt *st = e ? ir_stmt(S_IF, loc) : fe_abstract_if(fe, why, fe_loc_of(fe, k.c[0]), false);
	st->loc = loc;
	st->cond = e;
	if (e)
		fe_point_claim(fe, st, e);
	st->then = fe_sub_stmt(fe, k.c[1], fe_loc_of(fe, k.c[1]));
	if (k.n > 2)
		st->els = fe_sub_stmt(fe, k.c[2], fe_loc_of(fe, k.c[2]));
	fe_emit(fe, s, st);
}

/*
 * do body while (cond): the test is lowered after the body, as it runs,
 * so a local the body assigns (do { new = val - 1; } while
 * (!atomic_try_cmpxchg(&r->refs, &val, new))) has that value in the test,
 * not the none it had before the loop.  A test with side effects is
 * evaluated at the end of the body: loop(1) { body; cont: pre; if (!cond)
 * break; }
 */
static void fe_do_while(Fe *fe, Ast c, Ast cond_c, Ast body, Seq *s)
{
	SrcLoc loc = fe_loc_of(fe, c);
	IrStmt *lp = ir_stmt(S_LOOP, loc);
	/* the test runs at the end: not at the statement's start */
	fe->pt.open = false;
	Jump *j = &fe->jumps[fe->njumps++];
	*j = (Jump){ .nscopes = fe->nscopes };
	j->cont = fe_unique_name(fe, "ls_continue", true);
	Seq b = { 0 };
	fe->depth++;
	fe_stmt(fe, body, &b);
	j = &fe->jumps[fe->njumps - 1];
	if (j->cont_used)
		fe_emit(fe, &b, fe_mk_label(j->cont, fe_loc_of(fe, ast_Cursor_isNull(cond_c) ? c : cond_c)));
	fe->depth--;
	fe->njumps--;
	Seq pre = { 0 };
	IrExpr *cond = NULL;
	const char *why = NULL;
	fe->pt.open = false;
	if (ast_Cursor_isNull(cond_c))
		cond = ir_const(1, loc);
	else
		cond = fe_test_expr(fe, cond_c, &pre, &why);
	fe->pt.open = false;
	bool inner_test = pre.head != NULL || !cond;
	if (inner_test) {
		fe_emit(fe, &b, pre.head);
		IrStmt *brk = cond ? ir_stmt(S_IF, loc) : fe_abstract_if(fe, why, fe_loc_of(fe, cond_c), false);
		if (cond)
			brk->cond = fe_unop('!', cond, loc);
		Seq bs = { 0 };
		fe_emit(fe, &bs, ir_stmt(S_BREAK, loc));
		brk->then = fe_wrap(&bs, loc);
		fe_emit(fe, &b, brk);
		lp->cond = ir_const(1, loc);
	} else {
		lp->cond = cond;
		lp->test_after = true;
	}
	lp->body = fe_wrap(&b, loc);
	fe_emit(fe, s, lp);
}

/*
 * while and for loops.  cond_c may be null (for (;;)).  When the condition
 * has side effects (while (!trylock(...))) it is evaluated inside the loop:
 *   loop(1) { pre; if (!cond) break; body; cont: step }
 */
static void fe_loop_stmt(Fe *fe, Ast c, Ast init, Ast cond_c, Ast step, Ast body, Seq *s)
{
	SrcLoc loc = fe_loc_of(fe, c);
	if (!ast_Cursor_isNull(init)) {
		if (ast_getCursorKind(init) == AST_DeclStmt)
			fe_stmt(fe, init, s);
		else
			fe_ev(fe, init, s);
	}
	IrStmt *lp = ir_stmt(S_LOOP, loc);
	Seq pre = { 0 };
	IrExpr *cond = NULL;
	const char *why = NULL;
	if (ast_Cursor_isNull(cond_c))
		cond = ir_const(1, loc);
	else
		cond = fe_test_expr(fe, cond_c, &pre, &why);
	bool inner_test = pre.head != NULL;
	/* a while or for test is at the statement's start (its first
	 * evaluation) */
	if (cond && !inner_test)
		fe_point_claim(fe, lp, cond);
	Jump *j = &fe->jumps[fe->njumps++];
	*j = (Jump){ .nscopes = fe->nscopes };
	if (!ast_Cursor_isNull(step))
		j->cont = fe_unique_name(fe, "ls_continue", true);
	Seq b = { 0 };
	fe->depth++;
	if (inner_test) {
		fe_emit(fe, &b, pre.head);
		IrStmt *brk = ir_stmt(S_IF, loc);
		if (cond)
			brk->cond = fe_unop('!', cond, loc);
		else
			brk = fe_abstract_if(fe, why, fe_loc_of(fe, cond_c), false);
		Seq bs = { 0 };
		fe_emit(fe, &bs, ir_stmt(S_BREAK, loc));
		brk->then = fe_wrap(&bs, loc);
		fe_emit(fe, &b, brk);
	}
	fe_stmt(fe, body, &b);
	j = &fe->jumps[fe->njumps - 1];
	if (j->cont_used)
		fe_emit(fe, &b, fe_mk_label(j->cont, fe_loc_of(fe, ast_Cursor_isNull(step) ? (ast_Cursor_isNull(cond_c) ? c : cond_c) : step)));
	if (!ast_Cursor_isNull(step))
		fe_ev(fe, step, &b);
	fe->depth--;
	fe->njumps--;
	lp->body = fe_wrap(&b, loc);
	if (inner_test) {
		lp->cond = ir_const(1, loc);
	} else if (cond) {
		lp->cond = cond;
	} else {
		IrStmt *a = fe_abstract_if(fe, why, fe_loc_of(fe, cond_c), true);
		lp->cond = NULL;
		lp->why = a->why;
	}
	fe_emit(fe, s, lp);
}

/* The parts of a for statement: libclang leaves out the absent ones. */
static void fe_for_stmt(Fe *fe, Ast c, Seq *s)
{
	Kids k = fe_kids(c);
	Ast parts[4] = { ast_getNullCursor(), ast_getNullCursor(), ast_getNullCursor(),
			      ast_getNullCursor() };
	AstToken *toks;
	unsigned nt;
	ast_tokenize(fe->tu, ast_getCursorExtent(c), &toks, &nt);
	unsigned semi[2] = { 0, 0 }, rparen = 0;
	int depth = 0, ns = 0;
	for (unsigned i = 0; i < nt; i++) {
		const char *t = ast_getTokenSpelling(fe->tu, toks[i]);
		unsigned off = fe_offset_of(ast_getTokenLocation(fe->tu, toks[i]));
		if (!strcmp(t, "("))
			depth++;
		else if (!strcmp(t, ")") && --depth == 0) {
			rparen = off;
			break;
		} else if (!strcmp(t, ";") && depth == 1 && ns < 2)
			semi[ns++] = off;
	}
	ast_disposeTokens(fe->tu, toks, nt);
	for (int i = 0; i < k.n; i++) {
		unsigned o = fe_offset_of(ast_getCursorLocation(k.c[i]));
		int slot = ns == 2 && rparen ? (o < semi[0] ? 0 : o < semi[1] ? 1 : o < rparen ? 2 : 3) : (i == k.n - 1 ? 3 : i);
		/* a declaration's location is its name; its extent starts before the first ';' */
		if (ast_getCursorKind(k.c[i]) == AST_DeclStmt)
			slot = 0;
		parts[slot] = k.c[i];
	}
	fe_push_scope(fe, c);
	fe_loop_stmt(fe, c, parts[0], parts[1], parts[2], parts[3], s);
	fe_release_guards(fe, fe->nscopes - 1, fe_loc_end(fe, c), s, ast_getNullCursor());
	fe->nscopes--;
}

static AstVisitResult cases_visit(Ast c, Ast parent, void * d)
{
	(void)parent;
	Fe *fe = d;
	Jump *j = &fe->jumps[fe->njumps - 1]; /* the switch being lowered */
	AstKind k = ast_getCursorKind(c);
	if (k == AST_SwitchStmt)
		return AST_VISIT_Continue;
	if (k == AST_CaseStmt || k == AST_DefaultStmt) {
		Ast *nc = arena_array((size_t)j->ncases + 1, sizeof(Ast));
		const char **nl = arena_array((size_t)j->ncases + 1, sizeof(char *));
		if (j->ncases) {
			memcpy(nc, j->cases, sizeof(Ast) * (size_t)j->ncases);
			memcpy(nl, j->case_labels, sizeof(char *) * (size_t)j->ncases);
		}
		nc[j->ncases] = c;
		nl[j->ncases] = fe_unique_name(fe, k == AST_DefaultStmt ? "ls_default" : "ls_case", true);
		j->cases = nc;
		j->case_labels = nl;
		j->ncases++;
	}
	return ast_isExpression(k) ? AST_VISIT_Continue : AST_VISIT_Recurse;
}

/*
 * switch (e) body  ->  t = e; if (t == v1) goto case1 else if ... else goto
 * default (or end); body with case labels; end:   break -> goto end.
 */
static void fe_switch_stmt(Fe *fe, Ast c, Seq *s)
{
	Kids k = fe_kids(c);
	SrcLoc loc = fe_loc_of(fe, c);
	if (k.n < 2)
		return;
	Ast body = k.c[k.n - 1];
	const char *why;
	IrExpr *e = fe_test_expr(fe, k.c[k.n - 2], s, &why);
	if (e && !fe_is_const(e) && e->kind != E_LOCAL) {
		IrLocal *t;
		IrStmt *as = fe_tmp_store(fe, "ls_switch", e, loc, &t);
		fe_point_claim(fe, as, NULL);
		fe_emit(fe, s, as);
		e = fe_e_local(t->id, loc);
	}
	Jump *j = &fe->jumps[fe->njumps++];
	*j = (Jump){ .is_switch = true, .nscopes = fe->nscopes };
	j->brk = fe_unique_name(fe, "ls_switch_end", true);
	ast_visitChildren(body, cases_visit, fe);
	const char *deflabel = j->brk;
	IrStmt *chain = NULL;
	for (int i = 0; i < j->ncases; i++)
		if (ast_getCursorKind(j->cases[i]) == AST_DefaultStmt)
			deflabel = j->case_labels[i];
	Seq dflt = { 0 };
	fe_emit(fe, &dflt, fe_mk_goto(deflabel, loc));
	chain = fe_wrap(&dflt, loc);
	if (!e)
		fe_add_note(fe, fe_loc_of(fe, k.c[k.n - 2]),
			 xprintf("switch on '%s' over untracked data: any case", why));
	for (int i = j->ncases - 1; i >= 0; i--) {
		if (ast_getCursorKind(j->cases[i]) == AST_DefaultStmt)
			continue;
		/* case v: body, or the GNU range case lo ... hi: body */
		Kids ck = fe_kids(j->cases[i]);
		long long v = 0, hi = 0;
		SrcLoc cl = fe_loc_of(fe, j->cases[i]);
		bool range = ck.n == 3;
		if (ck.n < 2 || !fe_eval_int(ck.c[0], &v) || (range && !fe_eval_int(ck.c[1], &hi))) {
			error_at(cl, "case value is not a constant");
			continue;
		}
		IrStmt *ifs = ir_stmt(S_IF, cl);
		if (e && range)
			ifs->cond = fe_binop(OP_LAND, fe_binop(OP_GE, e, ir_const((int)v, cl), cl),
					  fe_binop(OP_LE, e, ir_const((int)hi, cl), cl), cl);
		else if (e)
			ifs->cond = fe_binop(OP_EQ, e, ir_const((int)v, cl), cl);
		else
			ifs->why = xprintf("switch on '%s' over untracked data", why);
		Seq th = { 0 };
		fe_emit(fe, &th, fe_mk_goto(j->case_labels[i], cl));
		chain = fe_if_chain(fe, ifs, &th, chain, cl);
	}
	fe_emit(fe, s, chain);
	Seq b = { 0 };
	fe->depth++;
	fe_stmt(fe, body, &b);
	fe->depth--;
	fe_emit(fe, s, b.head);
	fe_emit(fe, s, fe_mk_label(fe->jumps[fe->njumps - 1].brk, fe_loc_end(fe, c)));
	fe->njumps--;
}

static void fe_case_stmt(Fe *fe, Ast c, Seq *s)
{
	for (int i = fe->njumps - 1; i >= 0; i--) {
		Jump *j = &fe->jumps[i];
		if (!j->is_switch)
			continue;
		/* by kind and extent: ast_equalCursors also compares the parent
		 * declaration libclang records, which differs for a case visited
		 * after a declaration (case X: { int y; ... } case Y:) */
		for (int n = 0; n < j->ncases; n++)
			if (ast_getCursorKind(j->cases[n]) == ast_getCursorKind(c) &&
			    ast_equalRanges(ast_getCursorExtent(j->cases[n]), ast_getCursorExtent(c)))
				fe_emit(fe, s, fe_mk_label(j->case_labels[n], fe_loc_of(fe, c)));
		break;
	}
	Kids k = fe_kids(c);
	if (k.n)
		fe_stmt(fe, k.c[k.n - 1], s);
}

static void fe_jump_stmt(Fe *fe, Ast c, bool brk, Seq *s)
{
	SrcLoc loc = fe_loc_of(fe, c);
	int i = fe->njumps - 1;
	if (!brk)
		while (i >= 0 && fe->jumps[i].is_switch)
			i--;
	if (i < 0) {
		error_at(loc, "%s outside a loop", brk ? "break" : "continue");
		return;
	}
	Jump *j = &fe->jumps[i];
	fe_release_guards(fe, j->nscopes, loc, s, ast_getNullCursor());
	if (brk && j->brk) {
		fe_emit(fe, s, fe_mk_goto(j->brk, loc));
	} else if (!brk && j->cont) {
		j->cont_used = true;
		fe_emit(fe, s, fe_mk_goto(j->cont, loc));
	} else {
		fe_emit(fe, s, ir_stmt(brk ? S_BREAK : S_CONTINUE, loc));
	}
}

static void fe_return_stmt(Fe *fe, Ast c, Seq *s)
{
	SrcLoc loc = fe_loc_of(fe, c);
	Frame *fr = fe->frame;
	Kids k = fe_expr_kids(c);
	if (k.n == 1) {
		X x = fe_evr(fe, k.c[0], s);
		if (x.k == X_LOCK || x.k == X_OBJ || x.k == X_FUNC || x.k == X_LOCKARR || x.k == X_ADDR) {
			if (fr->has_xret && (fr->xret.k != x.k || fr->xret.id != x.id))
				error_at(loc, "'%s' returns different locks or objects; this cannot be modelled",
					 fr->fname);
			fr->has_xret = true;
			fr->xret = x;
		} else if (x.k == X_VAL) {
			if (fr->result < 0) {
				IrValKind vk;
				int lo, hi;
				AstType rt = ast_getResultType(ast_getCursorType(fr->fn));
				fe_range_of_type(rt, &vk, &lo, &hi);
				if (vk == VK_PTR) {
					hi = x.ptype >= 0 ? fe->p->types[x.ptype]->ninst : 0;
				} else if (vk == VK_INT) {
					long l, h;
					if (fe_expr_range(fe, x.e, &l, &h) && l >= lo && h <= hi)
						lo = (int)l, hi = (int)h;
				}
				IrLocal *rl = fe_new_local(fe, xprintf("%s_result", fr->fname), vk, lo, hi, x.ptype, loc);
				if (vk == VK_INT)
					fe_set_local_type(fe, rl, rt);
				fr->result = rl->id;
			}
			fe_split_reads(fe, s, &x.e, 1, 1, loc);
			const IrLocal *rl = fe->t->locals[fr->result];
			const LocalType *lt = fe_local_type(fe, rl);
			long a, b;
			if (rl->vk == VK_INT && lt->wrap && !(fe_expr_range(fe, x.e, &a, &b) && a >= lt->lo && b <= lt->hi))
				x.e = fe_wrap_int(x.e, lt->lo, lt->hi, loc); /* converted to the return type */
			IrStmt *as = ir_stmt(S_ASSIGN, loc);
			as->lhs = fe_e_local(fr->result, loc);
			as->rhs = x.e;
			fe_widen_local(fe, fe->t->locals[fr->result], x.e);
			fe_point_claim(fe, as, NULL);
			fe_emit(fe, s, as);
		} else if (x.k == X_UNTRACKED) {
			IrStmt *sk = ir_stmt(S_SKIP, loc);
			sk->why = xprintf("return of untracked '%s'", x.why);
			vec_push(&fr->untracked_rets, sk);
			fe_emit(fe, s, sk);
		}
	}
	fe_release_guards(fe, fr->scope_base, loc, s, ast_getNullCursor());
	fr->ret_used = true;
	fe_emit(fe, s, fe_mk_goto(fr->ret_label, loc));
}

/* asm("" ::: "memory") and the like, as its text is written (in a macro's
 * body for barrier()): the template is the empty string and there are no
 * input or output operands. */
static bool fe_asm_is_barrier(Fe *fe, Ast c)
{
	if (fe_kids(c).n)
		return false;
	const char *t = fe_text_of(fe, c);
	const char *p = t ? strchr(t, '(') : NULL;
	if (!p)
		return false;
	for (p++; *p == ' '; p++)
		;
	if (strncmp(p, "\"\"", 2))
		return false;
	for (p += 2; *p == ' '; p++)
		;
	return *p == ':' || *p == ')';
}

static void fe_stmt(Fe *fe, Ast c, Seq *s)
{
	AstKind k = ast_getCursorKind(c);
	SrcLoc loc = fe_loc_of(fe, c);
	Kids ks;
	/* a native run-time check runs once, at the point before the C
	 * statement: not for a loop (its test and body run again) nor for a
	 * branch or body that is not a { } child of its own */
	if (k == AST_ForStmt || k == AST_WhileStmt || k == AST_DoStmt ||
	    fe_offset_of(ast_getRangeStart(ast_getCursorExtent(c))) != fe->pt.offset)
		fe->pt.after = true;
	switch (k) {
	case AST_CompoundStmt:
		fe_block(fe, c, s);
		return;
	case AST_DeclStmt:
		ks = fe_kids(c);
		for (int i = 0; i < ks.n; i++) {
			switch (ast_getCursorKind(ks.c[i])) {
			case AST_VarDecl:
				fe_local_decl_cleanup(fe, ks.c[i], s);
				break;
			case AST_TypedefDecl:
			case AST_StructDecl:
			case AST_UnionDecl:
			case AST_EnumDecl:
			case AST_StaticAssert:
			case AST_FunctionDecl: /* a local prototype */
				break; /* no run-time effect */
			default:
				error_at(fe_loc_of(fe, ks.c[i]), "declaration '%s' (%s) cannot be modelled", fe_text_of(fe, ks.c[i]),
					 ast_getCursorKindSpelling(ast_getCursorKind(ks.c[i])));
			}
		}
		return;
	case AST_IfStmt:
		fe_if_stmt(fe, c, s);
		return;
	case AST_WhileStmt:
		ks = fe_kids(c);
		if (ks.n == 2)
			fe_loop_stmt(fe, c, ast_getNullCursor(), ks.c[0], ast_getNullCursor(), ks.c[1], s);
		return;
	case AST_DoStmt:
		ks = fe_kids(c);
		if (ks.n == 2)
			fe_do_while(fe, c, ks.c[1], ks.c[0], s);
		return;
	case AST_ForStmt:
		fe_for_stmt(fe, c, s);
		return;
	case AST_SwitchStmt:
		fe_switch_stmt(fe, c, s);
		return;
	case AST_CaseStmt:
	case AST_DefaultStmt:
		fe_case_stmt(fe, c, s);
		return;
	case AST_BreakStmt:
		fe_jump_stmt(fe, c, true, s);
		return;
	case AST_ContinueStmt:
		fe_jump_stmt(fe, c, false, s);
		return;
	case AST_ReturnStmt:
		fe_return_stmt(fe, c, s);
		return;
	case AST_GotoStmt: {
		Ast target = ast_getCursorReferenced(c);
		fe_release_guards(fe, fe->frame->scope_base, loc, s, target);
		fe_emit(fe, s, fe_mk_goto(fe_frame_label(fe, target), loc));
		return;
	}
	case AST_LabelStmt:
		fe_emit(fe, s, fe_mk_label(fe_frame_label(fe, c), loc));
		ks = fe_kids(c);
		if (ks.n)
			fe_stmt(fe, ks.c[ks.n - 1], s);
		return;
	case AST_NullStmt:
		return;
	case AST_UnexposedStmt: {
		/* an attributed statement (__attribute__((fallthrough)); ...):
		 * the attribute does not change what runs */
		const char *t = fe_first_token(fe, c);
		ks = fe_kids(c);
		if ((!strcmp(t, "__attribute__") || !strcmp(t, "[[")) && ks.n >= 1 &&
		    !ast_isAttribute(ast_getCursorKind(ks.c[ks.n - 1]))) {
			fe_stmt(fe, ks.c[ks.n - 1], s);
			return;
		}
		fe_reject(fe, c, "statement");
		return;
	}
	case AST_IndirectGotoStmt:
		fe_reject(fe, c, NULL);
		return;
	case AST_GCCAsmStmt: {
		/* a compiler barrier (an empty template, no operands) orders
		 * nothing a sequentially consistent model does not; any other
		 * instruction may do what the model cannot see (Xen's
		 * "msr daifset" masks interrupts) */
		if (!fe_asm_is_barrier(fe, c)) {
			error_at(loc, "inline assembly '%s' cannot be modelled", fe_text_of(fe, c));
			return;
		}
		IrStmt *sk = ir_stmt(S_SKIP, loc);
		sk->why = "inline assembly ignored (a compiler barrier)";
		fe_add_note(fe, loc, sk->why);
		fe_emit(fe, s, sk);
		return;
	}
	default:
		if (ast_isExpression(k)) {
			fe_ev(fe, c, s);
			return;
		}
		fe_reject(fe, c, NULL);
	}
}
