/*
 * frontend.c - C spec -> protocol IR, through libclang.
 *
 * The only file that includes <clang-c/Index.h>: it parses
 * (frontend_variants, frontend_extract), holds the construct allow-list and
 * implements ast.h, lockspin's own handles and kinds for libclang's cursors,
 * types, locations and tokens.  The lowering works on those alone, split by
 * what it lowers, the files sharing the private header fe.h and one state,
 * Fe, passed down as their first parameter:
 *
 *   fe_ast.c       AST helpers: children, locations, source text,
 *                  evaluation, annotations
 *   fe_objects.c   declarations and objects (pass 1)
 *   fe_expr.c      values, IR building, ranges, run-time checks, function
 *                  pointers, members, operators
 *   fe_eval.c      expression evaluation (fe_ev), side effects, assignment
 *   fe_read.c      reads of modelled state: one access a model step
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
 *     a local, else that range joined with the C type's (fe_int_type_range:
 *     int and wider any int, a narrower type its own, into which a store
 *     wraps as C converts);
 *   - a local first assigned untracked data stays untracked; a modelled
 *     local later assigned untracked data gets any value of its range.
 *
 * Everything lives in the arena; the CXTranslationUnit is disposed before
 * returning, so no cursor escapes the front end.
 */
#include "fe.h"

#include <clang-c/CXCompilationDatabase.h>
#include <clang-c/Index.h>

/* the program of frontend_program() (see "the program" below) */
typedef struct FeProg {
	const char *sidecar;       /* NULL: every file is a spec of its own */
	const char **files;        /* the upstream files as given, then the side-car */
	const char **real;         /* their real paths */
	int nfiles;                /* including the side-car */
	CXCompilationDatabase db;  /* NULL: no --compile-commands */
	const char *dbpath;
	CXFile cx[256];            /* the files in the translation unit being lowered */
	int ncx;
} FeProg;

static FeProg fe_prog;
static bool fe_prog_has(CXFile f);

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

const struct FeConstruct *fe_construct_of(AstKind k)
{
	for (size_t i = 0; i < sizeof(fe_constructs) / sizeof(fe_constructs[0]); i++)
		if (fe_constructs[i].kind == (int)k)
			return &fe_constructs[i];
	return NULL;
}


/* ---- the AST layer (ast.h) over libclang ----------------------------------------- */
_Static_assert(sizeof(Ast) == sizeof(CXCursor), "Ast has the layout of CXCursor");
_Static_assert(sizeof(AstType) == sizeof(CXType), "AstType has the layout of CXType");
_Static_assert(sizeof(AstLoc) == sizeof(CXSourceLocation), "AstLoc has the layout of CXSourceLocation");
_Static_assert(sizeof(AstRange) == sizeof(CXSourceRange), "AstRange has the layout of CXSourceRange");
_Static_assert(sizeof(AstToken) == sizeof(CXToken), "AstToken has the layout of CXToken");
_Static_assert(sizeof(AstFile) == sizeof(CXFile), "AstFile is a CXFile");
_Static_assert(sizeof(AstUnit) == sizeof(CXTranslationUnit), "AstUnit is a CXTranslationUnit");

static CXCursor cx(Ast a) { CXCursor c; memcpy(&c, &a, sizeof(c)); return c; }
static Ast ast(CXCursor c) { Ast a; memcpy(&a, &c, sizeof(a)); return a; }
static CXType cxt(AstType a) { CXType t; memcpy(&t, &a, sizeof(t)); return t; }
static AstType astt(CXType t) { AstType a; memcpy(&a, &t, sizeof(a)); return a; }
static CXSourceLocation cxl(AstLoc a) { CXSourceLocation l; memcpy(&l, &a, sizeof(l)); return l; }
static AstLoc astl(CXSourceLocation l) { AstLoc a; memcpy(&a, &l, sizeof(a)); return a; }
static CXSourceRange cxr(AstRange a) { CXSourceRange r; memcpy(&r, &a, sizeof(r)); return r; }
static AstRange astr(CXSourceRange r) { AstRange a; memcpy(&a, &r, sizeof(a)); return a; }
static CXToken cxk(AstToken a) { CXToken t; memcpy(&t, &a, sizeof(t)); return t; }
static CXTranslationUnit cxu(AstUnit u) { return (CXTranslationUnit)(void *)u; }

