/*
 * frontend.c - C spec -> protocol IR, through libclang.
 *
 * This file parses (frontend_variants, frontend_extract) and holds the
 * construct allow-list; the lowering is split by what it lowers, all files
 * sharing the private header fe.h (the only one that includes
 * <clang-c/Index.h>) and one state, Fe, passed down as their first parameter:
 *
 *   fe_ast.c       libclang helpers: children, locations, source text,
 *                  evaluation, annotations
 *   fe_objects.c   declarations and objects (pass 1)
 *   fe_expr.c      values, IR building, ranges, run-time checks, function
 *                  pointers, members, operators
 *   fe_eval.c      expression evaluation (fe_ev), side effects, assignment
 *   fe_lock.c      lock operations
 *   fe_call.c      calls and inlining
 *   fe_stmt.c      statements (pass 3)
 *   fe_scenario.c  the scenario (pass 2)
 *
 * It works in three passes over one translation unit:
 *
 *   1. objects: struct types with lock or LS_STATE fields (nested structs
 *      flattened to "outer.inner" paths), global objects, global locks and
 *      global state become IrTypes, instances, IrLockClasses and IrVars;
 *   2. the scenario: assignments before the first ls_thread() give initial
 *      values, each ls_thread() makes an IrThread;
 *   3. threads: the entry function's body is translated with every call to a
 *      function of the spec inlined, parameters bound through an environment
 *      (Frame), and calls recognised by their `annotate("lockspin:op ...")`
 *      attribute turned into lock steps.
 *
 * Values.  Evaluating a C expression gives an X: a modelled value (an
 * IrExpr; for a pointer to a modelled object, its instance number), an
 * object, a lock, a state variable or local (lvalues), a function, or
 * "untracked" (anything the model does not follow; why = the C text of the
 * untracked root).  Conditions over untracked data become nondeterministic
 * choices and leave an IrNote for --explain.  Assignments to untracked data
 * are dropped.  Locals:
 *   - a local (or parameter) never assigned after its initialisation, whose
 *     value is a constant, a lock or an object, is bound to that value;
 *   - other scalar locals become IrLocals, renamed unique in the thread.
 *     Range: bool 0..1, enum min..max, pointer 0..ninst, int: the range of
 *     what is assigned when every assigned value is bounded without reading
 *     a local, else that range joined with -128..127;
 *   - a local first assigned untracked data stays untracked; a modelled
 *     local later assigned untracked data gets any value of its range.
 *
 * Everything lives in the arena; the CXTranslationUnit is disposed before
 * returning, so no cursor escapes the front end.
 */
#include "fe.h"

/*
 * The allow-list of what can appear in a C function body, an initialiser
 * or a condition: every cursor kind libclang 19 gives for C is modelled
 * (exactly, or as an untracked value that --explain lists where it reaches
 * a condition), or rejected with an error naming the construct.  A kind not
 * in this table is "unclassified": also an error, and a failure of the
 * construct corpus test (extract/test/constructs.sh reads this table).
 */
static const struct FeConstruct fe_constructs[] = {
	/* expressions */
	{ CXCursor_IntegerLiteral, FE_MODELLED, "integer literal" },
	{ CXCursor_CharacterLiteral, FE_MODELLED, "character literal" },
	{ CXCursor_FloatingLiteral, FE_UNTRACKED, "floating literal" },
	{ CXCursor_ImaginaryLiteral, FE_UNTRACKED, "imaginary literal" },
	{ CXCursor_StringLiteral, FE_UNTRACKED, "string literal" },
	{ CXCursor_DeclRefExpr, FE_MODELLED, "name" },
	{ CXCursor_MemberRefExpr, FE_MODELLED, "member access" },
	{ CXCursor_ArraySubscriptExpr, FE_MODELLED, "array index" },
	{ CXCursor_UnaryOperator, FE_MODELLED, "unary operator" },
	{ CXCursor_BinaryOperator, FE_MODELLED, "binary operator" },
	{ CXCursor_CompoundAssignOperator, FE_MODELLED, "compound assignment" },
	{ CXCursor_ConditionalOperator, FE_MODELLED, "conditional expression" },
	{ CXCursor_CallExpr, FE_MODELLED, "call" },
	{ CXCursor_ParenExpr, FE_MODELLED, "parentheses" },
	{ CXCursor_CStyleCastExpr, FE_MODELLED, "cast" },
	{ CXCursor_UnaryExpr, FE_MODELLED, "sizeof or _Alignof" },
	{ CXCursor_StmtExpr, FE_MODELLED, "statement expression" },
	{ CXCursor_InitListExpr, FE_UNTRACKED, "initialiser list" },
	{ CXCursor_CompoundLiteralExpr, FE_UNTRACKED, "compound literal" },
	/* implicit conversions, a ?: b, designators, va_arg, __func__, builtins */
	{ CXCursor_UnexposedExpr, FE_MODELLED, "expression" },
	{ CXCursor_GenericSelectionExpr, FE_REJECTED, "_Generic selection" },
	{ CXCursor_AddrLabelExpr, FE_REJECTED, "label address" },
	/* statements */
	{ CXCursor_CompoundStmt, FE_MODELLED, "block" },
	{ CXCursor_DeclStmt, FE_MODELLED, "declaration" },
	{ CXCursor_NullStmt, FE_MODELLED, "empty statement" },
	{ CXCursor_IfStmt, FE_MODELLED, "if" },
	{ CXCursor_SwitchStmt, FE_MODELLED, "switch" },
	{ CXCursor_CaseStmt, FE_MODELLED, "case label" },
	{ CXCursor_DefaultStmt, FE_MODELLED, "default label" },
	{ CXCursor_WhileStmt, FE_MODELLED, "while" },
	{ CXCursor_DoStmt, FE_MODELLED, "do-while" },
	{ CXCursor_ForStmt, FE_MODELLED, "for" },
	{ CXCursor_BreakStmt, FE_MODELLED, "break" },
	{ CXCursor_ContinueStmt, FE_MODELLED, "continue" },
	{ CXCursor_ReturnStmt, FE_MODELLED, "return" },
	{ CXCursor_GotoStmt, FE_MODELLED, "goto" },
	{ CXCursor_LabelStmt, FE_MODELLED, "label" },
	/* attributed statements (fallthrough) */
	{ CXCursor_UnexposedStmt, FE_MODELLED, "statement" },
	{ CXCursor_GCCAsmStmt, FE_UNTRACKED, "inline assembly" },
	{ CXCursor_IndirectGotoStmt, FE_REJECTED, "computed goto" },
};

