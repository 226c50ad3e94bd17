/* fe_scenario.c - the scenario: global initial values and the ls_thread() threads. */
#include "fe.h"

/* ---- the scenario ----------------------------------------------------------------- */
static Ast fe_find_scenario(Fe *fe)
{
	Kids top = fe_kids(ast_getTranslationUnitCursor(fe->tu));
	for (int i = 0; i < top.n; i++)
		if (ast_getCursorKind(top.c[i]) == AST_FunctionDecl && ast_isCursorDefinition(top.c[i]) &&
		    fe_ann_find(top.c[i], "scenario"))
			return top.c[i];
	return ast_getNullCursor();
}

static void fe_set_init(Fe *fe, X lhs, X rhs, Ast lc, SrcLoc loc)
{
	if (lhs.k != X_STATE) {
		/* Registering a hook (kvm->arch.crypto.pqap_hook = handle_pqap) is
		 * fine: calls through the pointer explore its LS_TARGETS anyway. */
		Ast d = ast_getCursorReferenced(lc);
		if (!ast_Cursor_isNull(d) && fe_ann_find(d, "targets")) {
			fe_add_note(fe, loc, xprintf("the scenario sets function pointer '%s'; calls through it explore "
					      "its LS_TARGETS", fe_text_of(fe, lc)));
			return;
		}
		error_at(loc, "'%s' is not modelled state; the scenario may only set LS_STATE fields and globals",
			 fe_text_of(fe, lc));
		return;
	}
	IrVar *v = fe->p->vars[lhs.id];
	if (v->vk == VK_FN) {
		bool bad;
		rhs = fe_fn_value(fe, v, rhs, lc, loc, &bad);
		if (bad)
			return;
	}
	int inst = 1, idx = 0;
	if (v->type) {
		if (!fe_is_const(lhs.e)) {
			error_at(loc, "initial value of '%s' needs a constant object", fe_text_of(fe, lc));
			return;
		}
		inst = lhs.e->value;
	}
	if (v->arrlen > 1) {
		if (!fe_is_const(lhs.idx)) {
			error_at(loc, "initial value of '%s' needs a constant index", fe_text_of(fe, lc));
			return;
		}
		idx = lhs.idx->value;
	}
	if (rhs.k != X_VAL || !fe_is_const(rhs.e)) {
		error_at(loc, "initial value of '%s' must be a constant", fe_text_of(fe, lc));
		return;
	}
	int value = rhs.e->value;
	if (value < v->lo || value > v->hi) {
		error_at(loc, "initial value %d of '%s' is outside its range %d..%d", value, fe_text_of(fe, lc), v->lo,
			 v->hi);
		return;
	}
	v->init[inst * v->arrlen + idx] = value;
}

/* A global initialiser: scalars, and struct initialisers one level deep. */
void fe_global_inits(Fe *fe)
{
	for (int i = 0; i < fe->globals.len; i++) {
		Global *g = fe->globals.data[i];
		Ast init = ast_Cursor_getVarDeclInitializer(g->decl);
		if (ast_Cursor_isNull(init)) {
			Kids k = fe_kids(g->decl);
			for (int j = 0; j < k.n; j++)
				if (ast_getCursorKind(k.c[j]) == AST_InitListExpr)
					init = k.c[j];
		}
		if (ast_Cursor_isNull(init))
			continue;
		SrcLoc loc = fe_loc_of(fe, init);
		if (g->kind == G_STATE && !g->len) {
			X x = fe_rv(fe, fe_ev(fe, init, NULL), loc);
			fe_set_init(fe, (X){ .k = X_STATE, .id = g->f.id }, x, g->decl, loc);
		} else if (g->kind == G_OBJ && !g->len && ast_getCursorKind(init) == AST_InitListExpr) {
			X obj = { .k = X_OBJ, .st = g->st, .e = ir_const(g->base, loc), .pfx = "" };
			Kids k = fe_expr_kids(init);
			/* positional: the struct's fields in order */
			Kids fields = fe_kids(ast_getCursorDefinition(ast_getTypeDeclaration(
				ast_getCanonicalType(ast_getCursorType(g->decl)))));
			int fi = 0;
			for (int j = 0; j < k.n; j++) {
				Ast item = k.c[j];
				const char *fname = NULL;
				Kids ik = fe_kids(item);
				if (ast_getCursorKind(item) == AST_UnexposedExpr && ik.n >= 2 &&
				    ast_getCursorKind(ik.c[0]) == AST_MemberRef) {
					fname = fe_spelling(ik.c[0]);
					item = ik.c[ik.n - 1];
					for (int f = 0; f < fields.n; f++)
						if (!strcmp(fe_spelling(fields.c[f]), fname))
							fi = f;
				} else {
					while (fi < fields.n && ast_getCursorKind(fields.c[fi]) != AST_FieldDecl)
						fi++;
					if (fi >= fields.n)
						break;
					fname = fe_spelling(fields.c[fi]);
				}
				fi++;
				X lhs = fe_member(fe, obj, fname, item);
				if (lhs.k != X_STATE)
					continue;
				X x = fe_rv(fe, fe_ev(fe, item, NULL), loc);
				fe_set_init(fe, lhs, x, item, fe_loc_of(fe, item));
			}
		}
	}
}

