/* fe_ast.c - AST helpers over ast.h: children, spelling, locations, source text, evaluation, annotations. */
#include "fe.h"

typedef struct KidsBuf {
	Ast *c;
	int n, cap;
} KidsBuf;

static AstVisitResult kids_visit(Ast c, Ast parent, void * d)
{
	(void)parent;
	KidsBuf *b = d;
	if (b->n == b->cap) {
		int ncap = b->cap ? b->cap * 2 : 8;
		Ast *nc = arena_array((size_t)ncap, sizeof(Ast));
		if (b->n)
			memcpy(nc, b->c, (size_t)b->n * sizeof(Ast));
		b->c = nc;
		b->cap = ncap;
	}
	b->c[b->n++] = c;
	return AST_VISIT_Continue;
}

Kids fe_kids(Ast c)
{
	KidsBuf b = { 0 };
	ast_visitChildren(c, kids_visit, &b);
	return (Kids){ b.c, b.n };
}

/* The expression children (libclang also lists TypeRefs and attributes). */
Kids fe_expr_kids(Ast c)
{
	Kids k = fe_kids(c);
	int n = 0;
	for (int i = 0; i < k.n; i++)
		if (ast_isExpression(ast_getCursorKind(k.c[i])))
			k.c[n++] = k.c[i];
	k.n = n;
	return k;
}

const char *fe_spelling(Ast c)
{
	return ast_getCursorSpelling(c);
}

bool fe_same(Ast a, Ast b)
{
	return ast_equalCursors(ast_getCanonicalCursor(a), ast_getCanonicalCursor(b)) != 0;
}

static const char *fe_file_name(Fe *fe, AstFile f)
{
	if (!f || ast_File_isEqual(f, fe->mainfile))
		return fe->path;
	return fe_display_name(ast_getFileName(f));
}

SrcLoc fe_loc_at(Fe *fe, AstLoc l)
{
	AstFile f;
	unsigned line, col;
	ast_getExpansionLocation(l, &f, &line, &col, NULL);
	return (SrcLoc){ fe_file_name(fe, f), (int)line, (int)col };
}

SrcLoc fe_loc_of(Fe *fe, Ast c)
{
	return fe_loc_at(fe, ast_getCursorLocation(c));
}