const struct FeConstruct *fe_construct_of(enum CXCursorKind k)
{
	for (size_t i = 0; i < sizeof(fe_constructs) / sizeof(fe_constructs[0]); i++)
		if (fe_constructs[i].kind == k)
			return &fe_constructs[i];
	return NULL;
}


/* ---- parsing ---------------------------------------------------------------------- */
static const char *fe_harness_dir(void)
{
	const char *d = harness_find();
	return d ? d : "./harness";
}

/* Parse path with the variant's defines; NULL after reporting errors. */
static CXTranslationUnit fe_parse(Fe *fe, CXIndex idx, const char *path, const char *defines, const char **extra,
			       int nextra)
{
	if (access(path, R_OK) != 0) {
		error_at((SrcLoc){ path, 0, 0 }, "cannot open '%s': %s", path, strerror(errno));
		return NULL;
	}
	struct stat sb;
	if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode)) {
		error_at((SrcLoc){ path, 0, 0 }, "'%s' is %s, not a C file", path,
			 S_ISDIR(sb.st_mode) ? "a directory" : "not a regular file");
		return NULL;
	}
	PtrVec args = { 0 };
	vec_push(&args, "-std=c11");
	vec_push(&args, "-xc");
	for (int i = 0; i < nextra; i++)
		vec_push(&args, (void *)extra[i]);
	vec_push(&args, (void *)xprintf("-I%s", fe_harness_dir()));
	if (defines) {
		const char *p = defines;
		while (*p) {
			while (*p == ' ')
				p++;
			size_t n = strcspn(p, " ");
			if (n)
				vec_push(&args, (void *)xprintf("-D%.*s", (int)n, p));
			p += n;
		}
	}
	CXTranslationUnit tu = NULL;
	enum CXErrorCode rc = clang_parseTranslationUnit2(idx, path, (const char *const *)args.data, args.len, NULL, 0,
							  CXTranslationUnit_None, &tu);
	if (rc != CXError_Success || !tu) {
		error_at((SrcLoc){ path, 0, 0 }, "libclang cannot parse '%s' (error %d)", path, (int)rc);
		return NULL;
	}
	fe->tu = tu;
	fe->path = path;
	fe->mainfile = clang_getFile(tu, path);
	unsigned nd = clang_getNumDiagnostics(tu);
	int errors = 0;
	for (unsigned i = 0; i < nd; i++) {
		CXDiagnostic d = clang_getDiagnostic(tu, i);
		enum CXDiagnosticSeverity sev = clang_getDiagnosticSeverity(d);
		if (sev >= CXDiagnostic_Error) {
			error_at(fe_loc_at(fe, clang_getDiagnosticLocation(d)), "%s",
				 fe_cx_str(clang_getDiagnosticSpelling(d)));
			errors++;
		}
		clang_disposeDiagnostic(d);
	}
	if (errors) {
		clang_disposeTranslationUnit(tu);
		fe->tu = NULL;
		return NULL;
	}
	return tu;
}

static void fe_reset(Fe *fe)
{
	memset(fe, 0, sizeof(*fe));
}