/* The IrVar of the CPUs' interrupt state (cpu.irqs_off[c], one bool per
 * scenario thread, as each is a CPU), made the first time something needs
 * it; fe->ncpus is the number of threads the scenario starts. */
int fe_irq_var(Fe *fe, SrcLoc loc)
{
	IrProgram *p = fe->p;
	if (p->irq_var >= 0)
		return p->irq_var;
	int n = fe->ncpus > 0 ? fe->ncpus : 1;
	IrVar *v = ir_add_var(p, "cpu.irqs_off", VK_BOOL, 0, 1, 0, n, loc);
	v->init = arena_array((size_t)(p->types[0]->ninst + 1) * (size_t)n, sizeof(int));
	p->irq_var = v->id;
	return v->id;
}

/* The IrVar of the CPUs' bottom halves (cpu.bh_off[c], the local_bh_disable()
 * count of each), made when the scenario has a softirq handler. */
int fe_bh_var(Fe *fe, SrcLoc loc)
{
	IrProgram *p = fe->p;
	if (p->bh_var >= 0)
		return p->bh_var;
	int n = fe->ncpus > 0 ? fe->ncpus : 1;
	IrVar *v = ir_add_var(p, "cpu.bh_off", VK_INT, 0, IR_MAX_BH, 0, n, loc);
	v->init = arena_array((size_t)(p->types[0]->ninst + 1) * (size_t)n, sizeof(int));
	p->bh_var = v->id;
	return v->id;
}

/* The thread kinds of LS_SCENARIO */
enum { FE_THREAD, FE_IRQ, FE_SOFTIRQ };

static int fe_thread_kind(const char *op)
{
	return !op ? -1 : !strcmp(op, "thread") ? FE_THREAD : !strcmp(op, "irq_thread") ? FE_IRQ
		: !strcmp(op, "softirq_thread") ? FE_SOFTIRQ : -1;
}

/* ls_thread(fn, arg), or a handler: ls_irq_thread(fn, arg, cpu),
 * ls_softirq_thread(fn, arg, cpu) */