static const char *cx_str(CXString s)
{
	const char *c = clang_getCString(s);
	char *r = xstrdup(c ? c : "");
	clang_disposeString(s);
	return r;
}

AstKind ast_getCursorKind(Ast c) { return (AstKind)clang_getCursorKind(cx(c)); }
bool ast_Cursor_isNull(Ast c) { return clang_Cursor_isNull(cx(c)); }
Ast ast_getNullCursor(void) { return ast(clang_getNullCursor()); }
bool ast_equalCursors(Ast a, Ast b) { return clang_equalCursors(cx(a), cx(b)); }
Ast ast_getCanonicalCursor(Ast c) { return ast(clang_getCanonicalCursor(cx(c))); }
Ast ast_getCursorReferenced(Ast c) { return ast(clang_getCursorReferenced(cx(c))); }
Ast ast_getCursorDefinition(Ast c) { return ast(clang_getCursorDefinition(cx(c))); }
bool ast_isCursorDefinition(Ast c) { return clang_isCursorDefinition(cx(c)); }
Ast ast_getCursorSemanticParent(Ast c) { return ast(clang_getCursorSemanticParent(cx(c))); }
Ast ast_getTranslationUnitCursor(AstUnit tu) { return ast(clang_getTranslationUnitCursor(cxu(tu))); }
bool ast_isExpression(AstKind k) { return clang_isExpression((enum CXCursorKind)k); }
bool ast_isAttribute(AstKind k) { return clang_isAttribute((enum CXCursorKind)k); }
const char *ast_getCursorKindSpelling(AstKind k) { return cx_str(clang_getCursorKindSpelling((enum CXCursorKind)k)); }
const char *ast_getCursorSpelling(Ast c) { return cx_str(clang_getCursorSpelling(cx(c))); }
bool ast_Cursor_isVariadic(Ast c) { return clang_Cursor_isVariadic(cx(c)) != 0; }
int ast_Cursor_getNumArguments(Ast c) { return clang_Cursor_getNumArguments(cx(c)); }
Ast ast_Cursor_getArgument(Ast c, unsigned i) { return ast(clang_Cursor_getArgument(cx(c), i)); }
Ast ast_Cursor_getVarDeclInitializer(Ast c) { return ast(clang_Cursor_getVarDeclInitializer(cx(c))); }
AstStorage ast_Cursor_getStorageClass(Ast c) { return (AstStorage)clang_Cursor_getStorageClass(cx(c)); }
long long ast_getEnumConstantDeclValue(Ast c) { return clang_getEnumConstantDeclValue(cx(c)); }
AstBinOp ast_getCursorBinaryOperatorKind(Ast c) { return (AstBinOp)clang_getCursorBinaryOperatorKind(cx(c)); }
AstUnOp ast_getCursorUnaryOperatorKind(Ast c) { return (AstUnOp)clang_getCursorUnaryOperatorKind(cx(c)); }

typedef struct VisitTramp {
	AstVisitor fn;
	void *d;
} VisitTramp;

static enum CXChildVisitResult visit_tramp(CXCursor c, CXCursor parent, CXClientData d)
{
	VisitTramp *t = d;
	return (enum CXChildVisitResult)t->fn(ast(c), ast(parent), t->d);
}

void ast_visitChildren(Ast c, AstVisitor fn, void *d)
{
	VisitTramp t = { fn, d };
	clang_visitChildren(cx(c), visit_tramp, &t);
}

bool ast_evaluate_int(Ast c, long long *v)
{
	CXEvalResult r = clang_Cursor_Evaluate(cx(c));
	if (!r)
		return false;
	bool ok = clang_EvalResult_getKind(r) == CXEval_Int;
	if (ok)
		*v = clang_EvalResult_getAsLongLong(r);
	clang_EvalResult_dispose(r);
	return ok;
}

const char *ast_evaluate_str(Ast c)
{
	CXEvalResult r = clang_Cursor_Evaluate(cx(c));
	const char *s = NULL;
	if (r) {
		if (clang_EvalResult_getKind(r) == CXEval_StrLiteral)
			s = xstrdup(clang_EvalResult_getAsStr(r));
		clang_EvalResult_dispose(r);
	}
	return s;
}