/* A variant's defines are -D options: each must be NAME or NAME=VALUE with
 * NAME an identifier, or clang reports it at a line of its own command-line
 * buffer, past the end of the spec. */
static void fe_check_defines(const IrVariant *v)
{
	const char *p = v->defines;
	while (*p) {
		while (*p == ' ')
			p++;
		size_t n = strcspn(p, " ");
		if (!n)
			break;
		size_t k = 0;
		while (k < n && (isalnum((unsigned char)p[k]) || p[k] == '_'))
			k++;
		if (!k || isdigit((unsigned char)p[0]) || (k < n && p[k] != '='))
			error_at(v->loc, "variant '%s' defines '%.*s', which is not NAME or NAME=VALUE", v->name,
				 (int)n, p);
		p += n;
	}
}

IrVariant *frontend_variants(const char *path, const char **extra_args, int nextra, int *nvariants)
{
	Fe ctx;
	Fe *fe = &ctx;
	fe_reset(fe);
	*nvariants = 0;
	int errors0 = diag_error_count();
	CXIndex idx = clang_createIndex(0, 0);
	CXTranslationUnit tu = fe_parse(fe, idx, path, NULL, extra_args, nextra);
	if (!tu) {
		clang_disposeIndex(idx);
		return NULL;
	}
	PtrVec vs = { 0 };
	Kids top = fe_kids(clang_getTranslationUnitCursor(tu));
	for (int i = 0; i < top.n; i++) {
		CXCursor c = top.c[i];
		if (clang_getCursorKind(c) != CXCursor_VarDecl)
			continue;
		const char *a = fe_ann_find(c, "variant");
		if (!a)
			continue;
		IrVariant *v = arena_alloc(sizeof(*v));
		v->loc = fe_loc_of(fe, c);
		const char *parts[4] = { "", "", "", "" };
		const char *p = a;
		for (int k = 0; k < 4; k++) {
			size_t n = k < 3 ? strcspn(p, "|") : strlen(p);
			parts[k] = xstrndup(p, n);
			p += n;
			if (*p == '|')
				p++;
		}
		v->name = parts[0];
		v->defines = parts[1];
		v->expect = *parts[2] ? parts[2] : "ok";
		v->why = parts[3];
		if (verdict_parse(v->expect) < 0)
			error_at(v->loc, "unknown verdict '%s' in LS_VARIANT(%s)", v->expect, v->name);
		for (int k = 0; k < vs.len; k++)
			if (!strcmp(((IrVariant *)vs.data[k])->name, v->name))
				error_at(v->loc, "variant '%s' is declared twice", v->name);
		fe_check_defines(v);
		vec_push(&vs, v);
	}
	clang_disposeTranslationUnit(tu);
	clang_disposeIndex(idx);
	fe->tu = NULL;
	/* a spec whose variants are wrong is bad input as a whole */
	if (diag_error_count() != errors0)
		return NULL;
	if (!vs.len) {
		IrVariant *v = arena_alloc(sizeof(*v));
		v->name = "default";
		v->defines = "";
		v->expect = "ok";
		v->why = "";
		v->loc = (SrcLoc){ path, 0, 0 };
		vec_push(&vs, v);
	}
	IrVariant *out = arena_array((size_t)vs.len, sizeof(IrVariant));
	for (int i = 0; i < vs.len; i++)
		out[i] = *(IrVariant *)vs.data[i];
	*nvariants = vs.len;
	return out;
}

IrProgram *frontend_extract(const char *path, const IrVariant *v, const char **extra_args, int nextra)
{
	Fe ctx;
	Fe *fe = &ctx;
	fe_reset(fe);
	int errors0 = diag_error_count();
	CXIndex idx = clang_createIndex(0, 0);
	CXTranslationUnit tu = fe_parse(fe, idx, path, v ? v->defines : "", extra_args, nextra);
	if (!tu) {
		clang_disposeIndex(idx);
		return NULL;
	}
	fe->p = ir_new_program(path, v ? v->name : "default");
	if (v) {
		fe->p->expect = v->expect;
		fe->p->why = v->why;
	}
	/* every lockspin: annotation of the main file must be known */
	Kids top = fe_kids(clang_getTranslationUnitCursor(tu));
	for (int i = 0; i < top.n; i++)
		if (clang_Location_isFromMainFile(clang_getCursorLocation(top.c[i])))
			clang_visitChildren(top.c[i], fe_check_anns_visit, fe);
	fe_build_objects(fe);
	if (diag_error_count() == errors0) {
		fe_global_inits(fe);
		fe_scenario(fe);
	}
	IrProgram *p = fe->p;
	clang_disposeTranslationUnit(tu);
	clang_disposeIndex(idx);
	fe_reset(fe);
	if (diag_error_count() != errors0)
		return NULL;
	ir_number(p);
	ir_check(p);
	return p;
}
