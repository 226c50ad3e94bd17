/* fe_ast.c - libclang helpers: children, spelling, locations, source text, evaluation, annotations. */
#include "fe.h"

typedef struct KidsBuf {
	CXCursor *c;
	int n, cap;
} KidsBuf;

static enum CXChildVisitResult kids_visit(CXCursor c, CXCursor parent, CXClientData d)
{
	(void)parent;
	KidsBuf *b = d;
	if (b->n == b->cap) {
		int ncap = b->cap ? b->cap * 2 : 8;
		CXCursor *nc = arena_array((size_t)ncap, sizeof(CXCursor));
		if (b->n)
			memcpy(nc, b->c, (size_t)b->n * sizeof(CXCursor));
		b->c = nc;
		b->cap = ncap;
	}
	b->c[b->n++] = c;
	return CXChildVisit_Continue;
}

Kids fe_kids(CXCursor c)
{
	KidsBuf b = { 0 };
	clang_visitChildren(c, kids_visit, &b);
	return (Kids){ b.c, b.n };
}

/* The expression children (libclang also lists TypeRefs and attributes). */
Kids fe_expr_kids(CXCursor c)
{
	Kids k = fe_kids(c);
	int n = 0;
	for (int i = 0; i < k.n; i++)
		if (clang_isExpression(clang_getCursorKind(k.c[i])))
			k.c[n++] = k.c[i];
	k.n = n;
	return k;
}

const char *fe_cx_str(CXString s)
{
	const char *c = clang_getCString(s);
	char *r = xstrdup(c ? c : "");
	clang_disposeString(s);
	return r;
}

const char *fe_spelling(CXCursor c)
{
	return fe_cx_str(clang_getCursorSpelling(c));
}

bool fe_same(CXCursor a, CXCursor b)
{
	return clang_equalCursors(clang_getCanonicalCursor(a), clang_getCanonicalCursor(b)) != 0;
}

static const char *fe_file_name(Fe *fe, CXFile f)
{
	if (!f || clang_File_isEqual(f, fe->mainfile))
		return fe->path;
	return fe_cx_str(clang_getFileName(f));
}

SrcLoc fe_loc_at(Fe *fe, CXSourceLocation l)
{
	CXFile f;
	unsigned line, col;
	clang_getExpansionLocation(l, &f, &line, &col, NULL);
	return (SrcLoc){ fe_file_name(fe, f), (int)line, (int)col };
}

SrcLoc fe_loc_of(Fe *fe, CXCursor c)
{
	return fe_loc_at(fe, clang_getCursorLocation(c));
}

SrcLoc fe_loc_end(Fe *fe, CXCursor c)
{
	SrcLoc l = fe_loc_at(fe, clang_getRangeEnd(clang_getCursorExtent(c)));
	if (l.col > 1)
		l.col--; /* the end is one past the closing brace */
	return l;
}

/* The C text of a cursor as written, whitespace squeezed. */
static const char *fe_squeeze(const char *s, size_t n)
{
	StrBuf sb;
	sb_init(&sb);
	bool space = false;
	for (size_t i = 0; i < n; i++) {
		char ch = s[i];
		if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\\') {
			space = sb.len > 0;
			continue;
		}
		if (space)
			sb_add(&sb, " ");
		space = false;
		sb_addn(&sb, &ch, 1);
	}
	return sb_detach_arena(&sb);
}

static const char *fe_range_text(Fe *fe, CXSourceLocation a, CXSourceLocation b, bool spell)
{
	CXFile f1, f2;
	unsigned o1, o2;
	if (spell) {
		clang_getSpellingLocation(a, &f1, NULL, NULL, &o1);
		clang_getSpellingLocation(b, &f2, NULL, NULL, &o2);
	} else {
		clang_getExpansionLocation(a, &f1, NULL, NULL, &o1);
		clang_getExpansionLocation(b, &f2, NULL, NULL, &o2);
	}
	if (!f1 || !f2 || !clang_File_isEqual(f1, f2) || o1 >= o2)
		return NULL;
	size_t size;
	const char *buf = clang_getFileContents(fe->tu, f1, &size);
	if (!buf || o2 > size)
		return NULL;
	return fe_squeeze(buf + o1, o2 - o1);
}

const char *fe_text_of(Fe *fe, CXCursor c)
{
	CXSourceRange r = clang_getCursorExtent(c);
	const char *s = fe_range_text(fe, clang_getRangeStart(r), clang_getRangeEnd(r), true);
	if (!s)
		s = fe_range_text(fe, clang_getRangeStart(r), clang_getRangeEnd(r), false);
	if (!s)
		s = fe_spelling(c);
	return s;
}

/* The C text of c for code inserted into the spec's instrumented copy:
 * only when all of it is written in the spec file itself, outside any
 * macro, and has no side effects (it is evaluated once more); else NULL. */
const char *fe_native_text(Fe *fe, CXCursor c)
{
	CXSourceRange r = clang_getCursorExtent(c);
	CXSourceLocation ends[2] = { clang_getRangeStart(r), clang_getRangeEnd(r) };
	for (int i = 0; i < 2; i++) {
		CXFile ef, sf;
		unsigned eo, so;
		clang_getExpansionLocation(ends[i], &ef, NULL, NULL, &eo);
		clang_getSpellingLocation(ends[i], &sf, NULL, NULL, &so);
		if (!ef || !sf || !clang_File_isEqual(ef, fe->mainfile) || !clang_File_isEqual(sf, ef) || so != eo)
			return NULL;
	}
	if (fe_has_effects(c))
		return NULL;
	return fe_range_text(fe, ends[0], ends[1], true);
}