AstType ast_getCursorType(Ast c) { return astt(clang_getCursorType(cx(c))); }
AstType ast_getCanonicalType(AstType t) { return astt(clang_getCanonicalType(cxt(t))); }
AstType ast_getPointeeType(AstType t) { return astt(clang_getPointeeType(cxt(t))); }
AstType ast_getArrayElementType(AstType t) { return astt(clang_getArrayElementType(cxt(t))); }
long long ast_getArraySize(AstType t) { return clang_getArraySize(cxt(t)); }
AstType ast_getResultType(AstType t) { return astt(clang_getResultType(cxt(t))); }
Ast ast_getTypeDeclaration(AstType t) { return ast(clang_getTypeDeclaration(cxt(t))); }
const char *ast_getTypeSpelling(AstType t) { return cx_str(clang_getTypeSpelling(cxt(t))); }

AstRange ast_getCursorExtent(Ast c) { return astr(clang_getCursorExtent(cx(c))); }
AstLoc ast_getCursorLocation(Ast c) { return astl(clang_getCursorLocation(cx(c))); }
AstLoc ast_getRangeStart(AstRange r) { return astl(clang_getRangeStart(cxr(r))); }
AstLoc ast_getRangeEnd(AstRange r) { return astl(clang_getRangeEnd(cxr(r))); }
bool ast_equalRanges(AstRange a, AstRange b) { return clang_equalRanges(cxr(a), cxr(b)); }
bool ast_Location_isFromMainFile(AstLoc l) { return clang_Location_isFromMainFile(cxl(l)); }
/* In the spec file, or with a side-car in one of the program's files. */
bool ast_Cursor_isInMainFile(Ast c)
{
	CXSourceLocation l = clang_getCursorLocation(cx(c));
	CXFile f;
	clang_getExpansionLocation(l, &f, NULL, NULL, NULL);
	if (fe_prog.ncx)
		return fe_prog_has(f);
	if (clang_Location_isFromMainFile(l))
		return true;
	CXTranslationUnit tu = clang_Cursor_getTranslationUnit(cx(c));
	CXString main = clang_getTranslationUnitSpelling(tu);
	CXFile mf = clang_getFile(tu, clang_getCString(main));
	clang_disposeString(main);
	return f && mf && clang_File_isEqual(f, mf);
}
static const char *fe_harness_dir(void);
/* With a side-car, in a header of the upstream tree: its static inline
 * functions (Xen's mm-locks.h, asm/p2m.h) are the program's code as much
 * as its .c files' are.  Neither lockspin's own headers (harness/, whose
 * lock operations are macros) nor the compiler's (system headers). */
bool ast_Cursor_isInUpstreamHeader(Ast c)
{
	static char *harness;
	if (!fe_prog.ncx)
		return false;
	CXSourceLocation l = clang_getCursorLocation(cx(c));
	if (clang_Location_isInSystemHeader(l))
		return false;
	CXFile f;
	clang_getExpansionLocation(l, &f, NULL, NULL, NULL);
	if (!f)
		return false;
	if (!harness)
		harness = realpath(fe_harness_dir(), NULL);
	char *real = realpath(cx_str(clang_getFileName(f)), NULL);
	size_t n = harness ? strlen(harness) : 0;
	bool upstream = real && !(harness && !strncmp(real, harness, n) && real[n] == '/');
	free(real);
	return upstream;
}
void ast_getExpansionLocation(AstLoc l, AstFile *f, unsigned *line, unsigned *col, unsigned *off)
{
	clang_getExpansionLocation(cxl(l), (CXFile *)f, line, col, off);
}
void ast_getSpellingLocation(AstLoc l, AstFile *f, unsigned *line, unsigned *col, unsigned *off)
{
	clang_getSpellingLocation(cxl(l), (CXFile *)f, line, col, off);
}
bool ast_File_isEqual(AstFile a, AstFile b) { return clang_File_isEqual(a, b); }
const char *ast_getFileName(AstFile f) { return cx_str(clang_getFileName(f)); }
const char *ast_getFileContents(AstUnit tu, AstFile f, size_t *size) { return clang_getFileContents(cxu(tu), f, size); }
void ast_tokenize(AstUnit tu, AstRange r, AstToken **toks, unsigned *n)
{
	CXToken *t;
	clang_tokenize(cxu(tu), cxr(r), &t, n);
	*toks = (AstToken *)(void *)t;
}
void ast_disposeTokens(AstUnit tu, AstToken *toks, unsigned n)
{
	clang_disposeTokens(cxu(tu), (CXToken *)(void *)toks, n);
}
const char *ast_getTokenSpelling(AstUnit tu, AstToken t) { return cx_str(clang_getTokenSpelling(cxu(tu), cxk(t))); }
AstLoc ast_getTokenLocation(AstUnit tu, AstToken t) { return astl(clang_getTokenLocation(cxu(tu), cxk(t))); }

