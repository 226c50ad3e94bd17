/*
 * fe_sideprog.c - what `lockspin run` needs of a side-car program
 * (IrSideProg, built by native_side.c), taken while the front end still
 * holds its translation unit: the text and offsets of each definition the
 * side-car changes (its name, to rename it in the native copy; its head,
 * to define the replacement with the same signature), the ops tables'
 * pointers and targets, the LS_POINTS_TO fields, the list heads in the
 * program's globals, and the functions no given file defines whose
 * reached calls the model ignores.  The files,
 * their recorded commands and every file the unit read come from
 * frontend.c (fe_prog_files).  Nothing here is an error of the model: what
 * cannot be written again natively says why (IrFnText.why_not), and `run`
 * reports it.
 */
#include "fe.h"

#include <stdio.h>
#include <string.h>

static AstVisitResult fe_side_body_visit(Ast c, Ast parent, void *d)
{
	(void)parent;
	if (ast_getCursorKind(c) == AST_CompoundStmt) {
		*(Ast *)d = c;
		return AST_VISIT_Break;
	}
	return AST_VISIT_Continue;
}

/* The program file (index) of a location's spelling, and its offset. */
static int fe_side_file(AstLoc l, AstFile *f, unsigned *off)
{
	ast_getSpellingLocation(l, f, NULL, NULL, off);
	return fe_prog_file_index(*f);
}

/* fn's definition as written in a program file, or its declaration; false
 * (t->why_not says why) when natively it cannot be written again. */
static bool fe_side_fn_text(Fe *fe, Ast fn, IrFnText *t)
{
	Ast def = ast_getCursorDefinition(fn);
	bool defined = !ast_Cursor_isNull(def);
	Ast d = defined ? def : ast_getCanonicalCursor(fn);
	memset(t, 0, sizeof(*t));
	t->file = -1; /* nothing to rename unless the definition is found below */
	t->name = fe_spelling(d);
	t->loc = fe_loc_of(fe, d);
	t->returns_void = ast_getResultType(ast_getCursorType(d)).kind == AST_TYPE_Void;
	AstRange ext = ast_getCursorExtent(d);
	AstFile file, nf, ef;
	unsigned start, name_at, end;
	int fs = fe_side_file(ast_getRangeStart(ext), &file, &start);
	int fn_file = fe_side_file(ast_getCursorLocation(d), &nf, &name_at);
	ast_getSpellingLocation(ast_getRangeEnd(ext), &ef, NULL, NULL, &end);
	unsigned body = end;
	if (defined) {
		Ast b = ast_getNullCursor();
		ast_visitChildren(d, fe_side_body_visit, &b);
		if (ast_Cursor_isNull(b) || fs < 0 || fn_file != fs) {
			t->why_not = xprintf("'%s' cannot be renamed: its definition is not written in one of the "
					     "program's files (a macro makes it)", t->name);
			return false;
		}
		ast_getSpellingLocation(ast_getRangeStart(ast_getCursorExtent(b)), NULL, NULL, NULL, &body);
	}
	size_t size;
	const char *text = file ? ast_getFileContents(fe->tu, file, &size) : NULL;
	if (!text || !nf || !ast_File_isEqual(nf, file) || name_at < start || body > size || body < name_at) {
		t->why_not = xprintf("'%s' cannot be written again: its %s is made by a macro", t->name,
				     defined ? "definition" : "declaration");
		return false;
	}
	t->file = defined ? fs : -1;
	t->start = start;
	t->name_at = name_at;
	t->body = body;
	t->end = end;
	t->head = xstrndup(text + start, body - start);
	t->head_name = name_at - start;
	int n = ast_Cursor_getNumArguments(d);
	t->params = arena_array((size_t)(n > 0 ? n : 0) + 1, sizeof(char *));
	for (int i = 0; i < n; i++) {
		const char *pn = fe_spelling(ast_Cursor_getArgument(d, (unsigned)i));
		if (!*pn) {
			t->why_not = xprintf("'%s' needs its parameters named in its declaration", t->name);
			return false;
		}
		t->params[t->nparams++] = pn;
	}
	if (ast_Cursor_isVariadic(d)) {
		t->why_not = xprintf("'%s' takes a variable argument list, which a replacement cannot pass on",
				     t->name);
		return false;
	}
	return true;
}

typedef struct FeSideRefs {
	PtrVec vars, fns; /* Ast *: what the side-car entry's body names */
	Ast local;        /* LS_POINTS_TO: its `type *ls__p` */
	Ast member;       /* the outermost member access: ls__p->a.b */
	bool have_local, have_member;
} FeSideRefs;

static AstVisitResult fe_side_refs_visit(Ast c, Ast parent, void *d)
{
	(void)parent;
	FeSideRefs *r = d;
	AstKind k = ast_getCursorKind(c);
	if (k == AST_VarDecl && !r->have_local)
		r->local = c, r->have_local = true;
	if (k == AST_MemberRefExpr && !r->have_member)
		r->member = c, r->have_member = true;
	if (k == AST_DeclRefExpr) {
		Ast ref = ast_getCursorReferenced(c);
		Ast *p = arena_alloc(sizeof(*p));
		*p = ref;
		if (ast_getCursorKind(ref) == AST_VarDecl &&
		    ast_getCursorKind(ast_getCursorSemanticParent(ref)) != AST_FunctionDecl)
			vec_push(&r->vars, p);
		else if (ast_getCursorKind(ref) == AST_FunctionDecl)
			vec_push(&r->fns, p);
	}
	return AST_VISIT_Recurse;
}