static void fe_make_thread(Fe *fe, Ast c, int nth, int kind)
{
	SrcLoc loc = fe_loc_of(fe, c);
	int cpu = -1;
	bool irq = kind == FE_IRQ, handler = kind != FE_THREAD;
	if (ast_Cursor_getNumArguments(c) < (irq ? 6 : handler ? 5 : 4))
		return;
	if (handler) {
		long long v;
		if (!fe_eval_int(ast_Cursor_getArgument(c, 2), &v) || v < 0 || v >= nth ||
		    fe->p->threads[v]->irq_cpu >= 0) {
			error_at(loc, "%s() needs the number of a thread started before it (0 for the "
				 "first ls_thread()) that is not an interrupt handler, got '%s'",
				 irq ? "ls_irq_thread" : "ls_softirq_thread",
				 fe_text_of(fe, fe_strip(ast_Cursor_getArgument(c, 2))));
			return;
		}
		cpu = (int)v;
		fe_irq_var(fe, loc);
		if (!irq)
			fe_bh_var(fe, loc);
	}
	Ast fnc = fe_strip(ast_Cursor_getArgument(c, 0));
	Ast fn = ast_getCursorReferenced(fnc);
	if (ast_getCursorKind(fn) != AST_FunctionDecl || !fe_is_defined(fn)) {
		error_at(loc, "thread function '%s' is not a function defined in this file", fe_text_of(fe, fnc));
		return;
	}
	const char *fname = fe_spelling(fn);
	/* the thread runs fname(arg), like pthread_create: one pointer, or none */
	Ast fdef = ast_getCursorDefinition(fn);
	int np = ast_Cursor_getNumArguments(fdef);
	/* a handler may have Linux's shape too: irqreturn_t fn(int irq, void *dev_id) */
	bool linux_irq = irq && np == 2 &&
			 ast_getCanonicalType(ast_getCursorType(ast_Cursor_getArgument(fdef, 0))).kind != AST_TYPE_Pointer &&
			 ast_getCanonicalType(ast_getCursorType(ast_Cursor_getArgument(fdef, 1))).kind == AST_TYPE_Pointer;
	if (!linux_irq && (np > 1 || (np == 1 && ast_getCanonicalType(ast_getCursorType(ast_Cursor_getArgument(fdef, 0))).kind !=
					  AST_TYPE_Pointer))) {
		error_at(loc, "thread function '%s' must take one pointer parameter%s, it takes %s", fname,
			 irq ? " (or be an irq_handler_t: int irq, void *dev_id)" : "",
			 np > 1 ? xprintf("%d parameters", np) : "a non-pointer");
		return;
	}
	const char *aname = fe_eval_str(ast_Cursor_getArgument(c, irq ? 5 : handler ? 4 : 3));
	X arg = fe_rv(fe, fe_ev(fe, ast_Cursor_getArgument(c, 1), NULL), loc);
	if (arg.k == X_UNTRACKED && aname && strcmp(aname, "NULL") && strcmp(aname, "0"))
		error_at(loc, "thread argument '%s' is not a modelled object or lock", aname);
	IrThread *t = ir_add_thread(fe->p, xprintf("%s(%s)", fname, aname ? aname : ""), fname, loc);
	t->irq_cpu = cpu;
	t->softirq = kind == FE_SOFTIRQ;
	Ast def = ast_getCursorDefinition(fn);
	t->func_loc = fe_loc_of(fe, def);
	fe->t = t;
	fe->labels = (PtrVec){ 0 };
	fe->nscopes = 0;
	fe->njumps = 0;
	fe->depth = 0;
	fe->nframes = 0;
	fe->frame = NULL;
	fe->pt = (FePoint){ 0 };
	fe->range_checks.len = 0;
	Seq s = { 0 };
	if (linux_irq) {
		X args[2] = { fe_untracked("the interrupt number"), arg };
		fe_inline_call(fe, fn, args, 2, c, &s);
	} else {
		fe_inline_call(fe, fn, &arg, 1, c, &s);
	}
	fe_range_checks_finish(fe);
	t->body->body = s.head;
	t->body->loc = t->func_loc;
	fe->t = NULL;
}