/* ---- parsing ---------------------------------------------------------------------- */
static const char *fe_harness_dir(void)
{
	const char *d = harness_find();
	return d ? d : "./harness";
}

/* ---- the program: upstream files, their side-car, compile_commands.json -------------
 * With a side-car (frontend_program), the upstream .c files and then the
 * side-car are parsed as one translation unit: a main file held in memory
 * that #includes each of them by its real path, so that the side-car sees
 * every name they declare and the program resolves calls and globals across
 * the files by name.  Locations stay those of the files themselves.  Each
 * file's flags are the ones compile_commands.json records for it (through
 * libclang's compilation database), merged: a macro defined differently
 * for two files is an error (they cannot share one translation unit). */

static bool fe_readable(const char *path)
{
	if (access(path, R_OK) != 0) {
		error_at((SrcLoc){ path, 0, 0 }, "cannot open '%s': %s", path, strerror(errno));
		return false;
	}
	struct stat sb;
	if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode)) {
		error_at((SrcLoc){ path, 0, 0 }, "'%s' is %s, not a C file", path,
			 S_ISDIR(sb.st_mode) ? "a directory" : "not a regular file");
		return false;
	}
	return true;
}

static const char *fe_realpath(const char *path)
{
	char *r = realpath(path, NULL);
	const char *s = xstrdup(r ? r : path);
	free(r);
	return s;
}

bool frontend_program(const char *sidecar, const char **files, int nfiles, const char *ccdb)
{
	int errors0 = diag_error_count();
	memset(&fe_prog, 0, sizeof(fe_prog));
	if (ccdb) {
		const char *base = strrchr(ccdb, '/');
		base = base ? base + 1 : ccdb;
		if (!fe_readable(ccdb))
			return false;
		if (strcmp(base, "compile_commands.json")) {
			error_at((SrcLoc){ ccdb, 0, 0 }, "--compile-commands needs a file named compile_commands.json, "
				 "not '%s'", base);
			return false;
		}
		const char *dir = base == ccdb ? "." : xstrndup(ccdb, (size_t)(base - ccdb - 1));
		CXCompilationDatabase_Error err;
		CXCompilationDatabase db = clang_CompilationDatabase_fromDirectory(dir, &err);
		if (err != CXCompilationDatabase_NoError || !db) {
			error_at((SrcLoc){ ccdb, 0, 0 }, "libclang cannot load the compilation database '%s'", ccdb);
			return false;
		}
		fe_prog.db = db;
		fe_prog.dbpath = ccdb;
	}
	if (!sidecar)
		return true;
	if (nfiles + 1 > (int)(sizeof(fe_prog.cx) / sizeof(fe_prog.cx[0]))) {
		error_at((SrcLoc){ sidecar, 0, 0 }, "a side-car program takes at most %d files",
			 (int)(sizeof(fe_prog.cx) / sizeof(fe_prog.cx[0])) - 1);
		return false;
	}
	fe_prog.sidecar = sidecar;
	fe_prog.files = arena_array((size_t)nfiles + 1, sizeof(char *));
	fe_prog.real = arena_array((size_t)nfiles + 1, sizeof(char *));
	for (int i = 0; i <= nfiles; i++) {
		const char *f = i < nfiles ? files[i] : sidecar;
		if (!fe_readable(f))
			continue;
		fe_prog.files[i] = f;
		fe_prog.real[i] = fe_realpath(f);
		for (int k = 0; k < i; k++)
			if (fe_prog.real[k] && !strcmp(fe_prog.real[k], fe_prog.real[i]))
				error_at((SrcLoc){ f, 0, 0 }, "'%s' is given twice", f);
	}
	fe_prog.nfiles = nfiles + 1;
	return diag_error_count() == errors0;
}

/* The name a location's file is told by: as the user gave it for the
 * program's files, relative to the working directory for the rest. */