static AstVisitResult fe_side_first_kid(Ast c, Ast parent, void *d)
{
	(void)parent;
	*(Ast *)d = c;
	return AST_VISIT_Break;
}

/* "a.b" of ls__p->a.b: the member names from the base out */
static const char *fe_side_member_path(Ast m)
{
	const char *path = NULL;
	while (ast_getCursorKind(m) == AST_MemberRefExpr) {
		const char *name = fe_spelling(m);
		path = path ? xprintf("%s.%s", name, path) : name;
		Ast base = ast_getNullCursor();
		ast_visitChildren(m, fe_side_first_kid, &base);
		while (!ast_Cursor_isNull(base) && ast_getCursorKind(base) == AST_UnexposedExpr) {
			Ast in = ast_getNullCursor();
			ast_visitChildren(base, fe_side_first_kid, &in);
			base = in;
		}
		m = base;
	}
	return path;
}

static bool fe_side_is_ptr(AstType t)
{
	return ast_getCanonicalType(t).kind == AST_TYPE_Pointer;
}

/* The struct list_head objects inside an object of type t whose C lvalue
 * is lv: creation code (which no scenario runs) would INIT_LIST_HEAD
 * them; natively they are made empty before the scenario, so that a walk
 * the model makes over untracked data (any number of entries) runs, with
 * none, instead of following the NULL of a zeroed head.  Arrays are
 * indexed by ls__i0, ls__i1, ...; named members only (an anonymous struct
 * or union member is not followed). */
static void fe_side_lists(AstType t, const char *lv, int ndims, const long *dims, int depth, PtrVec *out)
{
	t = ast_getCanonicalType(t);
	if (depth > 8)
		return;
	if (t.kind == AST_TYPE_ConstantArray) {
		long long n = ast_getArraySize(t);
		if (n <= 0 || ndims >= IR_SIDE_MAXDIMS)
			return;
		long d[IR_SIDE_MAXDIMS];
		if (ndims)
			memcpy(d, dims, sizeof(long) * (size_t)ndims);
		d[ndims] = (long)n;
		fe_side_lists(ast_getArrayElementType(t), xprintf("%s[ls__i%d]", lv, ndims), ndims + 1, d, depth + 1, out);
		return;
	}
	if (t.kind != AST_TYPE_Record)
		return;
	Ast decl = ast_getCursorDefinition(ast_getTypeDeclaration(t));
	if (ast_Cursor_isNull(decl))
		return;
	if (ast_getCursorKind(decl) == AST_StructDecl && !strcmp(fe_spelling(decl), "list_head")) {
		IrSideList *l = arena_alloc(sizeof(*l));
		l->lv = lv;
		l->ndims = ndims;
		if (ndims)
			memcpy(l->dims, dims, sizeof(long) * (size_t)ndims);
		vec_push(out, l);
		return;
	}
	Kids k = fe_kids(decl);
	for (int i = 0; i < k.n; i++)
		if (ast_getCursorKind(k.c[i]) == AST_FieldDecl && *fe_spelling(k.c[i]))
			fe_side_lists(ast_getCursorType(k.c[i]), xprintf("%s.%s", lv, fe_spelling(k.c[i])), ndims, dims,
				      depth + 1, out);
}

/* Every list head in a global object defined in a program file (a name
 * declared twice is listed twice: native_side_bind writes it once). */
static void fe_side_global_lists(Kids top, PtrVec *out)
{
	for (int i = 0; i < top.n; i++) {
		Ast c = top.c[i];
		/* a tentative definition (`static struct vcpu vcpus[2];`) is one too */
		if (ast_getCursorKind(c) != AST_VarDecl ||
		    (ast_Cursor_getStorageClass(c) == AST_SC_Extern && !ast_isCursorDefinition(c)))
			continue;
		AstFile f;
		unsigned off;
		if (fe_side_file(ast_getCursorLocation(c), &f, &off) < 0)
			continue;
		fe_side_lists(ast_getCursorType(c), fe_spelling(c), 0, NULL, 0, out);
	}
}