void fe_scenario(Fe *fe)
{
	Ast sc = fe_find_scenario(fe);
	SrcLoc floc = { fe->path, 0, 0 };
	if (ast_Cursor_isNull(sc)) {
		error_at(floc, "no LS_SCENARIO in this file");
		return;
	}
	Ast body = fe_fn_body(sc);
	Kids k = fe_kids(body);
	int nthreads = 0;
	/* every thread is a CPU its handlers may interrupt: count them first */
	fe->ncpus = 0;
	fe->softirq = false;
	for (int i = 0; i < k.n; i++) {
		Ast e = fe_strip(k.c[i]);
		Ast fd = ast_getCursorKind(e) == AST_CallExpr ? ast_getCursorReferenced(e) : ast_getNullCursor();
		const char *op = ast_Cursor_isNull(fd) ? NULL : fe_ann_find(fd, "op");
		if (fe_thread_kind(op) >= 0)
			fe->ncpus++;
		fe->softirq |= fe_thread_kind(op) == FE_SOFTIRQ;
	}
	for (int i = 0; i < k.n; i++) {
		Ast c = k.c[i];
		Ast e = fe_strip(c);
		SrcLoc loc = fe_loc_of(fe, c);
		AstKind ck = ast_getCursorKind(e);
		if (ck == AST_CallExpr) {
			Ast fd = ast_getCursorReferenced(e);
			const char *op = ast_Cursor_isNull(fd) ? NULL : fe_ann_find(fd, "op");
			if (fe_thread_kind(op) >= 0) {
				fe_make_thread(fe, e, nthreads++, fe_thread_kind(op));
				continue;
			}
		}
		if (ck == AST_BinaryOperator && ast_getCursorBinaryOperatorKind(e) == AST_BO_Assign) {
			if (nthreads) {
				error_at(loc, "state is set after the first ls_thread(); move it before the threads");
				continue;
			}
			Kids ek = fe_expr_kids(e);
			X lhs = fe_ev(fe, ek.c[0], NULL);
			X rhs = fe_rv(fe, fe_ev(fe, ek.c[1], NULL), loc);
			fe_set_init(fe, lhs, rhs, ek.c[0], loc);
			continue;
		}
		if (ck == AST_NullStmt || ck == AST_CStyleCastExpr)
			continue;
		error_at(loc, "LS_SCENARIO may only set state and start threads with ls_thread()");
	}
	if (!nthreads)
		error_at(fe_loc_of(fe, sc), "LS_SCENARIO starts no thread");
}

/* ---- the side-car (harness/lockspin-sidecar.h) ------------------------------------
 * Each LS_FIELD, LS_GLOBAL, LS_TARGETS_OF, LS_ABSTRACT and LS_REPLACE is an
 * unused static function annotated "sidecar KIND" whose body names what it
 * annotates: clang has resolved those names already (a name that does not
 * exist failed the parse at the side-car's line), so the entry is the
 * declaration each name refers to.  fe_ann_find() reads an entry's
 * attributes as if they were written on that declaration. */
static PtrVec fe_sidecars; /* Sidecar *, of the translation unit being lowered */

typedef struct ScRefs {
	PtrVec members; /* Ast: the FieldDecls member accesses refer to, in order */
	PtrVec names;   /* Ast: what names refer to (variables, functions), in order */
	PtrVec at;      /* Ast: the name expressions themselves (their locations) */
} ScRefs;

static void *sc_dup(Ast c)
{
	Ast *p = arena_alloc(sizeof(*p));
	*p = c;
	return p;
}

static AstVisitResult sc_refs_visit(Ast c, Ast parent, void *d)
{
	(void)parent;
	ScRefs *r = d;
	AstKind k = ast_getCursorKind(c);
	Ast ref = ast_getCursorReferenced(c);
	if (k == AST_MemberRefExpr && !ast_Cursor_isNull(ref))
		vec_push(&r->members, sc_dup(ref));
	else if (k == AST_DeclRefExpr && !ast_Cursor_isNull(ref) &&
		 ast_getCursorKind(ast_getCursorSemanticParent(ref)) != AST_FunctionDecl) { /* not ls__p */
		vec_push(&r->names, sc_dup(ref));
		vec_push(&r->at, sc_dup(c));
	}
	return AST_VISIT_Recurse;
}

static Ast sc_ref(PtrVec *v, int i)
{
	return i < v->len ? ast_getCanonicalCursor(*(Ast *)v->data[i]) : ast_getNullCursor();
}