const char *fe_display_name(const char *name)
{
	for (int i = 0; i < fe_prog.nfiles; i++)
		if (fe_prog.real[i] && !strcmp(fe_prog.real[i], name))
			return fe_prog.files[i];
	static char cwd[4096];
	if (!cwd[0] && !getcwd(cwd, sizeof(cwd) - 1))
		cwd[0] = 0;
	size_t n = strlen(cwd);
	if (n > 1 && !strncmp(name, cwd, n) && name[n] == '/')
		return name + n + 1;
	return name;
}

/* Options of a recorded compile command that the front end takes: include
 * paths, macros, forced includes, the language standard and target; the
 * rest (optimisation, warnings, code generation, -c, -o) does not change
 * what the code means to the model. */
static const char *const fe_db_path_opts[] = { "-I", "-isystem", "-iquote", "-idirafter", "-include", "-imacros",
					       NULL };

static const char *fe_db_abs(const char *dir, const char *p)
{
	return p[0] == '/' ? p : xprintf("%s/%s", dir, p);
}

/* Append the recorded flags of file to args; false after an error (no entry). */
static bool fe_db_flags(const char *file, PtrVec *args)
{
	if (!fe_prog.db)
		return true;
	/* the file's own entry: libclang's lookup by name would make one up
	 * for a file the build never compiled, from a neighbour's flags */
	const char *real = fe_realpath(file);
	CXCompileCommands cmds = clang_CompilationDatabase_getAllCompileCommands(fe_prog.db);
	unsigned n = cmds ? clang_CompileCommands_getSize(cmds) : 0;
	CXCompileCommand cmd = NULL;
	const char *dir = NULL;
	for (unsigned i = 0; i < n && !cmd; i++) {
		CXCompileCommand c = clang_CompileCommands_getCommand(cmds, i);
		const char *d = cx_str(clang_CompileCommand_getDirectory(c));
		const char *f = cx_str(clang_CompileCommand_getFilename(c));
		if (!strcmp(fe_realpath(fe_db_abs(d, f)), real))
			cmd = c, dir = d;
	}
	if (!cmd) {
		if (cmds)
			clang_CompileCommands_dispose(cmds);
		error_at((SrcLoc){ file, 0, 0 }, "'%s' has no entry in '%s'", file, fe_prog.dbpath);
		return false;
	}
	unsigned na = clang_CompileCommand_getNumArgs(cmd);
	for (unsigned i = 1; i < na; i++) {
		const char *a = cx_str(clang_CompileCommand_getArg(cmd, i));
		const char *next = i + 1 < na ? cx_str(clang_CompileCommand_getArg(cmd, i + 1)) : NULL;
		bool done = false;
		for (int k = 0; fe_db_path_opts[k] && !done; k++) {
			const char *o = fe_db_path_opts[k];
			size_t ol = strlen(o);
			if (!strcmp(a, o) && next) {
				vec_push(args, (void *)o);
				vec_push(args, (void *)fe_db_abs(dir, next));
				i++;
				done = true;
			} else if (ol == 2 && !strncmp(a, o, ol) && a[ol]) {
				vec_push(args, (void *)xprintf("%s%s", o, fe_db_abs(dir, a + ol)));
				done = true;
			}
		}
		if (done)
			continue;
		if ((!strcmp(a, "-D") || !strcmp(a, "-U")) && next) {
			vec_push(args, (void *)xprintf("%s%s", a, next));
			i++;
		} else if (!strncmp(a, "-D", 2) || !strncmp(a, "-U", 2) || !strncmp(a, "-std=", 5) ||
			   !strcmp(a, "-nostdinc") || !strncmp(a, "--target=", 9)) {
			vec_push(args, (void *)a);
		} else if (!strcmp(a, "-target") && next) {
			vec_push(args, (void *)xprintf("--target=%s", next));
			i++;
		}
	}
	clang_CompileCommands_dispose(cmds);
	return true;
}

/* Merge the flags of every upstream file: each once, in order; a macro
 * defined two ways is an error naming both files. */