unsigned fe_offset_of(CXSourceLocation l)
{
	unsigned o;
	clang_getExpansionLocation(l, NULL, NULL, NULL, &o);
	return o;
}

bool fe_contains(CXCursor outer, CXCursor inner)
{
	CXSourceRange r = clang_getCursorExtent(outer);
	unsigned a = fe_offset_of(clang_getRangeStart(r)), b = fe_offset_of(clang_getRangeEnd(r));
	unsigned o = fe_offset_of(clang_getCursorLocation(inner));
	return o >= a && o < b;
}

/* An UnexposedExpr that only wraps its operand: an implicit conversion or
 * a constant-expression wrapper, whose extent is its operand's.  (va_arg,
 * __func__, the designators of an initialiser are unexposed too, with one
 * operand but a wider extent: they are not looked through.) */
bool fe_is_implicit(CXCursor c, Kids ks)
{
	return ks.n == 1 && clang_equalRanges(clang_getCursorExtent(c), clang_getCursorExtent(ks.c[0]));
}

/* Look through parentheses, implicit conversions and casts. */
CXCursor fe_strip(CXCursor c)
{
	for (;;) {
		enum CXCursorKind k = clang_getCursorKind(c);
		if (k != CXCursor_ParenExpr && k != CXCursor_UnexposedExpr && k != CXCursor_CStyleCastExpr)
			return c;
		Kids ks = fe_expr_kids(c);
		if (ks.n != 1 || (k == CXCursor_UnexposedExpr && !fe_is_implicit(c, ks)))
			return c;
		c = ks.c[0];
	}
}

bool fe_eval_int(CXCursor c, long long *v)
{
	CXEvalResult r = clang_Cursor_Evaluate(c);
	if (!r)
		return false;
	bool ok = clang_EvalResult_getKind(r) == CXEval_Int;
	if (ok)
		*v = clang_EvalResult_getAsLongLong(r);
	clang_EvalResult_dispose(r);
	return ok;
}

const char *fe_eval_str(CXCursor c)
{
	c = fe_strip(c);
	if (clang_getCursorKind(c) != CXCursor_StringLiteral)
		return NULL;
	CXEvalResult r = clang_Cursor_Evaluate(c);
	const char *s = NULL;
	if (r) {
		if (clang_EvalResult_getKind(r) == CXEval_StrLiteral)
			s = xstrdup(clang_EvalResult_getAsStr(r));
		clang_EvalResult_dispose(r);
	}
	if (!s) {
		s = fe_spelling(c);
		size_t n = strlen(s);
		if (n >= 2 && s[0] == '"')
			s = xstrndup(s + 1, n - 2);
	}
	return s;
}

/* ---- annotations ---------------------------------------------------------- */
static const char *const known_anns[] = {
	"state", "range", "rank", "rank_bias", "class", "recursive",
	"targets", "op", "scenario", "variant", NULL,
};

/* The argument text of annotation `key` on c ("" for a bare key), or NULL. */
const char *fe_ann_find(CXCursor c, const char *key)
{
	Kids k = fe_kids(c);
	size_t kl = strlen(key);
	for (int i = 0; i < k.n; i++) {
		if (clang_getCursorKind(k.c[i]) != CXCursor_AnnotateAttr)
			continue;
		const char *s = fe_spelling(k.c[i]);
		if (strncmp(s, "lockspin:", 9))
			continue;
		s += 9;
		if (!strncmp(s, key, kl) && (s[kl] == 0 || s[kl] == ' '))
			return s[kl] ? s + kl + 1 : "";
	}
	return NULL;
}

enum CXChildVisitResult fe_check_anns_visit(CXCursor c, CXCursor parent, CXClientData d)
{
	Fe *fe = d;
	if (clang_getCursorKind(c) == CXCursor_AnnotateAttr) {
		const char *s = fe_spelling(c);
		if (!strncmp(s, "lockspin:", 9)) {
			const char *w = s + 9;
			size_t n = strcspn(w, " ");
			bool ok = false;
			for (int i = 0; known_anns[i]; i++)
				if (strlen(known_anns[i]) == n && !strncmp(known_anns[i], w, n))
					ok = true;
			if (!ok)
				error_at(fe_loc_of(fe, parent), "unknown annotation '%s'", s);
			/* modelled state is file scope: a variable inside a function
			 * (even static) would be read as untracked data */
			if (ok && !strncmp(w, "state", n) && clang_getCursorKind(parent) == CXCursor_VarDecl &&
			    clang_getCursorKind(clang_getCursorSemanticParent(parent)) == CXCursor_FunctionDecl)
				error_at(fe_loc_of(fe, parent),
					 "LS_STATE on '%s', a variable inside function '%s', is not modelled; declare it at file scope",
					 fe_spelling(parent), fe_spelling(clang_getCursorSemanticParent(parent)));
		}
		return CXChildVisit_Continue;
	}
	return CXChildVisit_Recurse;
}

bool fe_parse_int(const char *s, int *v)
{
	char *end;
	errno = 0;
	long x = strtol(s, &end, 0);
	if (end == s || *end || errno || x < INT_MIN || x > INT_MAX)
		return false;
	*v = (int)x;
	return true;
}