/* fe NULL: forget the entries (their translation unit is gone) */
void fe_sidecar_load(Fe *fe)
{
	fe_sidecars = (PtrVec){ 0 };
	if (!fe)
		return;
	Kids top = fe_kids(ast_getTranslationUnitCursor(fe->tu));
	for (int i = 0; i < top.n; i++) {
		Ast c = top.c[i];
		const char *kind = ast_getCursorKind(c) == AST_FunctionDecl ? fe_ann_find(c, "sidecar") : NULL;
		if (!kind || !ast_isCursorDefinition(c))
			continue;
		Sidecar *sc = arena_alloc(sizeof(*sc));
		sc->self = c;
		sc->kind = kind;
		sc->loc = fe_loc_of(fe, c);
		ScRefs r = { 0 };
		ast_visitChildren(fe_fn_body(c), sc_refs_visit, &r);
		if (!strcmp(kind, "points_to") && !r.members.len) {
			/* LS_GLOBAL_POINTS_TO(ptr, obj): a global pointer (to a struct) */
			sc->target = sc_ref(&r.names, 0);
			sc->with = sc_ref(&r.names, 1);
			AstType pt = ast_getCanonicalType(ast_getCursorType(sc->target));
			/* not fe_struct_of(): its fields would be read before the
			 * side-car entries after this one are loaded */
			if (ast_getCursorKind(sc->target) != AST_VarDecl || pt.kind != AST_TYPE_Pointer ||
			    ast_getCanonicalType(ast_getPointeeType(pt)).kind != AST_TYPE_Record) {
				error_at(sc->loc, "LS_GLOBAL_POINTS_TO names '%s', which is not a global pointer to a struct",
					 fe_spelling(sc->target));
				continue;
			}
			if (ast_getCursorKind(sc->with) != AST_VarDecl) {
				error_at(sc->loc, "LS_GLOBAL_POINTS_TO names '%s', which is not a global object",
					 fe_spelling(sc->with));
				continue;
			}
		} else if (!strcmp(kind, "field") || !strcmp(kind, "targets_of") || !strcmp(kind, "points_to")) {
			sc->target = sc_ref(&r.members, 0);
			if (ast_Cursor_isNull(sc->target) || ast_getCursorKind(sc->target) != AST_FieldDecl) {
				error_at(sc->loc, "LS_%s names no struct field",
					 !strcmp(kind, "field") ? "FIELD" : !strcmp(kind, "points_to") ? "POINTS_TO" : "TARGETS_OF");
				continue;
			}
			if (!strcmp(kind, "points_to")) {
				/* the object pointed to (checked against the field's type with the objects) */
				sc->with = sc_ref(&r.names, 0);
				if (ast_getCursorKind(sc->with) != AST_VarDecl) {
					error_at(sc->loc, "LS_POINTS_TO names '%s', which is not a global object",
						 fe_spelling(sc->with));
					continue;
				}
				for (const Sidecar *o = fe_sidecar_next(sc->target, "points_to", NULL); o;
				     o = fe_sidecar_next(sc->target, "points_to", o))
					error_at(sc->loc, "LS_POINTS_TO of '%s' twice (also at %s:%d)", fe_spelling(sc->target),
						 o->loc.file, o->loc.line);
			}
			/* the targets: functions the program defines (clang checked they exist) */
			for (int k = 0; !strcmp(kind, "targets_of") && k < r.names.len; k++) {
				Ast f = sc_ref(&r.names, k);
				if (ast_getCursorKind(f) == AST_VarDecl)
					continue; /* the ops-table pointer */
				if (ast_getCursorKind(f) != AST_FunctionDecl || !fe_is_defined(f))
					error_at(fe_loc_of(fe, *(Ast *)r.at.data[k]),
						 "LS_TARGETS_OF names '%s', which is not a function defined in the given files",
						 fe_spelling(f));
			}
		} else if (!strcmp(kind, "global")) {
			sc->target = sc_ref(&r.names, 0);
			if (ast_getCursorKind(sc->target) != AST_VarDecl) {
				error_at(sc->loc, "LS_GLOBAL names '%s', which is not a global variable",
					 fe_spelling(sc->target));
				continue;
			}
			/* an object only declared here (Xen's DECLARE_PER_CPU in a
			 * header, defined in a file not given) is no object of the
			 * model: the annotation would attach to nothing */
			bool defined = false; /* a definition, or a tentative one (`int x[4];`) */
			for (int j = 0; j < top.n && !defined; j++)
				defined = ast_getCursorKind(top.c[j]) == AST_VarDecl &&
					  ast_Cursor_getStorageClass(top.c[j]) != AST_SC_Extern &&
					  ast_equalCursors(ast_getCanonicalCursor(top.c[j]), ast_getCanonicalCursor(sc->target));
			if (!defined) {
				error_at(sc->loc, "LS_GLOBAL names '%s', which the given files declare but do not define; "
						  "define it in the side-car (for LS_PER_CPU: DEFINE_PER_CPU(type, name);)",
					 fe_spelling(sc->target));
				continue;
			}
		} else if (!strcmp(kind, "abstract") || !strcmp(kind, "replace")) {
			sc->target = sc_ref(&r.names, 0);
			const char *what = !strcmp(kind, "abstract") ? "LS_ABSTRACT" : "LS_REPLACE";
			if (ast_getCursorKind(sc->target) != AST_FunctionDecl) {
				error_at(sc->loc, "%s names '%s', which is not a function", what, fe_spelling(sc->target));
				continue;
			}
			if (!strcmp(kind, "abstract") && !fe_ann_find(c, "abstract"))
				error_at(sc->loc, "LS_ABSTRACT(%s, ...) needs LS_IGNORE or LS_RESULT(lo, hi)",
					 fe_spelling(sc->target));
			if (!strcmp(kind, "replace")) {
				sc->with = sc_ref(&r.names, 1);
				if (ast_getCursorKind(sc->with) != AST_FunctionDecl || !fe_is_defined(sc->with)) {
					error_at(sc->loc, "LS_REPLACE(%s, %s): '%s' is not a function defined in the side-car",
						 fe_spelling(sc->target), fe_spelling(sc->with), fe_spelling(sc->with));
					continue;
				}
			}
		} else {
			error_at(sc->loc, "unknown side-car annotation '%s'", kind);
			continue;
		}
		for (int k = 0; k < fe_sidecars.len; k++) {
			const Sidecar *o = fe_sidecars.data[k];
			if ((!strcmp(o->kind, "abstract") || !strcmp(o->kind, "replace")) &&
			    (!strcmp(kind, "abstract") || !strcmp(kind, "replace")) &&
			    ast_equalCursors(o->target, sc->target))
				error_at(sc->loc, "'%s' is abstracted twice (also at %s:%d)", fe_spelling(sc->target),
					 o->loc.file, o->loc.line);
		}
		vec_push(&fe_sidecars, sc);
	}
	/* an object LS_POINTS_TO names is one whatever its struct holds (a
	 * pending_irq with nothing modelled is still which one): known before
	 * the objects pass meets it */
	for (int i = 0; i < fe_sidecars.len; i++) {
		const Sidecar *sc = fe_sidecars.data[i];
		int len;
		Struct *st = !strcmp(sc->kind, "points_to") ? fe_struct_of(fe, fe_elem_type(ast_getCursorType(sc->with), &len))
							   : NULL;
		if (st)
			st->pointee = true;
	}
}

const Sidecar *fe_sidecar_next_any(const Sidecar *after)
{
	int i = 0;
	while (after && i < fe_sidecars.len && fe_sidecars.data[i] != after)
		i++;
	i += after ? 1 : 0;
	return i < fe_sidecars.len ? fe_sidecars.data[i] : NULL;
}

const Sidecar *fe_sidecar_next(Ast decl, const char *kind, const Sidecar *after)
{
	Ast c = ast_getCanonicalCursor(decl);
	int i = 0;
	if (after)
		while (i < fe_sidecars.len && fe_sidecars.data[i] != after)
			i++;
	for (i += after ? 1 : 0; i < fe_sidecars.len; i++) {
		const Sidecar *sc = fe_sidecars.data[i];
		if ((!kind || !strcmp(sc->kind, kind)) && ast_equalCursors(sc->target, c))
			return sc;
	}
	return NULL;
}