static bool fe_prog_flags(PtrVec *args)
{
	PtrVec all = { 0 }, from = { 0 };
	bool ok = true;
	for (int i = 0; i < fe_prog.nfiles - 1; i++) {
		PtrVec one = { 0 };
		if (!fe_db_flags(fe_prog.files[i], &one)) {
			ok = false;
			continue;
		}
		for (int k = 0; k < one.len; k++) {
			const char *a = one.data[k];
			bool seen = false;
			for (int j = 0; j < all.len && !seen; j++) {
				const char *b = all.data[j];
				if (!strcmp(a, b))
					seen = true;
				else if (!strncmp(a, "-D", 2) && !strncmp(b, "-D", 2) &&
					 strcspn(a, "=") == strcspn(b, "=") && !strncmp(a, b, strcspn(a, "="))) {
					error_at((SrcLoc){ fe_prog.files[i], 0, 0 },
						 "'%s' is compiled with %s but '%s' with %s: they cannot form one program",
						 fe_prog.files[i], a, (const char *)from.data[j], b);
					ok = false;
					seen = true;
				}
			}
			/* a separate argument (-include FILE) stays with its option */
			bool pair = k + 1 < one.len && ((const char *)one.data[k])[0] == '-' &&
				    ((const char *)one.data[k + 1])[0] != '-';
			if (pair) {
				const char *v = one.data[++k];
				seen = false;
				for (int j = 0; j + 1 < all.len && !seen; j++)
					seen = !strcmp(all.data[j], a) && !strcmp(all.data[j + 1], v);
				if (!seen) {
					vec_push(&all, (void *)a), vec_push(&from, (void *)fe_prog.files[i]);
					vec_push(&all, (void *)v), vec_push(&from, (void *)fe_prog.files[i]);
				}
				continue;
			}
			if (!seen)
				vec_push(&all, (void *)a), vec_push(&from, (void *)fe_prog.files[i]);
		}
	}
	for (int k = 0; k < all.len; k++)
		vec_push(args, all.data[k]);
	return ok;
}

/* In program mode: c is in one of the program's files (upstream or side-car). */
static bool fe_prog_has(CXFile f)
{
	for (int i = 0; i < fe_prog.ncx; i++)
		if (f && fe_prog.cx[i] && clang_File_isEqual(f, fe_prog.cx[i]))
			return true;
	return false;
}

bool fe_in_program(AstFile f)
{
	return fe_prog_has((CXFile)f);
}