void fe_side_program(Fe *fe)
{
	IrSideProg *sp = arena_alloc(sizeof(*sp));
	fe_prog_files(fe, sp);
	PtrVec fns = { 0 }, ops = { 0 }, ptrs = { 0 };
	for (const Sidecar *sc = fe_sidecar_next_any(NULL); sc; sc = fe_sidecar_next_any(sc)) {
		if (!strcmp(sc->kind, "abstract") || !strcmp(sc->kind, "replace")) {
			IrSideFn *f = arena_alloc(sizeof(*f));
			f->loc = sc->loc;
			fe_side_fn_text(fe, sc->target, &f->fn);
			if (!strcmp(sc->kind, "replace")) {
				f->how = "replace";
				f->with = fe_spelling(sc->with);
			} else {
				f->how = fe_ann_find(sc->self, "abstract");
			}
			vec_push(&fns, f);
		} else if (!strcmp(sc->kind, "points_to")) {
			FeSideRefs r = { 0 };
			ast_visitChildren(fe_fn_body(sc->self), fe_side_refs_visit, &r);
			if (ast_getCursorKind(sc->target) == AST_VarDecl) {
				/* LS_GLOBAL_POINTS_TO: the global pointer itself */
				IrSidePtr *pt = arena_alloc(sizeof(*pt));
				pt->loc = sc->loc;
				pt->field = fe_spelling(sc->target);
				pt->obj = fe_spelling(sc->with);
				vec_push(&ptrs, pt);
				continue;
			}
			if (!r.have_local || !r.have_member)
				continue;
			IrSidePtr *pt = arena_alloc(sizeof(*pt));
			pt->loc = sc->loc;
			AstType holder = ast_getCanonicalType(ast_getPointeeType(ast_getCursorType(r.local)));
			pt->type = fe_spelling(ast_getTypeDeclaration(holder));
			pt->field = fe_side_member_path(r.member);
			pt->obj = fe_spelling(sc->with);
			pt->each = fe_ann_own_find(sc->self, "points_each") != NULL;
			AstType ft = ast_getCanonicalType(ast_getCursorType(sc->target));
			pt->ptrarr = ft.kind == AST_TYPE_Pointer && fe_side_is_ptr(ast_getPointeeType(ft));
			vec_push(&ptrs, pt);
		} else if (!strcmp(sc->kind, "targets_of")) {
			FeSideRefs r = { 0 };
			ast_visitChildren(fe_fn_body(sc->self), fe_side_refs_visit, &r);
			IrSideOps *o = arena_alloc(sizeof(*o));
			o->loc = sc->loc;
			if (r.vars.len != 1 || !fe_side_is_ptr(ast_getCursorType(*(Ast *)r.vars.data[0]))) {
				o->why_not = "LS_TARGETS_OF needs a global pointer to the ops table";
				vec_push(&ops, o);
				continue;
			}
			o->ptr = fe_spelling(*(Ast *)r.vars.data[0]);
			o->field = fe_spelling(sc->target);
			o->targets = arena_array((size_t)r.fns.len + 1, sizeof(IrFnText));
			for (int k = 0; k < r.fns.len; k++)
				fe_side_fn_text(fe, *(Ast *)r.fns.data[k], &o->targets[o->ntargets++]);
			vec_push(&ops, o);
		}
	}
	/* a call the model ignores because no given file defines the function
	 * is a no-op natively too: defined from its declaration */
	Kids top = fe_kids(ast_getTranslationUnitCursor(fe->tu));
	PtrVec lists = { 0 };
	fe_side_global_lists(top, &lists);
	for (int k = 0; k < fe->p->nnotes; k++) {
		const IrNote *n = fe->p->notes[k];
		char name[256];
		size_t wl = strlen(n->what);
		if (wl < 9 || strcmp(n->what + wl - 9, "' ignored") ||
		    sscanf(n->what, "call to undefined function '%255[^']'", name) != 1)
			continue;
		bool known = false;
		for (int i = 0; i < fns.len && !known; i++)
			known = !strcmp(((IrSideFn *)fns.data[i])->fn.name, name);
		for (int i = 0; i < top.n && !known; i++) {
			if (ast_getCursorKind(top.c[i]) != AST_FunctionDecl || strcmp(fe_spelling(top.c[i]), name))
				continue;
			known = true;
			/* defined in a header (a static inline): the real one runs natively */
			if (!ast_Cursor_isNull(ast_getCursorDefinition(top.c[i])))
				continue;
			IrSideFn *f = arena_alloc(sizeof(*f));
			f->loc = n->loc;
			f->how = "undefined";
			fe_side_fn_text(fe, top.c[i], &f->fn);
			vec_push(&fns, f);
		}
	}
	sp->fns = arena_array((size_t)fns.len + 1, sizeof(IrSideFn));
	for (int i = 0; i < fns.len; i++)
		sp->fns[sp->nfns++] = *(IrSideFn *)fns.data[i];
	sp->ptrs = arena_array((size_t)ptrs.len + 1, sizeof(IrSidePtr));
	for (int i = 0; i < ptrs.len; i++)
		sp->ptrs[sp->nptrs++] = *(IrSidePtr *)ptrs.data[i];
	sp->ops = arena_array((size_t)ops.len + 1, sizeof(IrSideOps));
	for (int i = 0; i < ops.len; i++)
		sp->ops[sp->nops++] = *(IrSideOps *)ops.data[i];
	sp->lists = arena_array((size_t)lists.len + 1, sizeof(IrSideList));
	for (int i = 0; i < lists.len; i++)
		sp->lists[sp->nlists++] = *(IrSideList *)lists.data[i];
	fe->p->sideprog = sp;
}