SrcLoc fe_loc_end(Fe *fe, Ast c)
{
	SrcLoc l = fe_loc_at(fe, ast_getRangeEnd(ast_getCursorExtent(c)));
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

static const char *fe_range_text(Fe *fe, AstLoc a, AstLoc b, bool spell)
{
	AstFile f1, f2;
	unsigned o1, o2;
	if (spell) {
		ast_getSpellingLocation(a, &f1, NULL, NULL, &o1);
		ast_getSpellingLocation(b, &f2, NULL, NULL, &o2);
	} else {
		ast_getExpansionLocation(a, &f1, NULL, NULL, &o1);
		ast_getExpansionLocation(b, &f2, NULL, NULL, &o2);
	}
	if (!f1 || !f2 || !ast_File_isEqual(f1, f2) || o1 >= o2)
		return NULL;
	size_t size;
	const char *buf = ast_getFileContents(fe->tu, f1, &size);
	if (!buf || o2 > size)
		return NULL;
	return fe_squeeze(buf + o1, o2 - o1);
}

const char *fe_text_of(Fe *fe, Ast c)
{
	AstRange r = ast_getCursorExtent(c);
	const char *s = fe_range_text(fe, ast_getRangeStart(r), ast_getRangeEnd(r), true);
	if (!s)
		s = fe_range_text(fe, ast_getRangeStart(r), ast_getRangeEnd(r), false);
	if (!s)
		s = fe_spelling(c);
	return s;
}

/* Whether all of c is written in one file of the program, the spec or a
 * side-car program's (whose copy native_side.c instruments), outside any
 * macro: only then can native code copy or wrap its text.  Its ends and
 * their offsets in ends[] and off[]. */
bool fe_native_span(Fe *fe, Ast c, AstLoc ends[2], unsigned off[2])
{
	AstRange r = ast_getCursorExtent(c);
	AstFile first = NULL;
	ends[0] = ast_getRangeStart(r), ends[1] = ast_getRangeEnd(r);
	for (int i = 0; i < 2; i++) {
		AstFile ef, sf;
		unsigned so;
		ast_getExpansionLocation(ends[i], &ef, NULL, NULL, &off[i]);
		ast_getSpellingLocation(ends[i], &sf, NULL, NULL, &so);
		if (!ef || !sf || !(ast_File_isEqual(ef, fe->mainfile) || fe_in_program(ef)) || !ast_File_isEqual(sf, ef) ||
		    so != off[i] || (first && !ast_File_isEqual(ef, first)))
			return false;
		first = ef;
	}
	return true;
}

/* The C text of c for code inserted into the instrumented copy: only when
 * fe_native_span holds and it has no side effects (it is evaluated once
 * more); else NULL. */
const char *fe_native_text(Fe *fe, Ast c)
{
	AstLoc ends[2];
	unsigned off[2];
	if (!fe_native_span(fe, c, ends, off) || fe_has_effects(c))
		return NULL;
	return fe_range_text(fe, ends[0], ends[1], true);
}

unsigned fe_offset_of(AstLoc l)
{
	unsigned o;
	ast_getExpansionLocation(l, NULL, NULL, NULL, &o);
	return o;
}

bool fe_contains(Ast outer, Ast inner)
{
	AstRange r = ast_getCursorExtent(outer);
	unsigned a = fe_offset_of(ast_getRangeStart(r)), b = fe_offset_of(ast_getRangeEnd(r));
	unsigned o = fe_offset_of(ast_getCursorLocation(inner));
	return o >= a && o < b;
}

/* An UnexposedExpr that only wraps its operand: an implicit conversion or
 * a constant-expression wrapper, whose extent is its operand's.  (va_arg,
 * __func__, the designators of an initialiser are unexposed too, with one
 * operand but a wider extent: they are not looked through.) */
bool fe_is_implicit(Ast c, Kids ks)
{
	return ks.n == 1 && ast_equalRanges(ast_getCursorExtent(c), ast_getCursorExtent(ks.c[0]));
}

/* Look through parentheses, implicit conversions and casts. */
Ast fe_strip(Ast c)
{
	for (;;) {
		AstKind k = ast_getCursorKind(c);
		if (k != AST_ParenExpr && k != AST_UnexposedExpr && k != AST_CStyleCastExpr)
			return c;
		Kids ks = fe_expr_kids(c);
		/* a cast to __typeof__(*pos) * (the list walks) has the typeof's
		 * expression before its operand: not evaluated, looked past */
		if (k == AST_CStyleCastExpr && ks.n > 1) {
			c = ks.c[ks.n - 1];
			continue;
		}
		if (ks.n != 1 || (k == AST_UnexposedExpr && !fe_is_implicit(c, ks)))
			return c;
		c = ks.c[0];
	}
}

bool fe_eval_int(Ast c, long long *v)
{
	return ast_evaluate_int(c, v);
}

const char *fe_eval_str(Ast c)
{
	c = fe_strip(c);
	if (ast_getCursorKind(c) != AST_StringLiteral)
		return NULL;
	const char *s = ast_evaluate_str(c);
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
	"targets", "op", "scenario", "variant", "cleanup_of", "lock", "sidecar", "abstract", "points_each", NULL,
};


/* The argument text of annotation `key` on c ("" for a bare key), or NULL:
 * c's own, else one a side-car attaches to c (LS_FIELD, LS_GLOBAL,
 * LS_TARGETS_OF, LS_ABSTRACT). */
const char *fe_ann_find(Ast c, const char *key)
{
	const char *a = fe_ann_own_find(c, key);
	if (a)
		return a;
	AstKind k = ast_getCursorKind(c);
	if (k != AST_FieldDecl && k != AST_VarDecl && k != AST_FunctionDecl)
		return NULL;
	for (const Sidecar *sc = fe_sidecar_next(c, NULL, NULL); sc; sc = fe_sidecar_next(c, NULL, sc))
		if ((a = fe_ann_own_find(sc->self, key)))
			return a;
	return NULL;
}

/* The argument text of annotation `key` written on c itself, or NULL. */
const char *fe_ann_own_find(Ast c, const char *key)
{
	Kids k = fe_kids(c);
	size_t kl = strlen(key);
	for (int i = 0; i < k.n; i++) {
		if (ast_getCursorKind(k.c[i]) != AST_AnnotateAttr)
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

AstVisitResult fe_check_anns_visit(Ast c, Ast parent, void * d)
{
	Fe *fe = d;
	if (ast_getCursorKind(c) == AST_AnnotateAttr) {
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
			if (ok && !strncmp(w, "state", n) && ast_getCursorKind(parent) == AST_VarDecl &&
			    ast_getCursorKind(ast_getCursorSemanticParent(parent)) == AST_FunctionDecl)
				error_at(fe_loc_of(fe, parent),
					 "LS_STATE on '%s', a variable inside function '%s', is not modelled; declare it at file scope",
					 fe_spelling(parent), fe_spelling(ast_getCursorSemanticParent(parent)));
		}
		return AST_VISIT_Continue;
	}
	return AST_VISIT_Recurse;
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