/* Parse path with the variant's defines; NULL after reporting errors. */
static CXTranslationUnit fe_parse(Fe *fe, CXIndex idx, const char *path, const char *defines, const char **extra,
			       int nextra)
{
	bool prog = fe_prog.sidecar && !strcmp(path, fe_prog.sidecar);
	if (!fe_readable(path))
		return NULL;
	PtrVec args = { 0 };
	vec_push(&args, "-std=c11");
	vec_push(&args, "-xc");
	/* the lock-API headers (linux/spinlock.h, xen/spinlock.h, ...) first, so
	 * that they, not a kernel tree's own, define the locks; LS_FRONTEND lets
	 * them give the model the plain access where C needs a volatile cast */
	vec_push(&args, (void *)xprintf("-I%s/include", fe_harness_dir()));
	vec_push(&args, "-DLS_FRONTEND=1");
	/* with a compilation database the upstream tree's own headers are on
	 * the path: the lock-API headers then read the real header of their
	 * name first and replace only the locking API (harness/include) */
	if (fe_prog.db)
		vec_push(&args, "-DLS_UPSTREAM=1");
	for (int i = 0; i < nextra; i++)
		vec_push(&args, (void *)extra[i]);
	if (prog ? !fe_prog_flags(&args) : !fe_db_flags(path, &args))
		return NULL;
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
	struct CXUnsavedFile unity = { 0 };
	const char *parse_path = path;
	if (prog) {
		StrBuf sb;
		sb_init(&sb);
		for (int i = 0; i < fe_prog.nfiles; i++)
			sb_addf(&sb, "#include \"%s\"\n", fe_prog.real[i]);
		unity.Contents = sb_detach_arena(&sb);
		unity.Length = strlen(unity.Contents);
		parse_path = unity.Filename = xprintf("%s.lockspin-program.c", fe_prog.real[fe_prog.nfiles - 1]);
	}
	enum CXErrorCode rc = clang_parseTranslationUnit2(idx, parse_path, (const char *const *)args.data, args.len,
							  prog ? &unity : NULL, prog ? 1 : 0, CXTranslationUnit_None, &tu);
	if (rc != CXError_Success || !tu) {
		error_at((SrcLoc){ path, 0, 0 }, "libclang cannot parse '%s' (error %d)", path, (int)rc);
		return NULL;
	}
	fe->tu = (AstUnit)(void *)tu;
	fe->path = path;
	fe->mainfile = clang_getFile(tu, parse_path);
	fe_prog.ncx = 0;
	for (int i = 0; prog && i < fe_prog.nfiles; i++)
		fe_prog.cx[fe_prog.ncx++] = clang_getFile(tu, fe_prog.real[i]);
	unsigned nd = clang_getNumDiagnostics(tu);
	int errors = 0;
	for (unsigned i = 0; i < nd; i++) {
		CXDiagnostic d = clang_getDiagnostic(tu, i);
		enum CXDiagnosticSeverity sev = clang_getDiagnosticSeverity(d);
		if (sev >= CXDiagnostic_Error) {
			error_at(fe_loc_at(fe, astl(clang_getDiagnosticLocation(d))), "%s",
				 cx_str(clang_getDiagnosticSpelling(d)));
			errors++;
		}
		clang_disposeDiagnostic(d);
	}
	if (errors) {
		clang_disposeTranslationUnit(tu);
		fe_prog.ncx = 0;
		fe_sidecar_load(NULL);
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

/* The unit frontend_variants parsed, kept for the variant without defines:
 * its frontend_extract parses the same file with the same arguments, so it
 * takes this one instead (a spec's "" variant is a third of make check's
 * parses, and parsing is most of a warm check's CPU).  Only outside
 * side-car mode (a side-car program's unit is made of several files, and
 * fe_prog's state follows it). */
static struct {
	const char *path;
	const char **extra;
	int nextra;
	CXIndex idx;
	CXTranslationUnit tu;
} fe_kept;

static void fe_kept_drop(void)
{
	if (fe_kept.tu)
		clang_disposeTranslationUnit(fe_kept.tu);
	if (fe_kept.idx)
		clang_disposeIndex(fe_kept.idx);
	memset(&fe_kept, 0, sizeof(fe_kept));
}

/* The kept unit if it is path's with these arguments and no defines (and
 * no longer kept: the caller disposes of it), else NULL. */
static CXTranslationUnit fe_kept_take(const char *path, const char *defines, const char **extra, int nextra,
				      CXIndex *idx)
{
	bool same = fe_kept.tu && !fe_prog.sidecar && !strcmp(fe_kept.path, path) && (!defines || !*defines) &&
		    fe_kept.nextra == nextra;
	for (int i = 0; same && i < nextra; i++)
		same = !strcmp(fe_kept.extra[i], extra[i]);
	if (!same)
		return NULL;
	CXTranslationUnit tu = fe_kept.tu;
	*idx = fe_kept.idx;
	memset(&fe_kept, 0, sizeof(fe_kept));
	return tu;
}

IrVariant *frontend_variants(const char *path, const char **extra_args, int nextra, int *nvariants)
{
	fe_kept_drop();
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
	Kids top = fe_kids(ast(clang_getTranslationUnitCursor(tu)));
	for (int i = 0; i < top.n; i++) {
		Ast c = top.c[i];
		if (ast_getCursorKind(c) != AST_VarDecl)
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
	/* kept when a variant has no defines (no variant: the default has none) */
	bool plain = !vs.len;
	for (int i = 0; i < vs.len; i++)
		plain = plain || !*((IrVariant *)vs.data[i])->defines;
	if (plain && !fe_prog.sidecar && diag_error_count() == errors0) {
		fe_kept.path = xstrdup(path);
		fe_kept.extra = arena_array((size_t)nextra + 1, sizeof(char *));
		for (int i = 0; i < nextra; i++)
			fe_kept.extra[i] = xstrdup(extra_args[i]);
		fe_kept.nextra = nextra;
		fe_kept.idx = idx;
		fe_kept.tu = tu;
	} else {
		clang_disposeTranslationUnit(tu);
		clang_disposeIndex(idx);
	}
	fe_prog.ncx = 0;
	fe_sidecar_load(NULL);
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

/* ---- a side-car program natively (IrSideProg; fe_sideprog.c, native_side.c) -------
 * The files, their recorded commands and every file the unit read, which
 * libclang gives; fe_sideprog.c takes the rest. */

int fe_prog_file_index(AstFile f)
{
	for (int i = 0; i < fe_prog.ncx; i++)
		if (f && fe_prog.cx[i] && clang_File_isEqual((CXFile)f, fe_prog.cx[i]))
			return i;
	return -1;
}

static void fe_side_inclusion(CXFile f, CXSourceLocation *stack, unsigned n, CXClientData d)
{
	(void)stack;
	(void)n;
	const char *name = cx_str(clang_getFileName(f));
	char *r = realpath(name, NULL);
	if (r) {
		vec_push(d, (void *)xstrdup(r));
		free(r);
	}
}

/* The recorded command of a program file (IrProgFile.dir NULL: none). */
static void fe_side_command(IrProgFile *pf)
{
	if (!fe_prog.db)
		return;
	CXCompileCommands cmds = clang_CompilationDatabase_getAllCompileCommands(fe_prog.db);
	unsigned n = cmds ? clang_CompileCommands_getSize(cmds) : 0;
	for (unsigned i = 0; i < n && !pf->dir; i++) {
		CXCompileCommand c = clang_CompileCommands_getCommand(cmds, i);
		const char *d = cx_str(clang_CompileCommand_getDirectory(c));
		const char *f = cx_str(clang_CompileCommand_getFilename(c));
		if (strcmp(fe_realpath(fe_db_abs(d, f)), pf->real))
			continue;
		pf->dir = d;
		pf->nargs = (int)clang_CompileCommand_getNumArgs(c);
		pf->args = arena_array((size_t)pf->nargs + 1, sizeof(char *));
		for (int k = 0; k < pf->nargs; k++)
			pf->args[k] = cx_str(clang_CompileCommand_getArg(c, (unsigned)k));
	}
	if (cmds)
		clang_CompileCommands_dispose(cmds);
}

void fe_prog_files(Fe *fe, IrSideProg *sp)
{
	sp->nfiles = fe_prog.nfiles;
	sp->files = arena_array((size_t)sp->nfiles, sizeof(IrProgFile));
	for (int i = 0; i < sp->nfiles; i++) {
		sp->files[i].path = fe_prog.files[i];
		sp->files[i].real = fe_prog.real[i];
		if (i < sp->nfiles - 1)
			fe_side_command(&sp->files[i]);
	}
	sp->ccdb = fe_prog.dbpath;
	PtrVec in = { 0 };
	clang_getInclusions(cxu(fe->tu), fe_side_inclusion, &in);
	if (fe_prog.dbpath)
		vec_push(&in, (void *)fe_realpath(fe_prog.dbpath));
	sp->inputs = (const char **)in.data;
	sp->ninputs = in.len;
}

IrProgram *frontend_extract(const char *path, const IrVariant *v, const char **extra_args, int nextra)
{
	Fe ctx;
	Fe *fe = &ctx;
	fe_reset(fe);
	int errors0 = diag_error_count();
	CXIndex idx = NULL;
	CXTranslationUnit tu = fe_kept_take(path, v ? v->defines : "", extra_args, nextra, &idx);
	if (tu) {
		/* what fe_parse sets, of the unit frontend_variants parsed */
		fe->tu = (AstUnit)(void *)tu;
		fe->path = path;
		fe->mainfile = clang_getFile(tu, path);
	} else {
		idx = clang_createIndex(0, 0);
		tu = fe_parse(fe, idx, path, v ? v->defines : "", extra_args, nextra);
	}
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
	Kids top = fe_kids(ast(clang_getTranslationUnitCursor(tu)));
	for (int i = 0; i < top.n; i++)
		if (ast_Cursor_isInMainFile(top.c[i]))
			ast_visitChildren(top.c[i], fe_check_anns_visit, fe);
	/* a side-car entry that names nothing would attach nothing */
	int errors_sc = diag_error_count();
	fe_sidecar_load(fe);
	if (diag_error_count() == errors_sc)
		fe_build_objects(fe);
	if (diag_error_count() == errors0) {
		fe_global_inits(fe);
		fe_scenario(fe);
	}
	/* a side-car program: what the native build needs of it */
	if (fe_prog.sidecar && !strcmp(path, fe_prog.sidecar) && diag_error_count() == errors0)
		fe_side_program(fe);
	IrProgram *p = fe->p;
	clang_disposeTranslationUnit(tu);
	fe_prog.ncx = 0;
	fe_sidecar_load(NULL);
	clang_disposeIndex(idx);
	fe_reset(fe);
	if (diag_error_count() != errors0)
		return NULL;
	ir_number(p);
	ir_check(p);
	return p;
}
