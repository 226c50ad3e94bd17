/*
 * frontend.c - C spec -> protocol IR, through libclang.
 *
 * The only file that includes <clang-c/Index.h>.  It works in three passes
 * over one translation unit:
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
 * returning, so no cursor escapes this file.
 */
#include "stages.h"

#include <clang-c/Index.h>

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- objects ------------------------------------------------------------ */
struct Struct;

typedef enum FieldKind { FK_LOCK = 1, FK_STATE } FieldKind;

/* A modelled field of a struct, flattened: path "p2m.lock". */
typedef struct Field {
	const char *path;
	const char *prefix; /* path of the enclosing nested struct, "" or "p2m." */
	FieldKind kind;
	CXCursor decl;
	IrLockKind lk;
	int arrlen;
	IrValKind vk;
	int lo, hi;
	struct Struct *pst; /* VK_PTR: the struct pointed to */
	const char **targets; /* VK_FN: [1..hi] the LS_TARGETS names */
	int id;             /* class or var id, -1 until made */
} Field;

typedef struct Struct {
	CXCursor decl;      /* canonical */
	const char *name;
	Field *f;
	int nf;
	int ninst;
	int type;           /* IrType id, or -1 (no instance) */
	SrcLoc loc;
	bool done;
} Struct;

typedef enum GlobalKind { G_OBJ = 1, G_LOCK, G_STATE } GlobalKind;

typedef struct Global {
	CXCursor decl;      /* canonical */
	const char *name;
	GlobalKind kind;
	Struct *st;         /* G_OBJ */
	int base;           /* G_OBJ: first instance number */
	int len;            /* 0: not an array */
	Field f;            /* G_LOCK, G_STATE: as a field of the global type */
	SrcLoc loc;
} Global;

/* ---- values --------------------------------------------------------------- */
typedef enum XKind {
	X_UNTRACKED,
	X_VAL,      /* e; ptype >= 0: a pointer to an object of IrType ptype */
	X_OBJ,      /* lvalue object: st, e = instance, pfx = nested path prefix */
	X_OBJARR,   /* global array of objects: st, base, len */
	X_LOCK,     /* id = class, e = instance (NULL global), idx; addr: &lock */
	X_LOCKARR,  /* id = class, e = instance */
	X_STATE,    /* id = var, e = instance, idx */
	X_STATEARR, /* id = var, e = instance */
	X_LOCAL,    /* id = IrLocal */
	X_FUNC,     /* fn */
	X_BIND,     /* a C local not yet resolved (lvalue of assignments) */
	X_ADDR,     /* &local: b, the C local it points to (*p is that local) */
} XKind;

struct Binding;

typedef struct X {
	XKind k;
	IrExpr *e, *idx;
	int id;
	int ptype;
	Struct *st;
	int base, len;
	bool addr;
	const char *pfx;
	const char *why;
	CXCursor fn;
	struct Binding *b;
} X;

typedef enum BindKind { B_UNSET, B_VAL, B_LOCAL, B_UNTRACKED } BindKind;

typedef struct Binding {
	CXCursor decl;
	const char *name;
	BindKind kind;
	X x;          /* B_VAL */
	int local;    /* B_LOCAL */
	int depth;    /* control depth of the declaration */
	CXType ctype;
} Binding;

typedef struct Frame {
	struct Frame *parent;
	CXCursor fn;
	const char *fname;
	const char *chain;   /* "fname < caller < ... < entry function" */
	const char *sites;   /* the call sites from the entry function down to this
			      * frame, "spec/x.c:266 -> spec/x.c:140"; NULL in the entry */
	int id;
	PtrVec binds;
	PtrVec labels;       /* pairs: C name, IR name */
	const char *ret_label;
	bool ret_used;
	int result;          /* IrLocal of the return value, or -1 */
	PtrVec untracked_rets; /* S_SKIPs to patch into "any value" assignments */
	X xret;              /* a returned lock or object */
	bool has_xret, ret_untracked;
	const char *ret_why;
	int scope_base;
	int depth_base;
} Frame;

/* What a scope does when it is left, on every exit path: release an
 * ls_guard()'s lock, or call an __attribute__((cleanup(fn))) function as
 * fn(&var). */
typedef struct ScopeExit {
	IrExpr *lock;        /* a guard: release this lock reference */
	CXCursor fn;         /* cleanup: the function (when lock is NULL) */
	Binding *var;        /* cleanup: the local whose address it gets */
	CXCursor decl;       /* the local's declaration */
} ScopeExit;

typedef struct Scope {
	CXCursor stmt;
	PtrVec guards;       /* ScopeExit *, in declaration order */
} Scope;

typedef struct Jump {
	bool is_switch;
	const char *brk;     /* label, or NULL: S_BREAK */
	const char *cont;    /* label, or NULL: S_CONTINUE */
	bool cont_used;
	int nscopes;
	CXCursor *cases;
	const char **case_labels;
	int ncases;
} Jump;

typedef struct Seq {
	IrStmt *head, *tail;
} Seq;

/* The C statement being lowered, as a possible scheduling point for native
 * replay (IrPoint): open while none of its IR statements has claimed it and
 * nothing that is a scheduling point of its own in native code (an
 * annotation, a nested statement, an inlined body) has run since it began. */
typedef struct FePoint {
	bool open;
	bool after;       /* past a nested block: no longer at the statement's start */
	SrcLoc loc;
	unsigned offset;
} FePoint;

#define MAX_NEST 256

static struct Fe {
	const char *path;
	CXTranslationUnit tu;
	CXFile mainfile;
	IrProgram *p;
	PtrVec structs;     /* Struct *, in order of analysis */
	PtrVec order;       /* Struct * or Global *, source order (tagged) */
	PtrVec globals;
	Struct **type_struct; /* IrType id -> Struct */
	IrThread *t;
	Frame *frame;
	int nframes;
	Scope scopes[MAX_NEST];
	int nscopes;
	Jump jumps[MAX_NEST];
	int njumps;
	int depth;
	PtrVec labels;      /* IR labels used in this thread */
	PtrVec final_locals; /* IrLocals whose range is complete (inlined results) */
	FePoint pt;         /* the current C statement as a point */
	/* Run-time checks (guard_check): the condition under which the
	 * expression being evaluated runs (the left side of && / || and the
	 * test of ?: so far; NULL: always), and its C text for the native
	 * twin (NULL when there is none, or ctx_bad: it has side effects). */
	IrExpr *ctx;
	const char *ctx_c;
	bool ctx_bad;
	const char *store_c; /* C text of the value assign() stores next, or NULL */
	PtrVec range_checks; /* RangeCheck *: local stores, bounded once the thread is done */
} fe;

/* ---- libclang helpers ----------------------------------------------------- */
typedef struct Kids {
	CXCursor *c;
	int n;
} Kids;

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

static Kids kids(CXCursor c)
{
	KidsBuf b = { 0 };
	clang_visitChildren(c, kids_visit, &b);
	return (Kids){ b.c, b.n };
}

/* The expression children (libclang also lists TypeRefs and attributes). */
static Kids expr_kids(CXCursor c)
{
	Kids k = kids(c);
	int n = 0;
	for (int i = 0; i < k.n; i++)
		if (clang_isExpression(clang_getCursorKind(k.c[i])))
			k.c[n++] = k.c[i];
	k.n = n;
	return k;
}

static const char *cx_str(CXString s)
{
	const char *c = clang_getCString(s);
	char *r = xstrdup(c ? c : "");
	clang_disposeString(s);
	return r;
}

static const char *spelling(CXCursor c)
{
	return cx_str(clang_getCursorSpelling(c));
}

static bool same(CXCursor a, CXCursor b)
{
	return clang_equalCursors(clang_getCanonicalCursor(a), clang_getCanonicalCursor(b)) != 0;
}

static const char *file_name(CXFile f)
{
	if (!f || clang_File_isEqual(f, fe.mainfile))
		return fe.path;
	return cx_str(clang_getFileName(f));
}

static SrcLoc loc_at(CXSourceLocation l)
{
	CXFile f;
	unsigned line, col;
	clang_getExpansionLocation(l, &f, &line, &col, NULL);
	return (SrcLoc){ file_name(f), (int)line, (int)col };
}

static SrcLoc loc_of(CXCursor c)
{
	return loc_at(clang_getCursorLocation(c));
}

static SrcLoc loc_end(CXCursor c)
{
	SrcLoc l = loc_at(clang_getRangeEnd(clang_getCursorExtent(c)));
	if (l.col > 1)
		l.col--; /* the end is one past the closing brace */
	return l;
}

/* The C text of a cursor as written, whitespace squeezed. */
static const char *squeeze(const char *s, size_t n)
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

static const char *range_text(CXSourceLocation a, CXSourceLocation b, bool spell)
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
	const char *buf = clang_getFileContents(fe.tu, f1, &size);
	if (!buf || o2 > size)
		return NULL;
	return squeeze(buf + o1, o2 - o1);
}

static const char *text_of(CXCursor c)
{
	CXSourceRange r = clang_getCursorExtent(c);
	const char *s = range_text(clang_getRangeStart(r), clang_getRangeEnd(r), true);
	if (!s)
		s = range_text(clang_getRangeStart(r), clang_getRangeEnd(r), false);
	if (!s)
		s = spelling(c);
	return s;
}

/* The C text of c for code inserted into the spec's instrumented copy:
 * only when all of it is written in the spec file itself, outside any
 * macro, and has no side effects (it is evaluated once more); else NULL. */
static bool has_effects(CXCursor c);
static const char *native_text(CXCursor c)
{
	CXSourceRange r = clang_getCursorExtent(c);
	CXSourceLocation ends[2] = { clang_getRangeStart(r), clang_getRangeEnd(r) };
	for (int i = 0; i < 2; i++) {
		CXFile ef, sf;
		unsigned eo, so;
		clang_getExpansionLocation(ends[i], &ef, NULL, NULL, &eo);
		clang_getSpellingLocation(ends[i], &sf, NULL, NULL, &so);
		if (!ef || !sf || !clang_File_isEqual(ef, fe.mainfile) || !clang_File_isEqual(sf, ef) || so != eo)
			return NULL;
	}
	if (has_effects(c))
		return NULL;
	return range_text(ends[0], ends[1], true);
}

static unsigned offset_of(CXSourceLocation l)
{
	unsigned o;
	clang_getExpansionLocation(l, NULL, NULL, NULL, &o);
	return o;
}

static bool contains(CXCursor outer, CXCursor inner)
{
	CXSourceRange r = clang_getCursorExtent(outer);
	unsigned a = offset_of(clang_getRangeStart(r)), b = offset_of(clang_getRangeEnd(r));
	unsigned o = offset_of(clang_getCursorLocation(inner));
	return o >= a && o < b;
}

/* An UnexposedExpr that only wraps its operand: an implicit conversion or
 * a constant-expression wrapper, whose extent is its operand's.  (va_arg,
 * __func__, the designators of an initialiser are unexposed too, with one
 * operand but a wider extent: they are not looked through.) */
static bool is_implicit(CXCursor c, Kids ks)
{
	return ks.n == 1 && clang_equalRanges(clang_getCursorExtent(c), clang_getCursorExtent(ks.c[0]));
}

/* Look through parentheses, implicit conversions and casts. */
static CXCursor strip(CXCursor c)
{
	for (;;) {
		enum CXCursorKind k = clang_getCursorKind(c);
		if (k != CXCursor_ParenExpr && k != CXCursor_UnexposedExpr && k != CXCursor_CStyleCastExpr)
			return c;
		Kids ks = expr_kids(c);
		if (ks.n != 1 || (k == CXCursor_UnexposedExpr && !is_implicit(c, ks)))
			return c;
		c = ks.c[0];
	}
}

static bool eval_int(CXCursor c, long long *v)
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

static const char *eval_str(CXCursor c)
{
	c = strip(c);
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
		s = spelling(c);
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
static const char *ann_find(CXCursor c, const char *key)
{
	Kids k = kids(c);
	size_t kl = strlen(key);
	for (int i = 0; i < k.n; i++) {
		if (clang_getCursorKind(k.c[i]) != CXCursor_AnnotateAttr)
			continue;
		const char *s = spelling(k.c[i]);
		if (strncmp(s, "lockspin:", 9))
			continue;
		s += 9;
		if (!strncmp(s, key, kl) && (s[kl] == 0 || s[kl] == ' '))
			return s[kl] ? s + kl + 1 : "";
	}
	return NULL;
}

static enum CXChildVisitResult check_anns_visit(CXCursor c, CXCursor parent, CXClientData d)
{
	(void)d;
	if (clang_getCursorKind(c) == CXCursor_AnnotateAttr) {
		const char *s = spelling(c);
		if (!strncmp(s, "lockspin:", 9)) {
			const char *w = s + 9;
			size_t n = strcspn(w, " ");
			bool ok = false;
			for (int i = 0; known_anns[i]; i++)
				if (strlen(known_anns[i]) == n && !strncmp(known_anns[i], w, n))
					ok = true;
			if (!ok)
				error_at(loc_of(parent), "unknown annotation '%s'", s);
			/* modelled state is file scope: a variable inside a function
			 * (even static) would be read as untracked data */
			if (ok && !strncmp(w, "state", n) && clang_getCursorKind(parent) == CXCursor_VarDecl &&
			    clang_getCursorKind(clang_getCursorSemanticParent(parent)) == CXCursor_FunctionDecl)
				error_at(loc_of(parent),
					 "LS_STATE on '%s', a variable inside function '%s', is not modelled; declare it at file scope",
					 spelling(parent), spelling(clang_getCursorSemanticParent(parent)));
		}
		return CXChildVisit_Continue;
	}
	return CXChildVisit_Recurse;
}

static bool parse_int(const char *s, int *v)
{
	char *end;
	errno = 0;
	long x = strtol(s, &end, 0);
	if (end == s || *end || errno || x < INT_MIN || x > INT_MAX)
		return false;
	*v = (int)x;
	return true;
}

/* ---- types of declarations ------------------------------------------------ */
static IrLockKind lock_kind_of(CXType t)
{
	t = clang_getCanonicalType(t);
	if (t.kind != CXType_Record)
		return 0;
	const char *s = cx_str(clang_getTypeSpelling(t));
	if (!strcmp(s, "struct ls_mutex"))
		return LK_MUTEX;
	if (!strcmp(s, "struct ls_spinlock"))
		return LK_SPIN;
	if (!strcmp(s, "struct ls_rwlock"))
		return LK_RWLOCK;
	if (!strcmp(s, "struct ls_rwsem"))
		return LK_RWSEM;
	return 0;
}

static CXType elem_type(CXType t, int *len)
{
	t = clang_getCanonicalType(t);
	*len = 0;
	if (t.kind == CXType_ConstantArray) {
		*len = (int)clang_getArraySize(t);
		t = clang_getCanonicalType(clang_getArrayElementType(t));
	}
	return t;
}

static bool is_int_kind(enum CXTypeKind k)
{
	return (k >= CXType_Char_U && k <= CXType_UInt128 && k != CXType_Bool) ||
	       (k >= CXType_Char_S && k <= CXType_Int128);
}

static Struct *struct_of(CXType t);

static enum CXChildVisitResult enum_range_visit(CXCursor c, CXCursor parent, CXClientData d)
{
	(void)parent;
	int *r = d;
	if (clang_getCursorKind(c) == CXCursor_EnumConstantDecl) {
		long long v = clang_getEnumConstantDeclValue(c);
		if (!r[2] || v < r[0])
			r[0] = (int)v;
		if (!r[2] || v > r[1])
			r[1] = (int)v;
		r[2] = 1;
	}
	return CXChildVisit_Continue;
}

static void range_of_type(CXType t, IrValKind *vk, int *lo, int *hi)
{
	t = clang_getCanonicalType(t);
	if (t.kind == CXType_Bool) {
		*vk = VK_BOOL, *lo = 0, *hi = 1;
	} else if (t.kind == CXType_Enum) {
		int r[3] = { 0, 0, 0 };
		clang_visitChildren(clang_getTypeDeclaration(t), enum_range_visit, r);
		*vk = VK_ENUM, *lo = r[0], *hi = r[1];
	} else if (t.kind == CXType_Pointer) {
		*vk = VK_PTR, *lo = 0, *hi = 0;
	} else {
		*vk = VK_INT, *lo = -128, *hi = 127;
	}
}

static bool is_fn_type(CXType t)
{
	t = clang_getCanonicalType(t);
	return t.kind == CXType_FunctionProto || t.kind == CXType_FunctionNoProto;
}

static bool is_defined(CXCursor fd);

/* The function called name, defined in this file, or a null cursor. */
static CXCursor fn_named(const char *name)
{
	Kids top = kids(clang_getTranslationUnitCursor(fe.tu));
	CXCursor found = clang_getNullCursor();
	for (int i = 0; i < top.n; i++)
		if (clang_getCursorKind(top.c[i]) == CXCursor_FunctionDecl && !strcmp(spelling(top.c[i]), name) &&
		    is_defined(top.c[i]))
			found = clang_getCursorDefinition(top.c[i]);
	return found;
}

/* The names of LS_TARGETS(text) on decl, as (*out)[1..n]; n, or -1 after an
 * error (a name that is not a function defined here, a name twice). */
static int target_names(CXCursor decl, const char *text, const char ***out)
{
	PtrVec names = { 0 };
	vec_push(&names, NULL);
	const char *p = text;
	while (*p) {
		while (*p == ' ' || *p == ',')
			p++;
		size_t len = strcspn(p, " ,");
		if (!len)
			break;
		const char *name = xstrndup(p, len);
		p += len;
		if (clang_Cursor_isNull(fn_named(name))) {
			error_at(loc_of(decl), "LS_TARGETS names '%s', which is not a function defined in this file",
				 name);
			return -1;
		}
		for (int i = 1; i < names.len; i++)
			if (!strcmp(names.data[i], name)) {
				error_at(loc_of(decl), "LS_TARGETS names '%s' twice", name);
				return -1;
			}
		vec_push(&names, (void *)name);
	}
	if (names.len < 2) {
		error_at(loc_of(decl), "LS_TARGETS names no function");
		return -1;
	}
	*out = (const char **)names.data;
	return names.len - 1;
}

/* Fill f for an LS_STATE declaration of type t; false after an error. */
static bool state_field(CXCursor decl, CXType t, const char *name, Field *f)
{
	SrcLoc loc = loc_of(decl);
	int len;
	CXType e = elem_type(t, &len);
	f->kind = FK_STATE;
	f->arrlen = len ? len : 1;
	f->id = -1;
	const char *range = ann_find(decl, "range");
	if (e.kind == CXType_Bool || e.kind == CXType_Enum) {
		range_of_type(e, &f->vk, &f->lo, &f->hi);
	} else if (is_int_kind(e.kind)) {
		f->vk = VK_INT;
		if (!range) {
			error_at(loc, "modelled int '%s' needs LS_RANGE(lo, hi)", name);
			return false;
		}
	} else if (e.kind == CXType_Pointer && is_fn_type(clang_getPointeeType(e))) {
		/* a modelled function pointer: NULL or one of its LS_TARGETS */
		f->vk = VK_FN;
		const char *targets = ann_find(decl, "targets");
		if (!targets) {
			error_at(loc, "modelled function pointer '%s' needs LS_TARGETS", name);
			return false;
		}
		int n = target_names(decl, targets, &f->targets);
		if (n <= 0)
			return false;
		f->lo = 0;
		f->hi = n;
		if (range) {
			error_at(loc, "LS_RANGE does not apply to function pointer '%s'", name);
			return false;
		}
	} else if (e.kind == CXType_Pointer) {
		f->vk = VK_PTR;
		if (range) {
			/* its values are NULL and the global objects it may point to */
			error_at(loc, "LS_RANGE does not apply to pointer '%s'", name);
			return false;
		}
		f->pst = struct_of(clang_getPointeeType(e));
		if (!f->pst || !f->pst->nf) {
			error_at(loc, "modelled pointer '%s' must point to a struct with locks or state", name);
			return false;
		}
		f->lo = 0;
		f->hi = 0; /* ninst, once known */
	} else {
		error_at(loc, "modelled '%s' has type '%s', which cannot be modelled", name,
			 cx_str(clang_getTypeSpelling(t)));
		return false;
	}
	if (range && f->vk != VK_PTR && f->vk != VK_FN) {
		char a[64], b[64];
		if (sscanf(range, "%63s %63s", a, b) != 2 || !parse_int(a, &f->lo) || !parse_int(b, &f->hi)) {
			error_at(loc, "LS_RANGE needs two numbers, got '%s'", range);
			return false;
		}
		if (f->lo > f->hi) {
			error_at(loc, "LS_RANGE(%d, %d) is empty", f->lo, f->hi);
			return false;
		}
	}
	return true;
}

static void struct_fields(Struct *st, CXCursor decl, const char *prefix, int depth);

static Struct *struct_of(CXType t)
{
	t = clang_getCanonicalType(t);
	if (t.kind != CXType_Record || lock_kind_of(t))
		return NULL;
	CXCursor d = clang_getTypeDeclaration(t);
	CXCursor def = clang_getCursorDefinition(d);
	if (clang_Cursor_isNull(def))
		return NULL;
	d = clang_getCanonicalCursor(def);
	for (int i = 0; i < fe.structs.len; i++) {
		Struct *st = fe.structs.data[i];
		if (clang_equalCursors(st->decl, d))
			return st;
	}
	Struct *st = arena_alloc(sizeof(*st));
	st->decl = d;
	st->name = spelling(def);
	if (!*st->name || strstr(st->name, "unnamed"))
		st->name = cx_str(clang_getTypeSpelling(t));
	st->type = -1;
	st->loc = loc_of(def);
	vec_push(&fe.structs, st);
	struct_fields(st, def, "", 0);
	st->done = true;
	return st;
}

/* A lock is modelled by its kind: LS_STATE and LS_RANGE are for data. */
static void lock_not_state(CXCursor decl, const char *name)
{
	if (ann_find(decl, "state"))
		error_at(loc_of(decl), "LS_STATE on lock '%s': a lock is modelled already, LS_STATE is for data", name);
	if (ann_find(decl, "range"))
		error_at(loc_of(decl), "LS_RANGE on lock '%s': LS_RANGE is for modelled integers", name);
}

static void add_field(Struct *st, Field f)
{
	Field *nf = arena_array((size_t)st->nf + 1, sizeof(Field));
	if (st->nf)
		memcpy(nf, st->f, (size_t)st->nf * sizeof(Field));
	nf[st->nf++] = f;
	st->f = nf;
}

static void struct_fields(Struct *st, CXCursor decl, const char *prefix, int depth)
{
	Kids k = kids(decl);
	for (int i = 0; i < k.n; i++) {
		CXCursor fd = k.c[i];
		if (clang_getCursorKind(fd) != CXCursor_FieldDecl)
			continue;
		const char *name = spelling(fd);
		CXType ft = clang_getCursorType(fd);
		int len;
		CXType e = elem_type(ft, &len);
		Field f = { 0 };
		f.path = xprintf("%s%s", prefix, name);
		f.prefix = prefix;
		f.decl = fd;
		f.id = -1;
		IrLockKind lk = lock_kind_of(e);
		if (lk) {
			f.kind = FK_LOCK;
			f.lk = lk;
			f.arrlen = len ? len : 1;
			lock_not_state(fd, f.path);
			add_field(st, f);
		} else if (ann_find(fd, "state")) {
			if (state_field(fd, ft, f.path, &f))
				add_field(st, f);
		} else if (e.kind == CXType_Record && depth < 8) {
			Struct *sub = struct_of(e);
			if (!sub || !sub->nf)
				continue;
			if (len) {
				error_at(loc_of(fd), "array '%s' of structs with locks or state inside a struct cannot be modelled",
					 name);
				continue;
			}
			/* flatten: re-read the nested declaration with the longer prefix */
			struct_fields(st, clang_getCursorDefinition(clang_getTypeDeclaration(e)),
				      xprintf("%s%s.", prefix, name), depth + 1);
		}
	}
}

static Global *global_of(CXCursor ref)
{
	CXCursor c = clang_getCanonicalCursor(ref);
	for (int i = 0; i < fe.globals.len; i++) {
		Global *g = fe.globals.data[i];
		if (clang_equalCursors(g->decl, c))
			return g;
	}
	return NULL;
}

/* Pass 1: every struct and global of the main file, in source order. */
static enum CXChildVisitResult objects_visit(CXCursor c, CXCursor parent, CXClientData d)
{
	(void)parent;
	(void)d;
	if (!clang_Location_isFromMainFile(clang_getCursorLocation(c)))
		return CXChildVisit_Continue;
	enum CXCursorKind k = clang_getCursorKind(c);
	if ((k == CXCursor_StructDecl || k == CXCursor_UnionDecl) && clang_isCursorDefinition(c)) {
		Struct *st = struct_of(clang_getCursorType(c));
		if (st && st->nf) {
			bool seen = false;
			for (int i = 0; i < fe.order.len; i++)
				seen |= fe.order.data[i] == st;
			if (!seen)
				vec_push(&fe.order, st);
		}
		return CXChildVisit_Continue;
	}
	if (k == CXCursor_TypedefDecl) {
		clang_visitChildren(c, objects_visit, NULL);
		return CXChildVisit_Continue;
	}
	if (k != CXCursor_VarDecl)
		return CXChildVisit_Continue;
	if (clang_Cursor_getStorageClass(c) == CX_SC_Extern &&
	    clang_Cursor_isNull(clang_Cursor_getVarDeclInitializer(c)))
		return CXChildVisit_Continue;
	if (global_of(c))
		return CXChildVisit_Continue;
	const char *name = spelling(c);
	CXType t = clang_getCursorType(c);
	int len;
	CXType e = elem_type(t, &len);
	Global *g = arena_alloc(sizeof(*g));
	g->decl = clang_getCanonicalCursor(c);
	g->name = name;
	g->len = len;
	g->loc = loc_of(c);
	IrLockKind lk = lock_kind_of(e);
	Struct *st;
	if (lk) {
		lock_not_state(c, name);
		g->kind = G_LOCK;
		g->f = (Field){ .path = name, .prefix = "", .kind = FK_LOCK, .decl = c, .lk = lk,
				.arrlen = len ? len : 1, .id = -1 };
	} else if (ann_find(c, "state")) {
		g->kind = G_STATE;
		g->f = (Field){ .path = name, .prefix = "", .decl = c };
		if (!state_field(c, t, name, &g->f))
			return CXChildVisit_Continue;
	} else if ((st = struct_of(e)) && st->nf) {
		g->kind = G_OBJ;
		g->st = st;
		st->ninst += len ? len : 1;
	} else {
		return CXChildVisit_Continue;
	}
	vec_push(&fe.globals, g);
	vec_push(&fe.order, g);
	return CXChildVisit_Continue;
}

static bool is_struct_item(void *item)
{
	for (int i = 0; i < fe.structs.len; i++)
		if (fe.structs.data[i] == item)
			return true;
	return false;
}

/* Make the class or var of field f of IrType type. */
static void make_field(Field *f, int type, const char *tname)
{
	const char *name = type ? xprintf("%s.%s", tname, f->path) : f->path;
	SrcLoc loc = loc_of(f->decl);
	if (f->kind == FK_STATE) {
		IrVar *v = ir_add_var(fe.p, name, f->vk, f->lo, f->hi, type, f->arrlen, loc);
		f->id = v->id;
		v->targets = f->targets;
		if (f->vk == VK_PTR) {
			if (f->pst->type < 0) {
				error_at(loc, "modelled pointer '%s' points to 'struct %s', which has no global objects",
					 f->path, f->pst->name);
			} else {
				v->ptr_type = f->pst->type;
				v->hi = fe.p->types[f->pst->type]->ninst;
			}
		}
		return;
	}
	const char *cls = ann_find(f->decl, "class");
	IrLockClass *c = ir_add_class(fe.p, cls ? cls : name, f->lk, type, f->arrlen, loc);
	f->id = c->id;
	/* the lock's own C path, whatever class it is put in: the IrLock names
	 * ("d0.pod_lock") are C lvalues that the native registry takes the address of */
	if (cls)
		c->field = f->path;
	const char *rank = ann_find(f->decl, "rank");
	if (rank && (!parse_int(rank, &c->rank) || c->rank < 0 || c->rank > 10000)) {
		/* mm-locks levels start at 0; -1 is the IR's "no rank" */
		error_at(loc, "LS_RANK needs a number from 0 to 10000, got '%s'", rank);
		c->rank = -1;
	}
	if (ann_find(f->decl, "recursive"))
		c->recursive = true;
}

static void resolve_bias(Field *f, Struct *st, Global *g)
{
	const char *rb = ann_find(f->decl, "rank_bias");
	if (!rb)
		return;
	SrcLoc loc = loc_of(f->decl);
	char field[256], num[64];
	IrLockClass *c = fe.p->classes[f->id];
	if (sscanf(rb, "%255s %63s", field, num) != 2 || !parse_int(num, &c->bias)) {
		error_at(loc, "LS_RANK_BIAS needs a field and a number, got '%s'", rb);
		return;
	}
	const char *path = xprintf("%s%s", f->prefix, field);
	if (st) {
		for (int i = 0; i < st->nf; i++)
			if (!strcmp(st->f[i].path, path) && st->f[i].kind == FK_STATE && st->f[i].vk == VK_BOOL &&
			    st->f[i].arrlen == 1) {
				c->bias_var = st->f[i].id;
				return;
			}
	} else {
		for (int i = 0; i < fe.globals.len; i++) {
			Global *o = fe.globals.data[i];
			if (o->kind == G_STATE && !strcmp(o->name, field) && o->f.vk == VK_BOOL && o->f.arrlen == 1) {
				c->bias_var = o->f.id;
				return;
			}
		}
	}
	(void)g;
	error_at(loc, "LS_RANK_BIAS names '%s', which is not a modelled bool field of the same struct", field);
}

/* Pass 1 proper: types, instances, classes, vars. */
static void build_objects(void)
{
	clang_visitChildren(clang_getTranslationUnitCursor(fe.tu), objects_visit, NULL);
	/* types in order of definition, only for structs with global objects */
	for (int i = 0; i < fe.order.len; i++) {
		if (!is_struct_item(fe.order.data[i]))
			continue;
		Struct *st = fe.order.data[i];
		if (st->ninst > 0 && st->type < 0)
			st->type = ir_add_type(fe.p, st->name, st->loc)->id;
	}
	/* structs only used nested or defined in headers: still need a type if they have objects */
	for (int i = 0; i < fe.globals.len; i++) {
		Global *g = fe.globals.data[i];
		if (g->kind == G_OBJ && g->st->type < 0)
			g->st->type = ir_add_type(fe.p, g->st->name, g->st->loc)->id;
	}
	fe.type_struct = arena_array((size_t)fe.p->ntypes, sizeof(Struct *));
	for (int i = 0; i < fe.structs.len; i++) {
		Struct *st = fe.structs.data[i];
		if (st->type >= 0)
			fe.type_struct[st->type] = st;
	}
	for (int i = 0; i < fe.globals.len; i++) {
		Global *g = fe.globals.data[i];
		if (g->kind != G_OBJ)
			continue;
		IrType *t = fe.p->types[g->st->type];
		if (!g->len) {
			g->base = ir_add_instance(fe.p, t, g->name);
		} else {
			for (int k = 0; k < g->len; k++) {
				int n = ir_add_instance(fe.p, t, xprintf("%s[%d]", g->name, k));
				if (k == 0)
					g->base = n;
			}
		}
	}
	/* classes and vars in source order */
	for (int i = 0; i < fe.order.len; i++) {
		void *item = fe.order.data[i];
		if (is_struct_item(item)) {
			Struct *st = item;
			if (st->type < 0)
				continue;
			for (int k = 0; k < st->nf; k++)
				make_field(&st->f[k], st->type, fe.p->types[st->type]->name);
		} else {
			Global *g = item;
			if (g->kind != G_OBJ)
				make_field(&g->f, 0, "global");
		}
	}
	for (int i = 0; i < fe.order.len; i++) {
		void *item = fe.order.data[i];
		if (is_struct_item(item)) {
			Struct *st = item;
			if (st->type < 0)
				continue;
			for (int k = 0; k < st->nf; k++)
				if (st->f[k].kind == FK_LOCK)
					resolve_bias(&st->f[k], st, NULL);
		} else {
			Global *g = item;
			if (g->kind == G_LOCK)
				resolve_bias(&g->f, NULL, g);
		}
	}
	ir_layout_locks(fe.p);
	ir_alloc_var_inits(fe.p);
	/* C zero-initialises globals; a range without 0 starts at its low end */
	for (int i = 0; i < fe.p->nvars; i++) {
		IrVar *v = fe.p->vars[i];
		if (v->lo > 0 || v->hi < 0) {
			size_t n = ((size_t)fe.p->types[v->type]->ninst + 1) * (size_t)v->arrlen;
			for (size_t k = 0; k < n; k++)
				v->init[k] = v->lo;
		}
	}
}

/* ---- statement lists -------------------------------------------------------- */
static void emit(Seq *s, IrStmt *st)
{
	if (!st)
		return;
	if (!s) { /* the scenario: only constants */
		error_at(st->loc, "only constant assignments and ls_thread() are allowed in LS_SCENARIO");
		return;
	}
	/* the call chain, for traces that read like the real stack */
	for (IrStmt *q = st; fe.frame && q; q = q->next)
		if (!q->func) {
			q->func = fe.frame->chain;
			q->sites = fe.frame->sites;
		}
	if (!s->head)
		s->head = st;
	else
		s->tail->next = st;
	s->tail = st;
	while (s->tail->next)
		s->tail = s->tail->next;
}

static IrStmt *wrap(Seq *s, SrcLoc loc)
{
	IrStmt *q = ir_stmt(S_SEQ, loc);
	q->body = s->head;
	return q;
}

static IrStmt *mk_goto(const char *label, SrcLoc loc)
{
	IrStmt *s = ir_stmt(S_GOTO, loc);
	s->label = label;
	return s;
}

static IrStmt *mk_label(const char *label, SrcLoc loc)
{
	IrStmt *s = ir_stmt(S_LABEL, loc);
	s->label = label;
	return s;
}

static void add_note(SrcLoc loc, const char *what)
{
	for (int i = 0; i < fe.p->nnotes; i++) {
		IrNote *n = fe.p->notes[i];
		if (n->loc.line == loc.line && n->loc.col == loc.col && !strcmp(n->loc.file, loc.file) &&
		    !strcmp(n->what, what))
			return;
	}
	ir_add_note(fe.p, loc, what);
}

/* ---- scheduling points for native replay (IrPoint) -------------------------- */
/* A direct child c of a compound statement as a point: only a statement
 * that starts with its own tokens in the spec file (not a macro, not a
 * label or case, whose text would then run on another path), so that
 * "ls__point(...); " inserted at its start is valid C and runs just before it. */
static FePoint point_at(CXCursor c)
{
	FePoint pt = { 0 };
	enum CXCursorKind k = clang_getCursorKind(c);
	if (k == CXCursor_CaseStmt || k == CXCursor_DefaultStmt || k == CXCursor_LabelStmt ||
	    k == CXCursor_NullStmt || k == CXCursor_CompoundStmt)
		return pt;
	CXSourceLocation start = clang_getRangeStart(clang_getCursorExtent(c));
	CXFile ef, sf;
	unsigned line, col, eo, so;
	clang_getExpansionLocation(start, &ef, &line, &col, &eo);
	clang_getSpellingLocation(start, &sf, NULL, NULL, &so);
	if (!ef || !sf || !clang_File_isEqual(ef, fe.mainfile) || !clang_File_isEqual(sf, ef) || so != eo)
		return pt;
	pt.open = true;
	pt.offset = eo;
	pt.loc = (SrcLoc){ fe.path, (int)line, (int)col };
	return pt;
}

static bool reads_state(const IrExpr *e)
{
	if (!e)
		return false;
	if (e->kind == E_VAR)
		return true;
	return reads_state(e->a) || reads_state(e->b) || reads_state(e->c);
}

/* st (an assignment, or a test over cond) is the first step of the current
 * C statement: if it reads or writes modelled state, it takes the point. */
static void point_claim(IrStmt *st, const IrExpr *cond)
{
	if (!fe.pt.open || !fe.t)
		return;
	bool state = st->kind == S_ASSIGN ? reads_state(st->lhs) || reads_state(st->rhs) : reads_state(cond);
	if (!state)
		return;
	fe.pt.open = false;
	int i;
	for (i = 0; i < fe.p->npoints && fe.p->points[i].offset != fe.pt.offset; i++)
		;
	if (i == fe.p->npoints) {
		IrPoint *np = arena_array((size_t)fe.p->npoints + 1, sizeof(IrPoint));
		if (fe.p->npoints)
			memcpy(np, fe.p->points, sizeof(IrPoint) * (size_t)fe.p->npoints);
		np[fe.p->npoints++] = (IrPoint){ fe.pt.loc, fe.pt.offset };
		fe.p->points = np;
	}
	st->point = i + 1;
}

/* A name unused among the thread's locals (or labels). */
static const char *unique_name(const char *base, bool label)
{
	for (int k = 1;; k++) {
		const char *name = k == 1 ? base : xprintf("%s_%d", base, k);
		bool used = false;
		if (label) {
			for (int i = 0; i < fe.labels.len && !used; i++)
				used = !strcmp(fe.labels.data[i], name);
		} else {
			for (int i = 0; i < fe.t->nlocals && !used; i++)
				used = !strcmp(fe.t->locals[i]->name, name);
		}
		if (!used) {
			if (label)
				vec_push(&fe.labels, (void *)name);
			return name;
		}
	}
}

static IrLocal *new_local(const char *base, IrValKind vk, int lo, int hi, int ptype, SrcLoc loc)
{
	IrLocal *l = ir_add_local(fe.t, unique_name(base, false), vk, lo, hi, loc);
	l->ptr_type = ptype;
	return l;
}

/* ---- expressions ------------------------------------------------------------ */
static X untracked(const char *why)
{
	return (X){ .k = X_UNTRACKED, .why = why, .ptype = -1 };
}

static X val(IrExpr *e, int ptype)
{
	return (X){ .k = X_VAL, .e = e, .ptype = ptype };
}

static IrExpr *e_local(int id, SrcLoc loc)
{
	IrExpr *e = ir_expr(E_LOCAL, loc);
	e->var = id;
	return e;
}

static IrExpr *e_var(int id, IrExpr *inst, IrExpr *idx, SrcLoc loc)
{
	IrExpr *e = ir_expr(E_VAR, loc);
	e->var = id;
	e->a = fe.p->vars[id]->type ? inst : NULL;
	e->b = idx;
	return e;
}

static bool is_const(const IrExpr *e)
{
	return e && e->kind == E_CONST;
}

static IrExpr *unop(int op, IrExpr *a, SrcLoc loc)
{
	if (is_const(a))
		return ir_const(op == '-' ? -a->value : op == '!' ? !a->value : ~a->value, loc);
	IrExpr *e = ir_expr(E_UNOP, loc);
	e->op = op;
	e->a = a;
	return e;
}

static IrExpr *binop(int op, IrExpr *a, IrExpr *b, SrcLoc loc)
{
	if (is_const(a) && is_const(b)) {
		long x = a->value, y = b->value, r;
		switch (op) {
		case '+': r = x + y; break;
		case '-': r = x - y; break;
		case '*': r = x * y; break;
		case '/': if (!y) goto keep; r = x / y; break;
		case '%': if (!y) goto keep; r = x % y; break;
		case '<': r = x < y; break;
		case '>': r = x > y; break;
		case OP_LE: r = x <= y; break;
		case OP_GE: r = x >= y; break;
		case OP_EQ: r = x == y; break;
		case OP_NE: r = x != y; break;
		case OP_LAND: r = x && y; break;
		case OP_LOR: r = x || y; break;
		case '&': r = x & y; break;
		case '|': r = x | y; break;
		case '^': r = x ^ y; break;
		case OP_SHL: if (y < 0 || y > 30) goto keep; r = x << y; break;
		case OP_SHR: if (y < 0 || y > 30) goto keep; r = x >> y; break;
		default: goto keep;
		}
		if (r >= INT_MIN && r <= INT_MAX)
			return ir_const((int)r, loc);
	}
keep:
	return ir_binop(op, a, b, loc);
}

/* Bounds of e without reading any local; false if unbounded. */
static bool expr_range(const IrExpr *e, long *lo, long *hi)
{
	long a, b, c, d;
	switch (e->kind) {
	case E_CONST:
		*lo = *hi = e->value;
		return true;
	case E_VAR:
		*lo = fe.p->vars[e->var]->lo, *hi = fe.p->vars[e->var]->hi;
		return true;
	case E_CHOOSE:
		*lo = 0, *hi = e->value - 1;
		return true;
	case E_LOCAL: {
		/* only ranges that cannot widen any more */
		IrLocal *l = fe.t->locals[e->var];
		bool final = l->vk != VK_INT;
		for (int i = 0; i < fe.final_locals.len && !final; i++)
			final = fe.final_locals.data[i] == l;
		*lo = l->lo, *hi = l->hi;
		return final;
	}
	case E_HELD:
		*lo = 0, *hi = 1;
		return true;
	case E_UNOP:
		if (e->op == '!') {
			*lo = 0, *hi = 1;
			return true;
		}
		if (e->op == '-' && expr_range(e->a, &a, &b)) {
			*lo = -b, *hi = -a;
			return true;
		}
		return false;
	case E_COND:
		if (!expr_range(e->b, &a, &b) || !expr_range(e->c, &c, &d))
			return false;
		*lo = a < c ? a : c, *hi = b > d ? b : d;
		return true;
	case E_BINOP:
		switch (e->op) {
		case '<': case '>': case OP_LE: case OP_GE: case OP_EQ: case OP_NE: case OP_LAND: case OP_LOR:
			*lo = 0, *hi = 1;
			return true;
		case '+': case '-':
			if (!expr_range(e->a, &a, &b) || !expr_range(e->b, &c, &d))
				return false;
			if (e->op == '+')
				*lo = a + c, *hi = b + d;
			else
				*lo = a - d, *hi = b - c;
			return *lo > -100000 && *hi < 100000;
		case '&':
			/* x & c, c >= 0: 0..c */
			if (is_const(e->b) && e->b->value >= 0) {
				*lo = 0, *hi = e->b->value;
				return true;
			}
			if (is_const(e->a) && e->a->value >= 0) {
				*lo = 0, *hi = e->a->value;
				return true;
			}
			return false;
		case '%':
			if (is_const(e->b) && e->b->value > 0) {
				bool nonneg = expr_range(e->a, &a, &b) && a >= 0;
				*lo = nonneg ? 0 : -(e->b->value - 1), *hi = e->b->value - 1;
				return true;
			}
			return false;
		default:
			return false;
		}
	default:
		return false;
	}
}

static void widen_local(IrLocal *l, const IrExpr *rhs)
{
	long lo, hi;
	if (l->vk == VK_BOOL || l->vk == VK_PTR)
		return;
	if (!expr_range(rhs, &lo, &hi)) {
		lo = -128;
		hi = 127;
	}
	if (lo < l->lo)
		l->lo = (int)lo;
	if (hi > l->hi)
		l->hi = (int)hi;
}


/* ---- run-time checks ------------------------------------------------------------- */
/*
 * C has operations the model cannot carry out faithfully: a store that
 * leaves the variable's range (Promela would wrap it), a dereference of
 * NULL (slot 0 of every state variable is a phantom object), an index
 * outside the array (slot -1 is the phantom, past the end pan stops with
 * "invalid array index") and a division by zero (pan dies of SIGFPE).
 * Each is checked just before the statement that does it: an implicit
 * assertion whose failure is its own verdict, atomic with the store it
 * guards.  native (C text, true when safe) is its twin for replay on the
 * real code, tested by the instrumented copy at the statement's point.
 */
static IrStmt *guard_check(Seq *s, IrExpr *ok, int verdict, const char *what, SrcLoc loc, const char *native)
{
	if (!s || !fe.t || (ok && is_const(ok) && ok->value))
		return NULL;
	IrStmt *ck = ir_stmt(S_ASSERT, loc);
	if (ok && fe.ctx) {
		IrExpr *n = ir_expr(E_UNOP, loc);
		n->op = '!';
		n->a = fe.ctx;
		ok = ir_binop(OP_LOR, n, ok, loc);
	}
	if (!ok && fe.ctx) { /* bounded later (range_checks_finish): off the context, it holds */
		IrExpr *n = ir_expr(E_UNOP, loc);
		n->op = '!';
		n->a = fe.ctx;
		ok = n;
	}
	ck->cond = ok;
	ck->text = what;
	ck->implicit = true;
	ck->violation = verdict;
	ck->guard = true;
	emit(s, ck);
	if (native && !fe.ctx_bad && fe.pt.loc.file && !fe.pt.after) {
		IrNativeCheck *nc = arena_array((size_t)fe.p->nnchecks + 1, sizeof(IrNativeCheck));
		if (fe.p->nnchecks)
			memcpy(nc, fe.p->nchecks, sizeof(IrNativeCheck) * (size_t)fe.p->nnchecks);
		nc[fe.p->nnchecks++] = (IrNativeCheck){ fe.pt.offset, loc.line, verdict_name((Verdict)verdict),
							 fe.ctx_c ? xprintf("!(%s) || (%s)", fe.ctx_c, native) : native,
							 what };
		fe.p->nchecks = nc;
		ck->native_twin = true;
	}
	return ck;
}

/* A store to a local: its range grows with what is stored, so the check is
 * bounded only once the thread is lowered (range_checks_finish). */
typedef struct RangeCheck {
	IrStmt *ck;
	IrLocal *l;
	IrExpr *value;
} RangeCheck;

static IrExpr *in_range(IrExpr *v, long lo, long hi, SrcLoc loc)
{
	return ir_binop(OP_LAND, ir_binop(OP_GE, v, ir_const((int)lo, loc), loc),
			ir_binop(OP_LE, v, ir_const((int)hi, loc), loc), loc);
}

static void range_checks_finish(void)
{
	for (int i = 0; i < fe.range_checks.len; i++) {
		RangeCheck *rc = fe.range_checks.data[i];
		IrExpr *ok = in_range(rc->value, rc->l->lo, rc->l->hi, rc->ck->loc);
		rc->ck->cond = rc->ck->cond ? ir_binop(OP_LOR, rc->ck->cond, ok, rc->ck->loc) : ok;
	}
	fe.range_checks.len = 0;
}

/* Whether e reads an ls_choose(): a check must not choose again. */
static bool has_choose(const IrExpr *e)
{
	return e && (e->kind == E_CHOOSE || has_choose(e->a) || has_choose(e->b) || has_choose(e->c));
}

/* e, read once: an expression with an ls_choose() is stored in a temporary
 * first, so that its check and its use see the same choice. */
static IrExpr *pin(Seq *s, IrExpr *e, SrcLoc loc)
{
	if (!has_choose(e) || !s || !fe.t)
		return e;
	long lo, hi;
	if (!expr_range(e, &lo, &hi))
		lo = -128, hi = 127;
	IrLocal *l = new_local("tmp", VK_INT, (int)lo, (int)hi, -1, loc);
	IrStmt *as = ir_stmt(S_ASSIGN, loc);
	as->lhs = e_local(l->id, loc);
	as->rhs = e;
	emit(s, as);
	vec_push(&fe.final_locals, l);
	return e_local(l->id, loc);
}

/* The divisor b (C text bc) of a / or %: never zero. */
static void div_check(X *b, CXCursor bc, Seq *s, SrcLoc loc)
{
	long lo, hi;
	if (expr_range(b->e, &lo, &hi) && (lo > 0 || hi < 0))
		return;
	b->e = pin(s, b->e, loc);
	const char *t = text_of(bc), *nt = native_text(bc);
	guard_check(s, ir_binop(OP_NE, b->e, ir_const(0, loc), loc), V_DIV_ZERO,
		    xprintf("division by '%s', which may be zero", t), loc, nt ? xprintf("(%s) != 0", nt) : NULL);
}

/* Evaluate the right side of && / || or a branch of ?: under the
 * context "cond is true" (neg: false). */
typedef struct CtxSave {
	IrExpr *ctx;
	const char *ctx_c;
	bool ctx_bad;
} CtxSave;

static CtxSave ctx_push(const X *cond, CXCursor cc, bool neg, SrcLoc loc)
{
	CtxSave sv = { fe.ctx, fe.ctx_c, fe.ctx_bad };
	/* an untracked condition may be either: the check then always applies */
	if (cond->k == X_VAL && !has_choose(cond->e)) {
		IrExpr *c = cond->e;
		if (neg) {
			IrExpr *n = ir_expr(E_UNOP, loc);
			n->op = '!';
			n->a = c;
			c = n;
		}
		fe.ctx = fe.ctx ? ir_binop(OP_LAND, fe.ctx, c, loc) : c;
	}
	const char *nt = native_text(cc);
	const char *t = xprintf("%s(%s)", neg ? "!" : "", nt ? nt : "");
	fe.ctx_c = fe.ctx_c ? xprintf("(%s) && %s", fe.ctx_c, t) : t;
	fe.ctx_bad = fe.ctx_bad || !nt;
	return sv;
}

static void ctx_pop(CtxSave sv)
{
	fe.ctx = sv.ctx;
	fe.ctx_c = sv.ctx_c;
	fe.ctx_bad = sv.ctx_bad;
}

/* Any value of lo..hi. */
static IrExpr *any_value(int lo, int hi, SrcLoc loc)
{
	IrExpr *e = ir_expr(E_CHOOSE, loc);
	e->value = hi - lo + 1;
	return lo ? binop('+', e, ir_const(lo, loc), loc) : e;
}

static X ev(CXCursor c, Seq *s);

static X resolve(X x)
{
	if (x.k != X_BIND)
		return x;
	Binding *b = x.b;
	switch (b->kind) {
	case B_VAL:
		return b->x;
	case B_LOCAL: {
		IrLocal *l = fe.t->locals[b->local];
		return (X){ .k = X_LOCAL, .id = b->local, .ptype = l->vk == VK_PTR ? l->ptr_type : -1 };
	}
	default:
		return untracked(b->name);
	}
}

static X rv(X x, SrcLoc loc)
{
	x = resolve(x);
	if (x.k == X_STATE) {
		IrVar *v = fe.p->vars[x.id];
		return val(e_var(x.id, x.e, x.idx, loc), v->vk == VK_PTR ? v->ptr_type : -1);
	}
	if (x.k == X_LOCAL)
		return val(e_local(x.id, loc), x.ptype);
	return x;
}

static X evr(CXCursor c, Seq *s)
{
	return rv(ev(c, s), loc_of(c));
}

/* ---- modelled function pointers (VK_FN) -------------------------------------- */
/* The VK_FN variable x reads, or NULL. */
static const IrVar *fn_var_of(X x)
{
	if (x.k == X_STATE && fe.p->vars[x.id]->vk == VK_FN)
		return fe.p->vars[x.id];
	if (x.k == X_VAL && x.e && x.e->kind == E_VAR && fe.p->vars[x.e->var]->vk == VK_FN)
		return fe.p->vars[x.e->var];
	return NULL;
}

/* The value of function fn in v: k for its k-th target, 0 if it is none. */
static int fn_index(const IrVar *v, CXCursor fn)
{
	const char *name = spelling(fn);
	for (int k = 1; k <= v->hi; k++)
		if (!strcmp(v->targets[k], name))
			return k;
	return 0;
}

static bool same_targets(const IrVar *a, const IrVar *b)
{
	if (a->hi != b->hi)
		return false;
	for (int k = 1; k <= a->hi; k++)
		if (strcmp(a->targets[k], b->targets[k]))
			return false;
	return true;
}

/* rhs as a value of the function pointer v (lhs_c: its C text): a target
 * is its index, NULL 0, another pointer with the same targets its value;
 * anything else is untracked.  *bad after an error. */
static X fn_value(const IrVar *v, X rhs, CXCursor lhs_c, SrcLoc loc, bool *bad)
{
	*bad = false;
	if (rhs.k == X_FUNC) {
		int k = fn_index(v, rhs.fn);
		if (!k) {
			error_at(loc, "'%s' is not one of the LS_TARGETS of '%s'", spelling(rhs.fn), text_of(lhs_c));
			*bad = true;
		}
		return val(ir_const(k, loc), -1);
	}
	if (rhs.k == X_VAL && is_const(rhs.e) && rhs.e->value == 0)
		return rhs;
	const IrVar *o = fn_var_of(rhs);
	if (o && same_targets(o, v))
		return rhs;
	return rhs.k == X_UNTRACKED ? rhs : untracked(text_of(lhs_c));
}

static Binding *find_binding(CXCursor decl)
{
	if (!fe.frame)
		return NULL;
	for (int i = fe.frame->binds.len - 1; i >= 0; i--) {
		Binding *b = fe.frame->binds.data[i];
		if (same(b->decl, decl))
			return b;
	}
	return NULL;
}

static X member(X obj, const char *fname, CXCursor whole)
{
	Struct *st = obj.st;
	const char *path = xprintf("%s%s", obj.pfx ? obj.pfx : "", fname);
	size_t pl = strlen(path);
	for (int i = 0; i < st->nf; i++) {
		Field *f = &st->f[i];
		if (!strcmp(f->path, path)) {
			if (f->id < 0)
				return untracked(text_of(whole));
			X r = { .k = f->kind == FK_LOCK ? (f->arrlen > 1 ? X_LOCKARR : X_LOCK)
						       : (f->arrlen > 1 ? X_STATEARR : X_STATE),
				.id = f->id, .e = obj.e, .ptype = -1 };
			return r;
		}
	}
	for (int i = 0; i < st->nf; i++)
		if (!strncmp(st->f[i].path, path, pl) && st->f[i].path[pl] == '.') {
			X r = obj;
			r.pfx = xprintf("%s.", path);
			return r;
		}
	return untracked(text_of(whole));
}

/* The object a pointer value points to.  A pointer that may be NULL is
 * checked first: slot 0 of every variable is the phantom NULL object. */
static X deref(X p, CXCursor base, Seq *s)
{
	if (p.k == X_VAL && p.ptype >= 0 && fe.type_struct[p.ptype]) {
		long lo, hi;
		if (!(expr_range(p.e, &lo, &hi) && lo > 0)) {
			SrcLoc loc = loc_of(base);
			const char *bt = text_of(base), *nt = native_text(base);
			p.e = pin(s, p.e, loc);
			guard_check(s, ir_binop(OP_NE, p.e, ir_const(0, loc), loc), V_NULL_DEREF,
				    xprintf("dereference of '%s', which may be NULL", bt), loc,
				    nt ? xprintf("(%s) != 0", nt) : NULL);
		}
		return (X){ .k = X_OBJ, .st = fe.type_struct[p.ptype], .e = p.e, .pfx = "", .ptype = -1 };
	}
	if (p.k == X_UNTRACKED)
		return p;
	if (p.k == X_OBJ && p.addr) {
		p.addr = false;
		return p;
	}
	return untracked(text_of(base));
}

static bool has_effects(CXCursor c);
static X call(CXCursor c, Seq *s);
static void assign(X lhs, X rhs, CXCursor lhs_c, SrcLoc loc, Seq *s);
static IrExpr *cond_expr(CXCursor c, Seq *s, const char **why);

static int ir_binop_of(enum CXBinaryOperatorKind k)
{
	switch (k) {
	case CXBinaryOperator_Mul: case CXBinaryOperator_MulAssign: return '*';
	case CXBinaryOperator_Div: case CXBinaryOperator_DivAssign: return '/';
	case CXBinaryOperator_Rem: case CXBinaryOperator_RemAssign: return '%';
	case CXBinaryOperator_Add: case CXBinaryOperator_AddAssign: return '+';
	case CXBinaryOperator_Sub: case CXBinaryOperator_SubAssign: return '-';
	case CXBinaryOperator_Shl: case CXBinaryOperator_ShlAssign: return OP_SHL;
	case CXBinaryOperator_Shr: case CXBinaryOperator_ShrAssign: return OP_SHR;
	case CXBinaryOperator_LT: return '<';
	case CXBinaryOperator_GT: return '>';
	case CXBinaryOperator_LE: return OP_LE;
	case CXBinaryOperator_GE: return OP_GE;
	case CXBinaryOperator_EQ: return OP_EQ;
	case CXBinaryOperator_NE: return OP_NE;
	case CXBinaryOperator_And: case CXBinaryOperator_AndAssign: return '&';
	case CXBinaryOperator_Xor: case CXBinaryOperator_XorAssign: return '^';
	case CXBinaryOperator_Or: case CXBinaryOperator_OrAssign: return '|';
	case CXBinaryOperator_LAnd: return OP_LAND;
	case CXBinaryOperator_LOr: return OP_LOR;
	default: return 0;
	}
}

static X ev_index(CXCursor c, Seq *s)
{
	Kids k = expr_kids(c);
	SrcLoc loc = loc_of(c);
	if (k.n != 2)
		return untracked(text_of(c));
	X base = resolve(ev(k.c[0], s));
	X idx = evr(k.c[1], s);
	if (base.k == X_UNTRACKED)
		return base;
	if (base.k != X_OBJARR && base.k != X_LOCKARR && base.k != X_STATEARR)
		return untracked(text_of(k.c[0]));
	if (idx.k != X_VAL || idx.ptype >= 0)
		return untracked(idx.k == X_UNTRACKED ? idx.why : text_of(k.c[1]));
	int len = base.k == X_OBJARR ? base.len
		: base.k == X_LOCKARR ? fe.p->classes[base.id]->arrlen : fe.p->vars[base.id]->arrlen;
	if (is_const(idx.e) && (idx.e->value < 0 || idx.e->value >= len)) {
		error_at(loc, "index %d of '%s' is outside 0..%d", idx.e->value, text_of(k.c[0]), len - 1);
		return untracked(text_of(c));
	}
	long ilo, ihi;
	if (!(expr_range(idx.e, &ilo, &ihi) && ilo >= 0 && ihi < len)) {
		const char *it = text_of(k.c[1]), *nt = native_text(k.c[1]);
		idx.e = pin(s, idx.e, loc);
		guard_check(s, in_range(idx.e, 0, len - 1, loc), V_OUT_OF_BOUNDS,
			    xprintf("index '%s' of '%s' outside 0..%d", it, text_of(k.c[0]), len - 1), loc,
			    nt ? xprintf("(%s) >= 0 && (%s) < %d", nt, nt, len) : NULL);
	}
	X r = base;
	if (base.k == X_OBJARR) {
		r.k = X_OBJ;
		r.e = binop('+', ir_const(base.base, loc), idx.e, loc);
		r.pfx = "";
	} else {
		r.k = base.k == X_LOCKARR ? X_LOCK : X_STATE;
		r.idx = idx.e;
	}
	return r;
}

static X ev_decl_ref(CXCursor c)
{
	CXCursor r = clang_getCursorReferenced(c);
	SrcLoc loc = loc_of(c);
	enum CXCursorKind rk = clang_getCursorKind(r);
	if (rk == CXCursor_EnumConstantDecl)
		return val(ir_const((int)clang_getEnumConstantDeclValue(r), loc), -1);
	if (rk == CXCursor_FunctionDecl)
		return (X){ .k = X_FUNC, .fn = r, .ptype = -1 };
	Binding *b = find_binding(r);
	if (b)
		return (X){ .k = X_BIND, .b = b, .ptype = -1 };
	Global *g = global_of(r);
	if (g) {
		switch (g->kind) {
		case G_OBJ:
			if (g->len)
				return (X){ .k = X_OBJARR, .st = g->st, .base = g->base, .len = g->len, .ptype = -1 };
			return (X){ .k = X_OBJ, .st = g->st, .e = ir_const(g->base, loc), .pfx = "", .ptype = -1 };
		case G_LOCK:
			return (X){ .k = g->len ? X_LOCKARR : X_LOCK, .id = g->f.id, .ptype = -1 };
		case G_STATE:
			if (g->f.id < 0)
				break;
			return (X){ .k = g->len ? X_STATEARR : X_STATE, .id = g->f.id, .ptype = -1 };
		}
	}
	long long v;
	if (eval_int(c, &v))
		return val(ir_const((int)v, loc), -1);
	return untracked(spelling(c));
}

static X ev_unary(CXCursor c, Seq *s)
{
	Kids k = expr_kids(c);
	SrcLoc loc = loc_of(c);
	if (k.n != 1)
		return untracked(text_of(c));
	enum CXUnaryOperatorKind op = clang_getCursorUnaryOperatorKind(c);
	switch (op) {
	case CXUnaryOperator_AddrOf: {
		X x = ev(k.c[0], s);
		if (x.k == X_BIND) /* a pointer to a C local: *p is that local again */
			return (X){ .k = X_ADDR, .b = x.b, .ptype = -1 };
		x = resolve(x);
		if (x.k == X_OBJ && (!x.pfx || !*x.pfx))
			return val(x.e, x.st->type);
		if (x.k == X_OBJ) { /* &d->p2m: a pointer to a nested part, kept as the part */
			x.addr = true;
			return x;
		}
		if (x.k == X_LOCK || x.k == X_LOCKARR) {
			x.addr = true;
			return x;
		}
		if (x.k == X_FUNC || x.k == X_UNTRACKED)
			return x;
		return untracked(text_of(c));
	}
	case CXUnaryOperator_Deref: {
		X x = evr(k.c[0], s);
		if (x.k == X_LOCK) {
			x.addr = false;
			return x;
		}
		if (x.k == X_ADDR)
			return (X){ .k = X_BIND, .b = x.b, .ptype = -1 };
		if (x.k == X_FUNC)
			return x;
		return deref(x, k.c[0], s);
	}
	case CXUnaryOperator_PostInc:
	case CXUnaryOperator_PostDec:
	case CXUnaryOperator_PreInc:
	case CXUnaryOperator_PreDec: {
		int d = op == CXUnaryOperator_PostInc || op == CXUnaryOperator_PreInc ? 1 : -1;
		X lhs = ev(k.c[0], s);
		X old = rv(lhs, loc);
		const char *nl = native_text(k.c[0]);
		if (nl)
			fe.store_c = xprintf("(long long)(%s) %c 1", nl, d > 0 ? '+' : '-');
		if (old.k != X_VAL) {
			assign(lhs, old, k.c[0], loc, s);
			return old;
		}
		assign(lhs, val(binop('+', old.e, ir_const(d, loc), loc), old.ptype), k.c[0], loc, s);
		X now = rv(lhs, loc);
		if (now.k == X_VAL && (op == CXUnaryOperator_PostInc || op == CXUnaryOperator_PostDec))
			now.e = binop('-', now.e, ir_const(d, loc), loc);
		return now;
	}
	case CXUnaryOperator_Plus:
	case CXUnaryOperator_Extension:
		return evr(k.c[0], s);
	case CXUnaryOperator_Minus:
	case CXUnaryOperator_Not:
	case CXUnaryOperator_LNot: {
		X x = evr(k.c[0], s);
		if (x.k == X_LOCK || x.k == X_FUNC || x.k == X_OBJ)
			x = val(ir_const(1, loc), -1); /* a non-null address */
		if (x.k != X_VAL)
			return x.k == X_UNTRACKED ? x : untracked(text_of(k.c[0]));
		int o = op == CXUnaryOperator_Minus ? '-' : op == CXUnaryOperator_Not ? '~' : '!';
		return val(unop(o, x.e, loc), -1);
	}
	default: {
		/* __real__, __imag__: a value of complex type, untracked; its
		 * operand still runs */
		long long v;
		if (eval_int(c, &v))
			return val(ir_const((int)v, loc), -1);
		X x = ev(k.c[0], s);
		return x.k == X_UNTRACKED ? x : untracked(text_of(c));
	}
	}
}

/* a && b, a || b where b has side effects: t = a; if (t) t = b (|| : if (!t)). */
static X ev_shortcircuit(CXCursor c, Kids k, int op, Seq *s)
{
	SrcLoc loc = loc_of(c);
	IrLocal *t = new_local("ls_cond", VK_BOOL, 0, 1, -1, loc);
	const char *why;
	IrExpr *a = cond_expr(k.c[0], s, &why);
	IrStmt *as = ir_stmt(S_ASSIGN, loc);
	as->lhs = e_local(t->id, loc);
	as->rhs = a ? binop(OP_NE, a, ir_const(0, loc), loc) : any_value(0, 1, loc);
	emit(s, as);
	Seq bs = { 0 };
	X b = evr(k.c[1], &bs);
	IrStmt *bas = ir_stmt(S_ASSIGN, loc);
	bas->lhs = e_local(t->id, loc);
	bas->rhs = b.k == X_VAL ? binop(OP_NE, b.e, ir_const(0, loc), loc) : any_value(0, 1, loc);
	if (b.k != X_VAL)
		add_note(loc_of(k.c[1]), xprintf("value of '%s' over untracked data: either truth value",
						 text_of(k.c[1])));
	emit(&bs, bas);
	IrStmt *ifs = ir_stmt(S_IF, loc);
	IrExpr *te = e_local(t->id, loc);
	ifs->cond = op == OP_LAND ? te : unop('!', te, loc);
	ifs->then = wrap(&bs, loc);
	emit(s, ifs);
	return val(e_local(t->id, loc), -1);
}

static bool is_null(X x)
{
	return x.k == X_VAL && is_const(x.e) && x.e->value == 0 && x.ptype < 0;
}

static IrExpr *same_value(IrExpr *a, IrExpr *b, SrcLoc loc)
{
	if (!a && !b)
		return ir_const(1, loc);
	return binop(OP_EQ, a ? a : ir_const(0, loc), b ? b : ir_const(0, loc), loc);
}

/* a == b for two lock or function addresses: the same function, or the
 * same lock class with the same instance and index (the IR's lock identity). */
static IrExpr *pointer_identity(X a, X b, SrcLoc loc)
{
	if (a.k != b.k)
		return ir_const(0, loc);
	if (a.k == X_FUNC)
		return ir_const(same(a.fn, b.fn), loc);
	if (a.id != b.id)
		return ir_const(0, loc);
	IrLockClass *cl = fe.p->classes[a.id];
	IrExpr *inst = cl->type ? same_value(a.e, b.e, loc) : ir_const(1, loc);
	IrExpr *idx = cl->arrlen > 1 ? same_value(a.idx, b.idx, loc) : ir_const(1, loc);
	return binop(OP_LAND, inst, idx, loc);
}

static X ev_binary(CXCursor c, Seq *s)
{
	Kids k = expr_kids(c);
	SrcLoc loc = loc_of(c);
	if (k.n != 2)
		return untracked(text_of(c));
	enum CXBinaryOperatorKind bk = clang_getCursorBinaryOperatorKind(c);
	if (bk == CXBinaryOperator_Assign) {
		X lhs = ev(k.c[0], s);
		X rhs = ev(k.c[1], s);
		const char *nr = native_text(k.c[1]);
		if (nr && native_text(k.c[0]))
			fe.store_c = xprintf("(long long)(%s)", nr);
		assign(lhs, rhs, k.c[0], loc, s);
		return rv(lhs, loc);
	}
	if (bk >= CXBinaryOperator_MulAssign && bk <= CXBinaryOperator_OrAssign) {
		X lhs = ev(k.c[0], s);
		X rhs = evr(k.c[1], s);
		int cop = ir_binop_of(bk);
		if ((cop == '/' || cop == '%') && rhs.k == X_VAL)
			div_check(&rhs, k.c[1], s, loc);
		X old = rv(lhs, loc);
		const char *nl = native_text(k.c[0]), *nr = native_text(k.c[1]);
		if (nl && nr)
			fe.store_c = xprintf("(long long)(%s) %s (long long)(%s)", nl, ir_op_text(cop), nr);
		X nv = old.k == X_VAL && rhs.k == X_VAL
			? val(binop(ir_binop_of(bk), old.e, rhs.e, loc), old.ptype)
			: untracked(rhs.k == X_UNTRACKED ? rhs.why : text_of(c));
		assign(lhs, nv, k.c[0], loc, s);
		return rv(lhs, loc);
	}
	if (bk == CXBinaryOperator_Comma) {
		ev(k.c[0], s);
		return ev(k.c[1], s);
	}
	int op = ir_binop_of(bk);
	if ((op == OP_LAND || op == OP_LOR) && has_effects(k.c[1]))
		return ev_shortcircuit(c, k, op, s);
	X a = evr(k.c[0], s), b;
	if (op == OP_LAND || op == OP_LOR) {
		/* the right side runs only when the left decides nothing */
		CtxSave sv = ctx_push(&a, k.c[0], op == OP_LOR, loc);
		b = evr(k.c[1], s);
		ctx_pop(sv);
	} else {
		b = evr(k.c[1], s);
	}
	if ((op == '/' || op == '%') && b.k == X_VAL)
		div_check(&b, k.c[1], s, loc);
	/* a modelled function pointer against a function: its index, and a
	 * function that is not a target is never equal */
	const IrVar *fa = fn_var_of(a), *fb = fn_var_of(b);
	if ((op == OP_EQ || op == OP_NE) && ((fa && b.k == X_FUNC) || (fb && a.k == X_FUNC))) {
		X *f = fa ? &b : &a;
		int idx = fn_index(fa ? fa : fb, f->fn);
		if (!idx)
			return val(ir_const(op == OP_NE, loc), -1);
		*f = val(ir_const(idx, loc), -1);
	}
	if (fa && fb && !same_targets(fa, fb))
		return untracked(text_of(c)); /* the same number means different functions */
	bool pa = a.k == X_LOCK || a.k == X_FUNC, pb = b.k == X_LOCK || b.k == X_FUNC;
	if ((op == OP_EQ || op == OP_NE) && pa && pb) {
		IrExpr *eq = pointer_identity(a, b, loc);
		return val(op == OP_EQ ? eq : unop('!', eq, loc), -1);
	}
	/* a lock or function address against anything but NULL, or in
	 * arithmetic or an ordering, is a pointer the model does not follow */
	if ((pa || pb) && !(op == OP_LAND || op == OP_LOR ||
			    ((op == OP_EQ || op == OP_NE) && (pa ? is_null(b) : is_null(a)))))
		return a.k == X_UNTRACKED ? a : b.k == X_UNTRACKED ? b : untracked(text_of(c));
	/* the address of a lock or function is a non-null pointer */
	if (a.k == X_LOCK || a.k == X_FUNC)
		a = val(ir_const(1, loc), -1);
	if (b.k == X_LOCK || b.k == X_FUNC)
		b = val(ir_const(1, loc), -1);
	if (!op || a.k != X_VAL || b.k != X_VAL) {
		if (a.k == X_UNTRACKED)
			return a;
		if (b.k == X_UNTRACKED)
			return b;
		return untracked(text_of(c));
	}
	int ptype = (op == '+' || op == '-') ? (a.ptype >= 0 ? a.ptype : b.ptype) : -1;
	if (ptype >= 0)
		return untracked(text_of(c)); /* pointer arithmetic */
	return val(binop(op, a.e, b.e, loc), -1);
}

static X ev_cond_op(CXCursor c, Seq *s)
{
	Kids k = expr_kids(c);
	SrcLoc loc = loc_of(c);
	if (k.n != 3)
		return untracked(text_of(c));
	if (has_effects(k.c[1]) || has_effects(k.c[2])) {
		error_at(loc, "conditional expression '%s' with calls cannot be modelled; use an if", text_of(c));
		return untracked(text_of(c));
	}
	X a = evr(k.c[0], s), b, d;
	CtxSave sv = ctx_push(&a, k.c[0], false, loc);
	b = evr(k.c[1], s);
	ctx_pop(sv);
	sv = ctx_push(&a, k.c[0], true, loc);
	d = evr(k.c[2], s);
	ctx_pop(sv);
	if (a.k == X_VAL && b.k == X_VAL && d.k == X_VAL) {
		if (is_const(a.e))
			return a.e->value ? b : d;
		IrExpr *e = ir_expr(E_COND, loc);
		e->a = a.e, e->b = b.e, e->c = d.e;
		return val(e, b.ptype >= 0 ? b.ptype : d.ptype);
	}
	if (a.k == X_VAL && b.k == X_LOCK && d.k == X_LOCK && b.id == d.id && b.addr == d.addr) {
		/* c ? &x->lock : &y->lock: one class, the instance chosen */
		X r = b;
		if (is_const(a.e))
			return a.e->value ? b : d;
		if (b.e && d.e) {
			IrExpr *e = ir_expr(E_COND, loc);
			e->a = a.e, e->b = b.e, e->c = d.e;
			r.e = e;
		}
		if (b.idx || d.idx) {
			IrExpr *e = ir_expr(E_COND, loc);
			e->a = a.e, e->b = b.idx ? b.idx : ir_const(0, loc), e->c = d.idx ? d.idx : ir_const(0, loc);
			r.idx = e;
		}
		if ((!b.e) == (!d.e))
			return r;
	}
	if (a.k == X_VAL && is_const(a.e))
		return a.e->value ? b : d;
	return untracked(a.k == X_UNTRACKED ? a.why : text_of(c));
}

static X ev_stmt_expr(CXCursor c, Seq *s);

/*
 * The allow-list of what can appear in a C function body, an initialiser
 * or a condition: every cursor kind libclang 19 gives for C is modelled
 * (exactly, or as an untracked value that --explain lists where it reaches
 * a condition), or rejected with an error naming the construct.  A kind not
 * in this table is "unclassified": also an error, and a failure of the
 * construct corpus test (extract/test/constructs.sh reads this table).
 */
typedef enum FeHow { FE_MODELLED = 1, FE_UNTRACKED, FE_REJECTED } FeHow;

static const struct FeConstruct {
	enum CXCursorKind kind;
	FeHow how;
	const char *what;
} fe_constructs[] = {
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

static const struct FeConstruct *construct_of(enum CXCursorKind k)
{
	for (size_t i = 0; i < sizeof(fe_constructs) / sizeof(fe_constructs[0]); i++)
		if (fe_constructs[i].kind == k)
			return &fe_constructs[i];
	return NULL;
}

/* c cannot be modelled: an error naming it (what, or its table entry). */
static X reject(CXCursor c, const char *what)
{
	const struct FeConstruct *fc = construct_of(clang_getCursorKind(c));
	if (!what && !fc)
		error_at(loc_of(c), "unclassified construct '%s' (%s): lockspin does not know whether it can model it",
			 text_of(c), cx_str(clang_getCursorKindSpelling(clang_getCursorKind(c))));
	else
		error_at(loc_of(c), "%s '%s' cannot be modelled", what ? what : fc->what, text_of(c));
	return untracked(text_of(c));
}

/* The first token of c as written ("__builtin_va_arg"), or "". */
static const char *first_token(CXCursor c)
{
	CXToken *toks;
	unsigned nt;
	clang_tokenize(fe.tu, clang_getCursorExtent(c), &toks, &nt);
	const char *t = nt ? cx_str(clang_getTokenSpelling(fe.tu, toks[0])) : "";
	clang_disposeTokens(fe.tu, toks, nt);
	return t;
}

/* The items of an initialiser list or compound literal, in order, for
 * their effects: the aggregate itself is untracked data. */
static void ev_init_items(CXCursor c, Seq *s)
{
	Kids k = expr_kids(c);
	for (int i = 0; i < k.n; i++) {
		CXCursor it = k.c[i];
		enum CXCursorKind ik = clang_getCursorKind(it);
		Kids ik_kids = expr_kids(it);
		if (ik == CXCursor_InitListExpr || ik == CXCursor_CompoundLiteralExpr) {
			ev_init_items(it, s);
		} else if (ik == CXCursor_UnexposedExpr && !is_implicit(it, ik_kids)) {
			/* a designated item (.a = v, [i] = v: the designators are
			 * constants) or an implicit zero (no operands) */
			for (int j = 0; j < ik_kids.n; j++) {
				enum CXCursorKind jk = clang_getCursorKind(ik_kids.c[j]);
				if (jk == CXCursor_InitListExpr || jk == CXCursor_CompoundLiteralExpr)
					ev_init_items(ik_kids.c[j], s);
				else
					ev(ik_kids.c[j], s);
			}
		} else {
			ev(it, s);
		}
	}
}

/* a ?: b (GNU): a is evaluated once; the value is a if it is non-zero. */
static X ev_omitted_middle(CXCursor c, Kids k, Seq *s)
{
	SrcLoc loc = loc_of(c);
	if (has_effects(k.c[3])) {
		error_at(loc, "conditional expression '%s' with calls cannot be modelled; use an if", text_of(c));
		return untracked(text_of(c));
	}
	X a = evr(k.c[0], s);
	if (a.k == X_LOCK || a.k == X_FUNC)
		return a; /* a non-null address */
	if (a.k != X_VAL)
		return a.k == X_UNTRACKED ? a : untracked(text_of(k.c[0]));
	X d = evr(k.c[3], s);
	if (is_const(a.e))
		return a.e->value ? a : d;
	if (d.k != X_VAL)
		return d.k == X_UNTRACKED ? d : untracked(text_of(k.c[3]));
	/* once: a may read state or choose */
	long lo, hi, dlo, dhi;
	if (!expr_range(a.e, &lo, &hi) || !expr_range(d.e, &dlo, &dhi))
		lo = -128, hi = 127, dlo = lo, dhi = hi;
	IrLocal *t = new_local("ls_cond_value", VK_INT, (int)(lo < dlo ? lo : dlo), (int)(hi > dhi ? hi : dhi), -1, loc);
	IrStmt *as = ir_stmt(S_ASSIGN, loc);
	as->lhs = e_local(t->id, loc);
	as->rhs = a.e;
	emit(s, as);
	IrExpr *e = ir_expr(E_COND, loc);
	e->a = binop(OP_NE, e_local(t->id, loc), ir_const(0, loc), loc);
	e->b = e_local(t->id, loc);
	e->c = d.e;
	return val(e, a.ptype >= 0 ? a.ptype : d.ptype);
}

/* The unexposed expressions: an implicit conversion is looked through by
 * strip(); a constant is its value; a ?: b and __func__ are modelled; the
 * rest (va_arg, __builtin_choose_expr with a non-constant, __atomic_*,
 * __builtin_offsetof of a run-time index, ...) is rejected by name. */
static X ev_unexposed(CXCursor c, Seq *s)
{
	Kids k = expr_kids(c);
	long long v;
	if (eval_int(c, &v))
		return val(ir_const((int)v, loc_of(c)), -1);
	if (k.n == 4 && clang_equalRanges(clang_getCursorExtent(k.c[0]), clang_getCursorExtent(k.c[1])) &&
	    clang_equalRanges(clang_getCursorExtent(k.c[0]), clang_getCursorExtent(k.c[2])))
		return ev_omitted_middle(c, k, s);
	if (k.n == 1 && clang_getCursorKind(strip(k.c[0])) == CXCursor_StringLiteral)
		return untracked(text_of(c)); /* __func__, __FUNCTION__: a string */
	/* named by its leading identifier as written: va_arg, __atomic_load_n */
	const char *t = text_of(c);
	size_t n = 0;
	while (isalnum((unsigned char)t[n]) || t[n] == '_')
		n++;
	if (!n)
		return reject(c, "construct");
	error_at(loc_of(c), "'%.*s' in '%s' cannot be modelled", (int)n, t, t);
	return untracked(t);
}

static X ev(CXCursor c, Seq *s)
{
	/* a conversion to bool is x != 0 (C11 6.3.1.2), not x */
	{
		enum CXCursorKind k0 = clang_getCursorKind(c);
		Kids ks;
		if ((k0 == CXCursor_CStyleCastExpr || k0 == CXCursor_UnexposedExpr) && (ks = expr_kids(c)).n == 1 &&
		    (k0 == CXCursor_CStyleCastExpr || is_implicit(c, ks)) &&
		    clang_getCanonicalType(clang_getCursorType(c)).kind == CXType_Bool &&
		    clang_getCanonicalType(clang_getCursorType(ks.c[0])).kind != CXType_Bool) {
			X x = evr(ks.c[0], s);
			long lo, hi;
			if (x.k == X_VAL && expr_range(x.e, &lo, &hi) && lo >= 0 && hi <= 1)
				return val(x.e, -1); /* already 0 or 1: a comparison, !, && */
			if (x.k == X_VAL)
				return val(binop(OP_NE, x.e, ir_const(0, loc_of(c)), loc_of(c)), -1);
			if (x.k == X_LOCK || x.k == X_FUNC)
				return val(ir_const(1, loc_of(c)), -1);
			return x;
		}
	}
	c = strip(c);
	SrcLoc loc = loc_of(c);
	long long v;
	switch (clang_getCursorKind(c)) {
	case CXCursor_IntegerLiteral:
	case CXCursor_CharacterLiteral:
	case CXCursor_UnaryExpr:
		if (eval_int(c, &v))
			return val(ir_const((int)v, loc), -1);
		return untracked(text_of(c));
	case CXCursor_DeclRefExpr:
		return ev_decl_ref(c);
	case CXCursor_MemberRefExpr: {
		Kids k = expr_kids(c);
		if (k.n != 1)
			return untracked(text_of(c));
		CXType bt = clang_getCanonicalType(clang_getCursorType(k.c[0]));
		X base = bt.kind == CXType_Pointer ? deref(evr(k.c[0], s), k.c[0], s) : resolve(ev(k.c[0], s));
		if (base.k == X_UNTRACKED)
			return base;
		if (base.k != X_OBJ)
			return untracked(text_of(k.c[0]));
		return member(base, spelling(c), c);
	}
	case CXCursor_ArraySubscriptExpr:
		return ev_index(c, s);
	case CXCursor_UnaryOperator:
		return ev_unary(c, s);
	case CXCursor_BinaryOperator:
	case CXCursor_CompoundAssignOperator:
		return ev_binary(c, s);
	case CXCursor_ConditionalOperator:
		return ev_cond_op(c, s);
	case CXCursor_CallExpr:
		return call(c, s);
	case CXCursor_StmtExpr:
		return ev_stmt_expr(c, s);
	case CXCursor_FloatingLiteral:
	case CXCursor_ImaginaryLiteral:
	case CXCursor_StringLiteral:
		return untracked(text_of(c));
	case CXCursor_InitListExpr:
	case CXCursor_CompoundLiteralExpr:
		ev_init_items(c, s);
		return untracked(text_of(c));
	case CXCursor_UnexposedExpr:
		return ev_unexposed(c, s);
	case CXCursor_GenericSelectionExpr:
		if (eval_int(c, &v))
			return val(ir_const((int)v, loc), -1);
		return reject(c, NULL);
	default:
		/* a construct of the table that is rejected, or one nobody classified */
		return reject(c, NULL);
	}
}

/* Does evaluating c do more than read (calls other than ls_choose, assignments)? */
static enum CXChildVisitResult effects_visit(CXCursor c, CXCursor parent, CXClientData d)
{
	(void)parent;
	bool *r = d;
	enum CXCursorKind k = clang_getCursorKind(c);
	if (k == CXCursor_CallExpr) {
		CXCursor fd = clang_getCursorReferenced(c);
		const char *op = clang_Cursor_isNull(fd) ? NULL : ann_find(fd, "op");
		if (!op || strcmp(op, "choose")) {
			*r = true;
			return CXChildVisit_Break;
		}
	} else if (k == CXCursor_CompoundAssignOperator ||
		   (k == CXCursor_BinaryOperator && clang_getCursorBinaryOperatorKind(c) == CXBinaryOperator_Assign)) {
		*r = true;
		return CXChildVisit_Break;
	} else if (k == CXCursor_UnaryOperator) {
		enum CXUnaryOperatorKind o = clang_getCursorUnaryOperatorKind(c);
		if (o >= CXUnaryOperator_PostInc && o <= CXUnaryOperator_PreDec) {
			*r = true;
			return CXChildVisit_Break;
		}
	}
	return CXChildVisit_Recurse;
}

static bool has_effects(CXCursor c)
{
	bool r = false;
	if (clang_getCursorKind(c) == CXCursor_CallExpr) {
		effects_visit(c, c, &r);
		if (r)
			return true;
	}
	clang_visitChildren(c, effects_visit, &r);
	return r;
}

/* Is decl assigned (or its address taken) anywhere in body? */
typedef struct ModScan {
	CXCursor decl;
	bool hit;
} ModScan;

static bool refers_to(CXCursor e, CXCursor decl)
{
	e = strip(e);
	return clang_getCursorKind(e) == CXCursor_DeclRefExpr && same(clang_getCursorReferenced(e), decl);
}

static enum CXChildVisitResult mod_visit(CXCursor c, CXCursor parent, CXClientData d)
{
	(void)parent;
	ModScan *m = d;
	enum CXCursorKind k = clang_getCursorKind(c);
	bool lhs = false;
	if (k == CXCursor_CompoundAssignOperator ||
	    (k == CXCursor_BinaryOperator && clang_getCursorBinaryOperatorKind(c) == CXBinaryOperator_Assign))
		lhs = true;
	if (k == CXCursor_UnaryOperator) {
		enum CXUnaryOperatorKind o = clang_getCursorUnaryOperatorKind(c);
		lhs = (o >= CXUnaryOperator_PostInc && o <= CXUnaryOperator_PreDec) || o == CXUnaryOperator_AddrOf;
	}
	if (lhs) {
		Kids ks = expr_kids(c);
		if (ks.n >= 1 && refers_to(ks.c[0], m->decl)) {
			m->hit = true;
			return CXChildVisit_Break;
		}
	}
	return CXChildVisit_Recurse;
}

static bool is_modified(CXCursor body, CXCursor decl)
{
	ModScan m = { decl, false };
	clang_visitChildren(body, mod_visit, &m);
	return m.hit;
}

/* The C name of a lock, lock array, function or object value, for messages
 * ("&b", "&doms[1].pod_lock"), or a description when it is not constant. */
static const char *x_value_text(X x)
{
	if (x.k == X_FUNC)
		return spelling(x.fn);
	if (x.k == X_LOCK || x.k == X_LOCKARR) {
		IrLockClass *c = fe.p->classes[x.id];
		bool inst = !c->type || is_const(x.e);
		bool index = x.k == X_LOCKARR || c->arrlen == 1 || (x.idx && is_const(x.idx));
		if (inst && index && x.k == X_LOCK) {
			int k = x.idx && c->arrlen > 1 ? x.idx->value : 0;
			int i = c->type ? x.e->value : 1;
			if (i >= 1)
				return xprintf("&%s", fe.p->locks[c->first + (i - 1) * c->arrlen + k]->name);
		}
		return xprintf("a lock of class '%s'", c->name);
	}
	if (x.k == X_OBJ && x.st && x.st->type >= 0 && (!x.pfx || !*x.pfx) && is_const(x.e) && x.e->value >= 1 &&
	    x.e->value <= fe.p->types[x.st->type]->ninst)
		return xprintf("&%s", fe.p->types[x.st->type]->inst_names[x.e->value]);
	return "a lock or object";
}

/* Store rhs into lhs. */
static void assign(X lhs, X rhs, CXCursor lhs_c, SrcLoc loc, Seq *s)
{
	const char *store_c = fe.store_c;
	fe.store_c = NULL;
	rhs = rv(rhs, loc);
	if (lhs.k == X_BIND) {
		Binding *b = lhs.b;
		if (b->kind == B_UNTRACKED)
			return;
		if (rhs.k == X_LOCK || rhs.k == X_LOCKARR || rhs.k == X_FUNC || rhs.k == X_OBJ || rhs.k == X_ADDR) {
			if (b->kind == B_LOCAL || (b->kind == B_VAL && fe.depth != b->depth)) {
				error_at(loc, "'%s' is assigned '%s' under a condition or loop; this cannot be modelled",
					 b->name, x_value_text(rhs));
				return;
			}
			b->kind = B_VAL;
			b->x = rhs;
			return;
		}
		if (b->kind == B_VAL) {
			if (b->x.k != X_VAL) {
				error_at(loc, "'%s' is reassigned; a pointer to a lock or function must be set once",
					 b->name);
				return;
			}
			/* a constant-bound local turns into a variable */
		}
		if (b->kind == B_UNSET || b->kind == B_VAL) {
			if (rhs.k != X_VAL) {
				b->kind = B_UNTRACKED;
				return;
			}
			IrValKind vk;
			int lo, hi;
			range_of_type(b->ctype, &vk, &lo, &hi);
			int ptype = -1;
			if (vk == VK_PTR) {
				if (rhs.ptype < 0 && !is_const(rhs.e)) {
					b->kind = B_UNTRACKED;
					return;
				}
				ptype = rhs.ptype;
				if (ptype < 0) { /* NULL: find the pointee type */
					Struct *st = struct_of(clang_getPointeeType(clang_getCanonicalType(b->ctype)));
					ptype = st ? st->type : -1;
				}
				if (ptype < 0) {
					b->kind = B_UNTRACKED;
					return;
				}
				hi = fe.p->types[ptype]->ninst;
			}
			if (vk == VK_INT) {
				long l, h;
				if (expr_range(rhs.e, &l, &h))
					lo = (int)l, hi = (int)h;
			}
			IrLocal *nl = new_local(b->name, vk, lo, hi, ptype, loc_of(b->decl));
			if (b->kind == B_VAL) {
				/* the constant it had so far */
				IrStmt *first = ir_stmt(S_ASSIGN, loc_of(b->decl));
				first->lhs = e_local(nl->id, loc);
				first->rhs = b->x.e;
				emit(s, first);
				widen_local(nl, b->x.e);
			}
			b->kind = B_LOCAL;
			b->local = nl->id;
		}
		lhs = resolve(lhs);
	}
	if (lhs.k == X_UNTRACKED || (lhs.k != X_STATE && lhs.k != X_LOCAL))
		return; /* untracked data cannot affect locks */
	if (lhs.k == X_STATE && fe.p->vars[lhs.id]->vk == VK_FN) {
		bool bad;
		rhs = fn_value(fe.p->vars[lhs.id], rhs, lhs_c, loc, &bad);
		if (bad)
			return;
	}
	IrExpr *dst;
	int lo, hi;
	const char *name;
	if (lhs.k == X_STATE) {
		IrVar *v = fe.p->vars[lhs.id];
		dst = e_var(lhs.id, lhs.e, lhs.idx, loc);
		lo = v->lo, hi = v->hi, name = v->name;
	} else {
		IrLocal *l = fe.t->locals[lhs.id];
		dst = e_local(lhs.id, loc);
		if (rhs.k == X_VAL)
			widen_local(l, rhs.e);
		lo = l->lo, hi = l->hi, name = l->name;
	}
	IrStmt *as = ir_stmt(S_ASSIGN, loc);
	as->lhs = dst;
	IrValKind dvk = lhs.k == X_STATE ? fe.p->vars[lhs.id]->vk : fe.t->locals[lhs.id]->vk;
	long vlo, vhi;
	bool fits = rhs.k == X_VAL && expr_range(rhs.e, &vlo, &vhi) && vlo >= lo && vhi <= hi;
	if (rhs.k == X_VAL && !fits && dvk == VK_BOOL) {
		/* C converts to _Bool: any non-zero value is 1 (Promela's bit would wrap) */
		rhs.e = ir_binop(OP_NE, rhs.e, ir_const(0, loc), loc);
	} else if (rhs.k == X_VAL && !fits && (dvk == VK_INT || dvk == VK_ENUM)) {
		/* a value outside the range would wrap in the Promela type: a violation */
		rhs.e = pin(s, rhs.e, loc);
		const char *what = xprintf("'%s' = value outside %d..%d", name, lo, hi);
		if (lhs.k == X_STATE) {
			guard_check(s, in_range(rhs.e, lo, hi, loc), V_OUT_OF_RANGE, what, loc,
				    store_c ? xprintf("%s >= %d && %s <= %d", store_c, lo, store_c, hi) : NULL);
		} else {
			/* a local's range is final once the thread is lowered; the C local
			 * holds what the model cannot: no native twin */
			RangeCheck *rc = arena_alloc(sizeof(*rc));
			rc->ck = guard_check(s, NULL, V_OUT_OF_RANGE,
					     xprintf("'%s' = value outside the range the model gives it", name), loc,
					     NULL);
			rc->l = fe.t->locals[lhs.id];
			rc->value = rhs.e;
			if (rc->ck)
				vec_push(&fe.range_checks, rc);
		}
	}
	if (rhs.k == X_VAL) {
		as->rhs = rhs.e;
	} else {
		as->rhs = any_value(lo, hi, loc);
		add_note(loc, xprintf("'%s' is assigned untracked '%s': any value in %d..%d", name,
				      rhs.k == X_UNTRACKED ? rhs.why : text_of(lhs_c), lo, hi));
	}
	point_claim(as, NULL);
	emit(s, as);
}

/* A condition: the IrExpr, or NULL (untracked) with *why its C text. */
static IrExpr *cond_expr(CXCursor c, Seq *s, const char **why)
{
	X x = evr(c, s);
	*why = NULL;
	if (x.k == X_VAL)
		return x.e;
	if (x.k == X_LOCK || x.k == X_FUNC || x.k == X_OBJ || x.k == X_ADDR)
		return ir_const(1, loc_of(c)); /* a non-null address */
	*why = text_of(c);
	return NULL;
}

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
static const char *lock_text(CXCursor arg)
{
	const char *t = text_of(strip(arg));
	return t[0] == '&' ? t + 1 : t;
}

/* Resolve a lock argument to an E_LOCKREF, or NULL after an error. */
static IrExpr *lock_ref(CXCursor arg, SrcLoc loc, Seq *s, int *cls)
{
	/* what the argument points to before any cast: `&an_int` names no lock,
	 * whatever pointer lowering then makes of it (void * stays open) */
	CXType at = clang_getCanonicalType(clang_getCursorType(strip(arg)));
	if (at.kind == CXType_Pointer) {
		CXType pt = clang_getCanonicalType(clang_getPointeeType(at));
		if (pt.kind != CXType_Void && !lock_kind_of(pt)) {
			error_at(loc, "'%s' is not a lock: it has type '%s'", lock_text(arg),
				 cx_str(clang_getTypeSpelling(pt)));
			return NULL;
		}
	}
	X x = evr(arg, s);
	if (x.k == X_UNTRACKED) {
		error_at(loc, "lock '%s' is reached through untracked pointer '%s'", lock_text(arg), x.why);
		return NULL;
	}
	if (x.k == X_LOCKARR) {
		error_at(loc, "lock array '%s' needs an index", lock_text(arg));
		return NULL;
	}
	if (x.k != X_LOCK) {
		error_at(loc, "'%s' is not a lock the model knows", lock_text(arg));
		return NULL;
	}
	IrLockClass *c = fe.p->classes[x.id];
	if (c->type && is_const(x.e) && x.e->value == 0) {
		error_at(loc, "lock '%s' is reached through a NULL pointer", lock_text(arg));
		return NULL;
	}
	*cls = x.id;
	return ir_lockref(x.id, c->type ? x.e : NULL, c->arrlen > 1 ? x.idx : NULL, loc);
}

static bool check_kind(int cls, CXCursor kind_arg, IrLockOp op, IrLockMode mode, CXCursor lock_arg,
		       SrcLoc loc)
{
	long long k;
	IrLockClass *c = fe.p->classes[cls];
	if (!eval_int(kind_arg, &k))
		return true;
	if ((int)k != (int)c->kind) {
		error_at(loc, "%s of '%s', which is a %s", op_word((int)k, op, mode), lock_text(lock_arg),
			 ir_lock_kind_name(c->kind));
		return false;
	}
	return true;
}

static IrStmt *lock_stmt(IrLockOp op, IrLockMode mode, bool rec, IrExpr *lock, SrcLoc loc)
{
	IrStmt *st = ir_stmt(S_LOCK, loc);
	st->op = op;
	st->mode = mode;
	st->lock = lock;
	st->recursive = rec || fe.p->classes[lock->var]->recursive;
	st->result = -1;
	return st;
}

static X do_op(const char *op, CXCursor c, Seq *s)
{
	SrcLoc loc = loc_of(c);
	fe.pt.open = false; /* an annotation is a scheduling point of its own */
	int n = clang_Cursor_getNumArguments(c);
	CXCursor arg[8];
	for (int i = 0; i < n && i < 8; i++)
		arg[i] = clang_Cursor_getArgument(c, (unsigned)i);
	char w1[32] = "", w2[32] = "", w3[32] = "";
	sscanf(op, "%31s %31s %31s", w1, w2, w3);
	IrLockOp lop = !strcmp(w1, "acquire") ? LO_ACQUIRE : !strcmp(w1, "release") ? LO_RELEASE
		: !strcmp(w1, "trylock") ? LO_TRYLOCK : 0;
	if (lop && n >= 2) {
		IrLockMode mode = !strcmp(w2, "shared") ? LM_SHARED : LM_EXCL;
		int cls;
		IrExpr *lock = lock_ref(arg[0], loc, s, &cls);
		if (!lock || !check_kind(cls, arg[1], lop, mode, arg[0], loc))
			return untracked("lock operation");
		IrStmt *st = lock_stmt(lop, mode, !strcmp(w3, "recursive"), lock, loc);
		emit(s, st);
		if (lop != LO_TRYLOCK)
			return untracked("void");
		IrLocal *l = new_local("ls_try", VK_BOOL, 0, 1, -1, loc);
		st->result = l->id;
		return val(e_local(l->id, loc), -1);
	}
	if (!strcmp(w1, "assert") && n >= 2) {
		CXCursor a = strip(arg[0]);
		/* ls_assert passes (ls__assert_point(...), !!(cond)): the
		 * condition is the right operand of the comma */
		if (clang_getCursorKind(a) == CXCursor_BinaryOperator &&
		    clang_getCursorBinaryOperatorKind(a) == CXBinaryOperator_Comma) {
			Kids ck = expr_kids(a);
			if (ck.n == 2)
				a = strip(ck.c[1]);
		}
		/* ls_assert passes !!(cond) */
		for (int i = 0; i < 2; i++) {
			if (clang_getCursorKind(a) != CXCursor_UnaryOperator ||
			    clang_getCursorUnaryOperatorKind(a) != CXUnaryOperator_LNot)
				break;
			Kids k = expr_kids(a);
			CXCursor in = strip(k.c[0]);
			if (i == 0 && (clang_getCursorKind(in) != CXCursor_UnaryOperator ||
				       clang_getCursorUnaryOperatorKind(in) != CXUnaryOperator_LNot))
				break;
			a = in;
		}
		const char *text = eval_str(arg[1]);
		if (!text)
			text = text_of(a);
		const char *why;
		IrExpr *e = cond_expr(a, s, &why);
		if (!e) {
			error_at(loc, "ls_assert(%s) is over untracked data '%s'; mark it LS_STATE", text, why);
			return untracked("void");
		}
		IrStmt *st = ir_stmt(S_ASSERT, loc);
		st->cond = e;
		st->text = text;
		emit(s, st);
		return untracked("void");
	}
	if ((!strcmp(w1, "assert_held") || !strcmp(w1, "assert_not_held")) && n >= 2) {
		int cls;
		IrExpr *lock = lock_ref(arg[0], loc, s, &cls);
		if (!lock)
			return untracked("void");
		IrExpr *h = ir_expr(E_HELD, loc);
		h->a = lock;
		IrStmt *st = ir_stmt(S_ASSERT, loc);
		/* the annotation's own name says which: never its letters at an offset */
		bool negated = !strcmp(w1, "assert_not_held");
		st->cond = negated ? unop('!', h, loc) : h;
		const char *t = eval_str(arg[1]);
		st->text = xprintf("%s(%s)", negated ? "ls_assert_not_held" : "ls_assert_held",
				   t ? t : lock_text(arg[0]));
		emit(s, st);
		return untracked("void");
	}
	if (!strcmp(w1, "choose") && n >= 1) {
		X x = evr(arg[0], s);
		if (x.k != X_VAL || !is_const(x.e) || x.e->value < 1 || x.e->value > 256) {
			error_at(loc, "ls_choose needs a constant number of choices in 1..256, got '%s'",
				 text_of(strip(arg[0])));
			return untracked("ls_choose");
		}
		IrExpr *e = ir_expr(E_CHOOSE, loc);
		e->value = x.e->value;
		return val(e, -1);
	}
	if (!strcmp(w1, "progress")) {
		emit(s, ir_stmt(S_PROGRESS, loc));
		return untracked("void");
	}
	if (!strcmp(w1, "thread")) {
		error_at(loc, "ls_thread() is only allowed in LS_SCENARIO");
		return untracked("void");
	}
	if (!strcmp(w1, "guard")) {
		error_at(loc, "ls_guard() must be a declaration of its own");
		return untracked("void");
	}
	if (!strcmp(w1, "guard_release"))
		return untracked("void");
	error_at(loc, "unknown annotation 'lockspin:op %s'", op);
	return untracked("void");
}

/* ---- calls and inlining ------------------------------------------------------- */
static void stmt(CXCursor c, Seq *s);
static void block(CXCursor c, Seq *s);

static CXCursor fn_body(CXCursor def)
{
	Kids k = kids(def);
	for (int i = k.n - 1; i >= 0; i--)
		if (clang_getCursorKind(k.c[i]) == CXCursor_CompoundStmt)
			return k.c[i];
	return clang_getNullCursor();
}

/* Bind a parameter (or local) decl to its initial value x. */
static void bind(CXCursor decl, X x, CXCursor body, SrcLoc loc, Seq *s)
{
	Binding *b = arena_alloc(sizeof(*b));
	b->decl = decl;
	b->name = spelling(decl);
	b->ctype = clang_getCursorType(decl);
	b->depth = fe.depth;
	b->kind = B_UNSET;
	vec_push(&fe.frame->binds, b);
	x = rv(x, loc);
	bool fixed = clang_Cursor_isNull(body) || !is_modified(body, decl);
	if (x.k == X_UNTRACKED) {
		b->kind = B_UNTRACKED;
		return;
	}
	if (x.k == X_VAL && fixed && is_const(x.e)) {
		b->kind = B_VAL;
		b->x = x;
		return;
	}
	if (x.k == X_LOCK && x.e && !is_const(x.e) && x.e->kind != E_LOCAL) {
		/* freeze a dynamic instance at binding time */
		IrLocal *l = new_local(xprintf("%s_inst", b->name), VK_PTR, 0,
				       fe.p->types[fe.p->classes[x.id]->type]->ninst, fe.p->classes[x.id]->type, loc);
		IrStmt *as = ir_stmt(S_ASSIGN, loc);
		as->lhs = e_local(l->id, loc);
		as->rhs = x.e;
		point_claim(as, NULL);
		emit(s, as);
		x.e = e_local(l->id, loc);
	}
	if (x.k == X_LOCK && x.idx && !is_const(x.idx) && x.idx->kind != E_LOCAL) {
		long lo, hi;
		if (!expr_range(x.idx, &lo, &hi))
			lo = 0, hi = fe.p->classes[x.id]->arrlen - 1;
		IrLocal *l = new_local(xprintf("%s_index", b->name), VK_INT, (int)lo, (int)hi, -1, loc);
		IrStmt *as = ir_stmt(S_ASSIGN, loc);
		as->lhs = e_local(l->id, loc);
		as->rhs = x.idx;
		point_claim(as, NULL);
		emit(s, as);
		x.idx = e_local(l->id, loc);
	}
	if (x.k != X_VAL) {
		b->kind = B_VAL;
		b->x = x;
		return;
	}
	assign((X){ .k = X_BIND, .b = b }, x, decl, loc, s);
}

static bool has_goto(const IrStmt *s, const char *label)
{
	for (; s; s = s->next) {
		if (s->kind == S_GOTO && s->label == label)
			return true;
		if (has_goto(s->body, label) || has_goto(s->then, label) || has_goto(s->els, label))
			return true;
	}
	return false;
}

static X inline_call(CXCursor fd, X *args, int nargs, CXCursor callsite, Seq *s)
{
	SrcLoc loc = loc_of(callsite);
	CXCursor def = clang_getCursorDefinition(fd);
	const char *fname = spelling(fd);
	for (Frame *f = fe.frame; f; f = f->parent)
		if (same(f->fn, def)) {
			error_at(loc, "recursive call to '%s' cannot be modelled", fname);
			return untracked(xprintf("%s()", fname));
		}
	if (fe.nframes > 64) {
		error_at(loc, "calls nested too deep at '%s'", fname);
		return untracked(fname);
	}
	Frame *fr = arena_alloc(sizeof(*fr));
	fr->parent = fe.frame;
	fr->fn = def;
	fr->fname = fname;
	fr->chain = fe.frame ? xprintf("%s < %s", fname, fe.frame->chain) : fname;
	/* the thread's entry is called by ls_thread(): not a site of the C code */
	if (fe.frame)
		fr->sites = fe.frame->sites ? xprintf("%s -> %s:%d", fe.frame->sites, loc.file, loc.line)
					    : xprintf("%s:%d", loc.file, loc.line);
	fr->id = fe.nframes++;
	fr->result = -1;
	fr->scope_base = fe.nscopes;
	fr->depth_base = fe.depth;
	fr->ret_label = unique_name(xprintf("%s_return", fname), true);
	CXCursor body = fn_body(def);
	fe.frame = fr;
	int np = clang_Cursor_getNumArguments(def);
	for (int i = 0; i < np; i++) {
		CXCursor pd = clang_Cursor_getArgument(def, (unsigned)i);
		X a = i < nargs ? args[i] : untracked(spelling(pd));
		bind(pd, a, body, loc, s);
	}
	int njumps = fe.njumps;
	fe.njumps = 0; /* break/continue never cross a function */
	Jump saved[MAX_NEST];
	memcpy(saved, fe.jumps, sizeof(Jump) * (size_t)njumps);
	if (!clang_Cursor_isNull(body))
		block(body, s);
	memcpy(fe.jumps, saved, sizeof(Jump) * (size_t)njumps);
	fe.njumps = njumps;
	/* a return at the very end needs no jump */
	if (s->tail && s->tail->kind == S_GOTO && s->tail->label == fr->ret_label) {
		IrStmt *prev = NULL;
		for (IrStmt *q = s->head; q && q != s->tail; q = q->next)
			prev = q;
		if (prev) {
			prev->next = NULL;
			s->tail = prev;
		} else {
			s->head = s->tail = NULL;
		}
		fr->ret_used = has_goto(s->head, fr->ret_label);
	}
	if (fr->ret_used)
		emit(s, mk_label(fr->ret_label, loc_end(body)));
	fe.frame = fr->parent;
	fe.nframes--;
	if (fr->has_xret)
		return fr->xret;
	if (fr->result >= 0) {
		IrLocal *l = fe.t->locals[fr->result];
		for (int i = 0; i < fr->untracked_rets.len; i++) {
			IrStmt *st = fr->untracked_rets.data[i];
			st->kind = S_ASSIGN;
			st->lhs = e_local(l->id, st->loc);
			st->rhs = any_value(l->lo, l->hi, st->loc);
			st->why = NULL;
		}
		vec_push(&fe.final_locals, l);
		return val(e_local(l->id, loc), l->vk == VK_PTR ? l->ptr_type : -1);
	}
	return untracked(xprintf("%s()", fname));
}

static bool is_setjmp(const char *n)
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
static X *call_args(CXCursor c, int *n, Seq *s)
{
	*n = clang_Cursor_getNumArguments(c);
	if (*n < 0)
		*n = 0;
	X *a = arena_array((size_t)*n + 1, sizeof(X));
	for (int i = 0; i < *n; i++)
		a[i] = rv(ev(clang_Cursor_getArgument(c, (unsigned)i), s), loc_of(c));
	return a;
}

static bool is_defined(CXCursor fd)
{
	CXCursor def = clang_getCursorDefinition(fd);
	return !clang_Cursor_isNull(def) && clang_Location_isFromMainFile(clang_getCursorLocation(def));
}

static X call_targets(CXCursor ptr_decl, const char *ptext, CXCursor c, Seq *s)
{
	SrcLoc loc = loc_of(c);
	const char *targets = ann_find(ptr_decl, "targets");
	if (!targets) {
		error_at(loc, "call through function pointer '%s' cannot be modelled; declare its targets with LS_TARGETS",
			 ptext);
		return untracked(ptext);
	}
	/* the targets, as functions defined here */
	const char **names;
	int nf = target_names(ptr_decl, targets, &names);
	if (nf < 0)
		return untracked(ptext);
	CXCursor *fns = arena_array((size_t)nf, sizeof(CXCursor));
	for (int i = 0; i < nf; i++)
		fns[i] = fn_named(names[i + 1]);
	int n;
	X *args = call_args(c, &n, s);
	const char *why = xprintf("call through '%s': either target", ptext);
	/* if (?) f1() else if (?) f2() ... else fn() */
	IrStmt *chain = NULL;
	for (int i = nf - 1; i >= 0; i--) {
		Seq b = { 0 };
		inline_call(fns[i], args, n, c, &b);
		IrStmt *w = wrap(&b, loc);
		if (!chain) {
			chain = w;
			continue;
		}
		IrStmt *ifs = ir_stmt(S_IF, loc);
		ifs->then = w;
		ifs->els = chain;
		ifs->why = why;
		Seq q = { 0 };
		emit(&q, ifs);
		chain = wrap(&q, loc);
	}
	if (nf > 1)
		add_note(loc, why);
	emit(s, chain);
	return untracked(xprintf("%s()", ptext));
}

/*
 * A call through a modelled function pointer (LS_STATE + LS_TARGETS): the
 * pointer is read once, a NULL value fails as an assertion, and the value
 * picks the target:
 *   %p = var; assert(%p != 0); if (%p == 1) f1() else if (%p == 2) f2() ...
 */
static X call_fnvar(X f, const char *ptext, CXCursor c, Seq *s)
{
	SrcLoc loc = loc_of(c);
	const IrVar *v = fn_var_of(f);
	f = rv(f, loc);
	const char *base = strrchr(v->name, '.');
	IrLocal *l = new_local(base ? base + 1 : v->name, VK_FN, 0, v->hi, -1, loc);
	IrStmt *as = ir_stmt(S_ASSIGN, loc);
	as->lhs = e_local(l->id, loc);
	as->rhs = f.e;
	point_claim(as, NULL);
	emit(s, as);
	IrStmt *ck = ir_stmt(S_ASSERT, loc);
	ck->cond = binop(OP_NE, e_local(l->id, loc), ir_const(0, loc), loc);
	ck->text = xprintf("call through NULL function pointer '%s'", ptext);
	ck->implicit = true;
	emit(s, ck);
	int n;
	X *args = call_args(c, &n, s);
	/* if (%p == 1) f1() else if (%p == 2) f2() ... */
	IrStmt *chain = NULL;
	for (int k = v->hi; k >= 1; k--) {
		Seq b = { 0 };
		inline_call(fn_named(v->targets[k]), args, n, c, &b);
		IrStmt *ifs = ir_stmt(S_IF, loc);
		ifs->cond = binop(OP_EQ, e_local(l->id, loc), ir_const(k, loc), loc);
		ifs->then = wrap(&b, loc);
		ifs->els = chain;
		Seq q = { 0 };
		emit(&q, ifs);
		chain = wrap(&q, loc);
	}
	emit(s, chain);
	return untracked(xprintf("%s()", ptext));
}

static X call(CXCursor c, Seq *s)
{
	SrcLoc loc = loc_of(c);
	Kids k = expr_kids(c);
	if (k.n < 1)
		return untracked(text_of(c));
	if (!fe.t) {
		error_at(loc, "only constant assignments and ls_thread() are allowed in LS_SCENARIO");
		return untracked(text_of(c));
	}
	CXCursor callee = strip(k.c[0]);
	if (clang_getCursorKind(callee) == CXCursor_UnaryOperator &&
	    clang_getCursorUnaryOperatorKind(callee) == CXUnaryOperator_Deref)
		callee = strip(expr_kids(callee).c[0]);
	CXCursor ref = clang_getCursorReferenced(callee);
	enum CXCursorKind ck = clang_getCursorKind(callee);
	if (ck == CXCursor_DeclRefExpr && clang_getCursorKind(ref) == CXCursor_FunctionDecl) {
		const char *name = spelling(ref);
		const char *op = ann_find(ref, "op");
		if (op)
			return do_op(op, c, s);
		if (is_setjmp(name)) {
			error_at(loc, "call to '%s' cannot be modelled", name);
			return untracked(name);
		}
		if (!strcmp(name, "__builtin_expect") && clang_Cursor_getNumArguments(c) == 2)
			return ev(clang_Cursor_getArgument(c, 0), s);
		int n;
		X *args = call_args(c, &n, s);
		if (is_defined(ref))
			return inline_call(ref, args, n, c, s);
		for (int i = 0; i < n; i++)
			if (args[i].k == X_LOCK || args[i].k == X_LOCKARR) {
				error_at(loc, "lock '%s' is passed to '%s', which is not defined in this file",
					 lock_text(clang_Cursor_getArgument(c, (unsigned)i)), name);
				return untracked(name);
			}
		/* a local whose address it gets may be written: any value after */
		for (int i = 0; i < n; i++)
			if (args[i].k == X_ADDR)
				assign((X){ .k = X_BIND, .b = args[i].b }, untracked(xprintf("%s()", name)),
				       clang_Cursor_getArgument(c, (unsigned)i), loc, s);
		IrStmt *sk = ir_stmt(S_SKIP, loc);
		sk->why = xprintf("call to undefined function '%s' ignored", name);
		add_note(loc, sk->why);
		emit(s, sk);
		return untracked(xprintf("%s()", name));
	}
	/* through a pointer */
	const char *ptext = text_of(callee);
	X f = resolve(ev(callee, s));
	if (fn_var_of(f))
		return call_fnvar(f, ptext, c, s);
	if (f.k == X_FUNC) {
		if (!is_defined(f.fn)) {
			error_at(loc, "call through '%s' reaches '%s', which is not defined in this file", ptext,
				 spelling(f.fn));
			return untracked(ptext);
		}
		int n;
		X *args = call_args(c, &n, s);
		return inline_call(f.fn, args, n, c, s);
	}
	if ((ck == CXCursor_MemberRefExpr || ck == CXCursor_DeclRefExpr) && !clang_Cursor_isNull(ref))
		return call_targets(ref, ptext, c, s);
	error_at(loc, "call through function pointer '%s' cannot be modelled; declare its targets with LS_TARGETS",
		 ptext);
	return untracked(ptext);
}

/* ---- statements ------------------------------------------------------------------ */
static void push_scope(CXCursor c)
{
	if (fe.nscopes == MAX_NEST)
		BUG("scopes nested too deep");
	fe.scopes[fe.nscopes].stmt = c;
	fe.scopes[fe.nscopes].guards = (PtrVec){ 0 };
	fe.nscopes++;
}

/* A cleanup attribute's call fn(&var) when var's scope is left at loc. */
static void cleanup_call(ScopeExit *ex, SrcLoc loc, Seq *s)
{
	X arg = { .k = X_ADDR, .b = ex->var, .ptype = -1 };
	const char *name = spelling(ex->fn);
	const char *op = ann_find(ex->fn, "op");
	fe.pt.open = false;
	if (op) {
		error_at(loc_of(ex->decl), "cleanup function '%s' of '%s' is a lockspin annotation; use ls_guard()",
			 name, ex->var->name);
		return;
	}
	if (is_defined(ex->fn)) {
		inline_call(ex->fn, &arg, 1, ex->decl, s);
		return;
	}
	Binding *b = ex->var;
	if (b->kind == B_VAL && (b->x.k == X_LOCK || b->x.k == X_LOCKARR)) {
		error_at(loc_of(ex->decl), "lock '%s' is passed to cleanup function '%s', which is not defined in this file",
			 b->name, name);
		return;
	}
	IrStmt *sk = ir_stmt(S_SKIP, loc);
	sk->why = xprintf("call to undefined function '%s' ignored", name);
	add_note(loc, sk->why);
	emit(s, sk);
	assign((X){ .k = X_BIND, .b = b }, untracked(xprintf("%s()", name)), ex->decl, loc, s);
}

/* Release the guards of scopes [from, nscopes), innermost first. */
static void release_guards(int from, SrcLoc loc, Seq *s, CXCursor label)
{
	for (int i = fe.nscopes - 1; i >= from; i--) {
		Scope *sc = &fe.scopes[i];
		/* a goto to a label of this scope leaves only what is declared
		 * after the label (a jump back past the declaration) */
		bool target = !clang_Cursor_isNull(label) && contains(sc->stmt, label);
		unsigned lo = target ? offset_of(clang_getCursorLocation(label)) : 0;
		for (int g = sc->guards.len - 1; g >= 0; g--) {
			ScopeExit *ex = sc->guards.data[g];
			if (target && offset_of(clang_getCursorLocation(ex->decl)) < lo)
				continue;
			if (ex->lock)
				emit(s, lock_stmt(LO_RELEASE, LM_EXCL, false, ex->lock, loc));
			else
				cleanup_call(ex, loc, s);
		}
		if (target)
			break;
	}
}

static bool ends_in_jump(const Seq *s)
{
	return s->tail && (s->tail->kind == S_GOTO || s->tail->kind == S_BREAK || s->tail->kind == S_CONTINUE);
}

static void block(CXCursor c, Seq *s)
{
	push_scope(c);
	Kids k = kids(c);
	FePoint outer = fe.pt;
	for (int i = 0; i < k.n; i++) {
		fe.pt = point_at(k.c[i]);
		stmt(k.c[i], s);
	}
	/* the statements inside were points of their own: what the enclosing
	 * statement does after them is not at its start */
	fe.pt = outer;
	fe.pt.open = false;
	fe.pt.after = true;
	/* the guards' releases, unless the block ends in a jump (which released them) */
	if (!ends_in_jump(s))
		release_guards(fe.nscopes - 1, loc_end(c), s, clang_getNullCursor());
	fe.nscopes--;
}

/* The function of an __attribute__((cleanup(fn))) on local vd, or a null
 * cursor; *bad after an error (an attribute that cannot be read). */
static CXCursor cleanup_fn_of(CXCursor vd, bool *bad)
{
	Kids k = kids(vd);
	CXCursor none = clang_getNullCursor();
	for (int i = 0; i < k.n; i++) {
		if (clang_getCursorKind(k.c[i]) != CXCursor_UnexposedAttr)
			continue;
		/* as spelled (it may come from a macro such as Linux's __free()) */
		CXSourceRange r = clang_getCursorExtent(k.c[i]);
		CXFile f;
		unsigned o;
		clang_getSpellingLocation(clang_getRangeStart(r), &f, NULL, NULL, &o);
		size_t size;
		const char *buf = f ? clang_getFileContents(fe.tu, f, &size) : NULL;
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
		if (!name) {
			error_at(loc_of(vd), "cleanup attribute of '%s' names its function through a macro; "
				 "write __attribute__((cleanup(fn)))", spelling(vd));
			*bad = true;
			return none;
		}
		Kids top = kids(clang_getTranslationUnitCursor(fe.tu));
		CXCursor found = none;
		for (int j = 0; j < top.n; j++)
			if (clang_getCursorKind(top.c[j]) == CXCursor_FunctionDecl && !strcmp(spelling(top.c[j]), name))
				found = clang_getCanonicalCursor(top.c[j]);
		if (clang_Cursor_isNull(found)) {
			error_at(loc_of(vd), "cleanup function '%s' of '%s' is not declared", name, spelling(vd));
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
static X ev_stmt_expr(CXCursor c, Seq *s)
{
	SrcLoc loc = loc_of(c);
	Kids k = kids(c);
	if (!fe.t || !s) {
		error_at(loc, "statement expression '%s' is only modelled inside a thread's functions", text_of(c));
		return untracked(text_of(c));
	}
	if (k.n != 1 || clang_getCursorKind(k.c[0]) != CXCursor_CompoundStmt)
		BUG("statement expression without a compound statement");
	CXCursor body = k.c[0];
	push_scope(body);
	Kids st = kids(body);
	FePoint outer = fe.pt;
	X r = untracked("void");
	for (int i = 0; i < st.n; i++) {
		fe.pt = point_at(st.c[i]);
		if (i == st.n - 1 && clang_isExpression(clang_getCursorKind(st.c[i])))
			r = ev(st.c[i], s);
		else
			stmt(st.c[i], s);
	}
	fe.pt = outer;
	fe.pt.open = false;
	r = rv(r, loc);
	if (fe.scopes[fe.nscopes - 1].guards.len && r.k == X_VAL && !is_const(r.e)) {
		/* what runs at the scope's end may change what the value reads */
		long lo, hi;
		IrValKind vk = r.ptype >= 0 ? VK_PTR : VK_INT;
		if (vk == VK_PTR)
			lo = 0, hi = fe.p->types[r.ptype]->ninst;
		else if (!expr_range(r.e, &lo, &hi))
			lo = -128, hi = 127;
		IrLocal *t = new_local("ls_value", vk, (int)lo, (int)hi, r.ptype, loc);
		IrStmt *as = ir_stmt(S_ASSIGN, loc);
		as->lhs = e_local(t->id, loc);
		as->rhs = r.e;
		emit(s, as);
		r = val(e_local(t->id, loc), r.ptype);
	}
	if (!ends_in_jump(s))
		release_guards(fe.nscopes - 1, loc_end(c), s, clang_getNullCursor());
	fe.nscopes--;
	return r;
}

static void local_decl(CXCursor vd, Seq *s)
{
	SrcLoc loc = loc_of(vd);
	CXCursor init = clang_Cursor_getVarDeclInitializer(vd);
	CXType t = clang_getCanonicalType(clang_getCursorType(vd));
	int len;
	CXType e = elem_type(t, &len);
	if (lock_kind_of(e)) {
		error_at(loc, "local lock '%s' cannot be modelled; make it global or a field", spelling(vd));
		return;
	}
	if (!clang_Cursor_isNull(init)) {
		CXCursor ic = strip(init);
		if (clang_getCursorKind(ic) == CXCursor_CallExpr) {
			CXCursor fd = clang_getCursorReferenced(ic);
			const char *op = clang_Cursor_isNull(fd) ? NULL : ann_find(fd, "op");
			if (op && !strcmp(op, "guard")) {
				int cls;
				fe.pt.open = false;
				SrcLoc gl = loc_of(ic);
				CXCursor la = clang_Cursor_getArgument(ic, 0);
				IrExpr *lock = lock_ref(la, gl, s, &cls);
				if (lock && check_kind(cls, clang_Cursor_getArgument(ic, 1), LO_ACQUIRE, LM_EXCL, la, gl)) {
					emit(s, lock_stmt(LO_ACQUIRE, LM_EXCL, false, lock, gl));
					ScopeExit *ex = arena_alloc(sizeof(*ex));
					ex->lock = lock;
					ex->decl = vd;
					vec_push(&fe.scopes[fe.nscopes - 1].guards, ex);
				}
				bind(vd, untracked("guard"), clang_getNullCursor(), loc, s);
				return;
			}
		}
	}
	if (clang_Cursor_getStorageClass(vd) == CX_SC_Static || len || e.kind == CXType_Record) {
		if (!clang_Cursor_isNull(init))
			ev(init, s);
		bind(vd, untracked(spelling(vd)), clang_getNullCursor(), loc, s);
		return;
	}
	if (clang_Cursor_isNull(init)) {
		Binding *b = arena_alloc(sizeof(*b));
		b->decl = vd;
		b->name = spelling(vd);
		b->ctype = clang_getCursorType(vd);
		b->depth = fe.depth;
		b->kind = B_UNSET;
		vec_push(&fe.frame->binds, b);
		return;
	}
	X x = ev(init, s);
	bind(vd, x, fn_body(fe.frame->fn), loc, s);
}

/* local_decl, then the cleanup attribute's call registered with the scope. */
static void local_decl_cleanup(CXCursor vd, Seq *s)
{
	bool bad = false;
	CXCursor fn = cleanup_fn_of(vd, &bad);
	local_decl(vd, s);
	if (bad || clang_Cursor_isNull(fn))
		return;
	const char *op = ann_find(fn, "op");
	if (op && !strcmp(op, "guard_release")) {
		/* ls_guard()'s own cleanup: local_decl registered the release,
		 * provided the local is initialised by ls__guard() */
		CXCursor ic = strip(clang_Cursor_getVarDeclInitializer(vd));
		CXCursor gd = clang_getCursorKind(ic) == CXCursor_CallExpr ? clang_getCursorReferenced(ic)
									    : clang_getNullCursor();
		const char *gop = clang_Cursor_isNull(gd) ? NULL : ann_find(gd, "op");
		if (gop && !strcmp(gop, "guard"))
			return;
	}
	Binding *b = find_binding(vd);
	if (!b)
		BUG("no binding for local '%s'", spelling(vd));
	ScopeExit *ex = arena_alloc(sizeof(*ex));
	ex->fn = fn;
	ex->var = b;
	ex->decl = vd;
	vec_push(&fe.scopes[fe.nscopes - 1].guards, ex);
}

static const char *frame_label(CXCursor label_stmt)
{
	const char *name = spelling(label_stmt);
	PtrVec *v = &fe.frame->labels;
	for (int i = 0; i + 1 < v->len; i += 2)
		if (!strcmp(v->data[i], name))
			return v->data[i + 1];
	const char *ir = unique_name(name, true);
	vec_push(v, (void *)name);
	vec_push(v, (void *)ir);
	return ir;
}

static IrStmt *sub_stmt(CXCursor c, SrcLoc loc)
{
	Seq b = { 0 };
	fe.depth++;
	stmt(c, &b);
	fe.depth--;
	return wrap(&b, loc);
}

static IrStmt *abstract_if(const char *text, SrcLoc loc, bool loop)
{
	IrStmt *st = ir_stmt(loop ? S_LOOP : S_IF, loc);
	st->why = xprintf("%scondition '%s' over untracked data", loop ? "loop " : "", text);
	add_note(loc, xprintf("%scondition '%s' over untracked data: %s", loop ? "loop " : "", text,
			      loop ? "any number of iterations" : "either branch"));
	return st;
}

static void if_stmt(CXCursor c, Seq *s)
{
	Kids k = kids(c);
	SrcLoc loc = loc_of(c);
	if (k.n < 2)
		return;
	const char *why;
	IrExpr *e = cond_expr(k.c[0], s, &why);
	IrStmt *st = e ? ir_stmt(S_IF, loc) : abstract_if(why, loc_of(k.c[0]), false);
	st->loc = loc;
	st->cond = e;
	if (e)
		point_claim(st, e);
	st->then = sub_stmt(k.c[1], loc_of(k.c[1]));
	if (k.n > 2)
		st->els = sub_stmt(k.c[2], loc_of(k.c[2]));
	emit(s, st);
}

/*
 * Loops.  cond_c may be null (for (;;)).  When the condition has side
 * effects (while (!trylock(...))) it is evaluated inside the loop:
 *   loop(1) { pre; if (!cond) break; body; cont: step }
 */
static void loop_stmt(CXCursor c, CXCursor init, CXCursor cond_c, CXCursor step, CXCursor body, bool do_while,
		      Seq *s)
{
	SrcLoc loc = loc_of(c);
	if (!clang_Cursor_isNull(init)) {
		if (clang_getCursorKind(init) == CXCursor_DeclStmt)
			stmt(init, s);
		else
			ev(init, s);
	}
	IrStmt *lp = ir_stmt(S_LOOP, loc);
	Seq pre = { 0 };
	IrExpr *cond = NULL;
	const char *why = NULL;
	if (clang_Cursor_isNull(cond_c))
		cond = ir_const(1, loc);
	else
		cond = cond_expr(cond_c, &pre, &why);
	bool inner_test = pre.head != NULL || (!cond && do_while);
	/* a while or for test is at the statement's start (its first
	 * evaluation); a do-while test is at its end */
	if (cond && !inner_test && !do_while)
		point_claim(lp, cond);
	else if (do_while)
		fe.pt.open = false;
	Jump *j = &fe.jumps[fe.njumps++];
	*j = (Jump){ .nscopes = fe.nscopes };
	if (do_while || !clang_Cursor_isNull(step))
		j->cont = unique_name("ls_continue", true);
	Seq b = { 0 };
	fe.depth++;
	if (inner_test && !do_while) {
		emit(&b, pre.head);
		IrStmt *brk = ir_stmt(S_IF, loc);
		if (cond)
			brk->cond = unop('!', cond, loc);
		else
			brk = abstract_if(why, loc_of(cond_c), false);
		Seq bs = { 0 };
		emit(&bs, ir_stmt(S_BREAK, loc));
		brk->then = wrap(&bs, loc);
		emit(&b, brk);
	}
	stmt(body, &b);
	j = &fe.jumps[fe.njumps - 1];
	if (j->cont_used)
		emit(&b, mk_label(j->cont, loc_of(clang_Cursor_isNull(step) ? (clang_Cursor_isNull(cond_c) ? c : cond_c) : step)));
	if (!clang_Cursor_isNull(step))
		ev(step, &b);
	if (inner_test && do_while) {
		emit(&b, pre.head);
		IrStmt *brk = cond ? ir_stmt(S_IF, loc) : abstract_if(why, loc_of(cond_c), false);
		if (cond)
			brk->cond = unop('!', cond, loc);
		Seq bs = { 0 };
		emit(&bs, ir_stmt(S_BREAK, loc));
		brk->then = wrap(&bs, loc);
		emit(&b, brk);
	}
	fe.depth--;
	fe.njumps--;
	lp->body = wrap(&b, loc);
	if (inner_test) {
		lp->cond = ir_const(1, loc);
	} else if (cond) {
		lp->cond = cond;
		lp->test_after = do_while;
	} else {
		IrStmt *a = abstract_if(why, loc_of(cond_c), true);
		lp->cond = NULL;
		lp->why = a->why;
		lp->test_after = do_while;
	}
	emit(s, lp);
}

/* The parts of a for statement: libclang leaves out the absent ones. */
static void for_stmt(CXCursor c, Seq *s)
{
	Kids k = kids(c);
	CXCursor parts[4] = { clang_getNullCursor(), clang_getNullCursor(), clang_getNullCursor(),
			      clang_getNullCursor() };
	CXToken *toks;
	unsigned nt;
	clang_tokenize(fe.tu, clang_getCursorExtent(c), &toks, &nt);
	unsigned semi[2] = { 0, 0 }, rparen = 0;
	int depth = 0, ns = 0;
	for (unsigned i = 0; i < nt; i++) {
		const char *t = cx_str(clang_getTokenSpelling(fe.tu, toks[i]));
		unsigned off = offset_of(clang_getTokenLocation(fe.tu, toks[i]));
		if (!strcmp(t, "("))
			depth++;
		else if (!strcmp(t, ")") && --depth == 0) {
			rparen = off;
			break;
		} else if (!strcmp(t, ";") && depth == 1 && ns < 2)
			semi[ns++] = off;
	}
	clang_disposeTokens(fe.tu, toks, nt);
	for (int i = 0; i < k.n; i++) {
		unsigned o = offset_of(clang_getCursorLocation(k.c[i]));
		int slot = ns == 2 && rparen ? (o < semi[0] ? 0 : o < semi[1] ? 1 : o < rparen ? 2 : 3) : (i == k.n - 1 ? 3 : i);
		/* a declaration's location is its name; its extent starts before the first ';' */
		if (clang_getCursorKind(k.c[i]) == CXCursor_DeclStmt)
			slot = 0;
		parts[slot] = k.c[i];
	}
	push_scope(c);
	loop_stmt(c, parts[0], parts[1], parts[2], parts[3], false, s);
	release_guards(fe.nscopes - 1, loc_end(c), s, clang_getNullCursor());
	fe.nscopes--;
}

static enum CXChildVisitResult cases_visit(CXCursor c, CXCursor parent, CXClientData d)
{
	(void)parent;
	Jump *j = d;
	enum CXCursorKind k = clang_getCursorKind(c);
	if (k == CXCursor_SwitchStmt)
		return CXChildVisit_Continue;
	if (k == CXCursor_CaseStmt || k == CXCursor_DefaultStmt) {
		CXCursor *nc = arena_array((size_t)j->ncases + 1, sizeof(CXCursor));
		const char **nl = arena_array((size_t)j->ncases + 1, sizeof(char *));
		if (j->ncases) {
			memcpy(nc, j->cases, sizeof(CXCursor) * (size_t)j->ncases);
			memcpy(nl, j->case_labels, sizeof(char *) * (size_t)j->ncases);
		}
		nc[j->ncases] = c;
		nl[j->ncases] = unique_name(k == CXCursor_DefaultStmt ? "ls_default" : "ls_case", true);
		j->cases = nc;
		j->case_labels = nl;
		j->ncases++;
	}
	return clang_isExpression(k) ? CXChildVisit_Continue : CXChildVisit_Recurse;
}

/*
 * switch (e) body  ->  t = e; if (t == v1) goto case1 else if ... else goto
 * default (or end); body with case labels; end:   break -> goto end.
 */
static void switch_stmt(CXCursor c, Seq *s)
{
	Kids k = kids(c);
	SrcLoc loc = loc_of(c);
	if (k.n < 2)
		return;
	CXCursor body = k.c[k.n - 1];
	const char *why;
	IrExpr *e = cond_expr(k.c[k.n - 2], s, &why);
	if (e && !is_const(e) && e->kind != E_LOCAL) {
		long lo, hi;
		if (!expr_range(e, &lo, &hi))
			lo = -128, hi = 127;
		IrLocal *t = new_local("ls_switch", VK_INT, (int)lo, (int)hi, -1, loc);
		IrStmt *as = ir_stmt(S_ASSIGN, loc);
		as->lhs = e_local(t->id, loc);
		as->rhs = e;
		point_claim(as, NULL);
		emit(s, as);
		e = e_local(t->id, loc);
	}
	Jump *j = &fe.jumps[fe.njumps++];
	*j = (Jump){ .is_switch = true, .nscopes = fe.nscopes };
	j->brk = unique_name("ls_switch_end", true);
	clang_visitChildren(body, cases_visit, j);
	const char *deflabel = j->brk;
	IrStmt *chain = NULL;
	for (int i = 0; i < j->ncases; i++)
		if (clang_getCursorKind(j->cases[i]) == CXCursor_DefaultStmt)
			deflabel = j->case_labels[i];
	Seq dflt = { 0 };
	emit(&dflt, mk_goto(deflabel, loc));
	chain = wrap(&dflt, loc);
	if (!e)
		add_note(loc_of(k.c[k.n - 2]),
			 xprintf("switch on '%s' over untracked data: any case", why));
	for (int i = j->ncases - 1; i >= 0; i--) {
		if (clang_getCursorKind(j->cases[i]) == CXCursor_DefaultStmt)
			continue;
		/* case v: body, or the GNU range case lo ... hi: body */
		Kids ck = kids(j->cases[i]);
		long long v = 0, hi = 0;
		SrcLoc cl = loc_of(j->cases[i]);
		bool range = ck.n == 3;
		if (ck.n < 2 || !eval_int(ck.c[0], &v) || (range && !eval_int(ck.c[1], &hi))) {
			error_at(cl, "case value is not a constant");
			continue;
		}
		IrStmt *ifs = ir_stmt(S_IF, cl);
		if (e && range)
			ifs->cond = binop(OP_LAND, binop(OP_GE, e, ir_const((int)v, cl), cl),
					  binop(OP_LE, e, ir_const((int)hi, cl), cl), cl);
		else if (e)
			ifs->cond = binop(OP_EQ, e, ir_const((int)v, cl), cl);
		else
			ifs->why = xprintf("switch on '%s' over untracked data", why);
		Seq th = { 0 };
		emit(&th, mk_goto(j->case_labels[i], cl));
		ifs->then = wrap(&th, cl);
		ifs->els = chain;
		Seq q = { 0 };
		emit(&q, ifs);
		chain = wrap(&q, cl);
	}
	emit(s, chain);
	Seq b = { 0 };
	fe.depth++;
	stmt(body, &b);
	fe.depth--;
	emit(s, b.head);
	emit(s, mk_label(fe.jumps[fe.njumps - 1].brk, loc_end(c)));
	fe.njumps--;
}

static void case_stmt(CXCursor c, Seq *s)
{
	for (int i = fe.njumps - 1; i >= 0; i--) {
		Jump *j = &fe.jumps[i];
		if (!j->is_switch)
			continue;
		/* by kind and extent: clang_equalCursors also compares the parent
		 * declaration libclang records, which differs for a case visited
		 * after a declaration (case X: { int y; ... } case Y:) */
		for (int n = 0; n < j->ncases; n++)
			if (clang_getCursorKind(j->cases[n]) == clang_getCursorKind(c) &&
			    clang_equalRanges(clang_getCursorExtent(j->cases[n]), clang_getCursorExtent(c)))
				emit(s, mk_label(j->case_labels[n], loc_of(c)));
		break;
	}
	Kids k = kids(c);
	if (k.n)
		stmt(k.c[k.n - 1], s);
}

static void jump_stmt(CXCursor c, bool brk, Seq *s)
{
	SrcLoc loc = loc_of(c);
	int i = fe.njumps - 1;
	if (!brk)
		while (i >= 0 && fe.jumps[i].is_switch)
			i--;
	if (i < 0) {
		error_at(loc, "%s outside a loop", brk ? "break" : "continue");
		return;
	}
	Jump *j = &fe.jumps[i];
	release_guards(j->nscopes, loc, s, clang_getNullCursor());
	if (brk && j->brk) {
		emit(s, mk_goto(j->brk, loc));
	} else if (!brk && j->cont) {
		j->cont_used = true;
		emit(s, mk_goto(j->cont, loc));
	} else {
		emit(s, ir_stmt(brk ? S_BREAK : S_CONTINUE, loc));
	}
}

static void return_stmt(CXCursor c, Seq *s)
{
	SrcLoc loc = loc_of(c);
	Frame *fr = fe.frame;
	Kids k = expr_kids(c);
	if (k.n == 1) {
		X x = evr(k.c[0], s);
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
				CXType rt = clang_getResultType(clang_getCursorType(fr->fn));
				range_of_type(rt, &vk, &lo, &hi);
				if (vk == VK_PTR) {
					hi = x.ptype >= 0 ? fe.p->types[x.ptype]->ninst : 0;
				} else if (vk == VK_INT) {
					long l, h;
					if (expr_range(x.e, &l, &h))
						lo = (int)l, hi = (int)h;
				}
				fr->result = new_local(xprintf("%s_result", fr->fname), vk, lo, hi, x.ptype, loc)->id;
			}
			IrStmt *as = ir_stmt(S_ASSIGN, loc);
			as->lhs = e_local(fr->result, loc);
			as->rhs = x.e;
			widen_local(fe.t->locals[fr->result], x.e);
			point_claim(as, NULL);
			emit(s, as);
		} else if (x.k == X_UNTRACKED) {
			IrStmt *sk = ir_stmt(S_SKIP, loc);
			sk->why = xprintf("return of untracked '%s'", x.why);
			vec_push(&fr->untracked_rets, sk);
			emit(s, sk);
		}
	}
	release_guards(fr->scope_base, loc, s, clang_getNullCursor());
	fr->ret_used = true;
	emit(s, mk_goto(fr->ret_label, loc));
}

static void stmt(CXCursor c, Seq *s)
{
	enum CXCursorKind k = clang_getCursorKind(c);
	SrcLoc loc = loc_of(c);
	Kids ks;
	/* a native run-time check runs once, at the point before the C
	 * statement: not for a loop (its test and body run again) nor for a
	 * branch or body that is not a { } child of its own */
	if (k == CXCursor_ForStmt || k == CXCursor_WhileStmt || k == CXCursor_DoStmt ||
	    offset_of(clang_getRangeStart(clang_getCursorExtent(c))) != fe.pt.offset)
		fe.pt.after = true;
	switch (k) {
	case CXCursor_CompoundStmt:
		block(c, s);
		return;
	case CXCursor_DeclStmt:
		ks = kids(c);
		for (int i = 0; i < ks.n; i++) {
			switch (clang_getCursorKind(ks.c[i])) {
			case CXCursor_VarDecl:
				local_decl_cleanup(ks.c[i], s);
				break;
			case CXCursor_TypedefDecl:
			case CXCursor_StructDecl:
			case CXCursor_UnionDecl:
			case CXCursor_EnumDecl:
			case CXCursor_StaticAssert:
			case CXCursor_FunctionDecl: /* a local prototype */
				break; /* no run-time effect */
			default:
				error_at(loc_of(ks.c[i]), "declaration '%s' (%s) cannot be modelled", text_of(ks.c[i]),
					 cx_str(clang_getCursorKindSpelling(clang_getCursorKind(ks.c[i]))));
			}
		}
		return;
	case CXCursor_IfStmt:
		if_stmt(c, s);
		return;
	case CXCursor_WhileStmt:
		ks = kids(c);
		if (ks.n == 2)
			loop_stmt(c, clang_getNullCursor(), ks.c[0], clang_getNullCursor(), ks.c[1], false, s);
		return;
	case CXCursor_DoStmt:
		ks = kids(c);
		if (ks.n == 2)
			loop_stmt(c, clang_getNullCursor(), ks.c[1], clang_getNullCursor(), ks.c[0], true, s);
		return;
	case CXCursor_ForStmt:
		for_stmt(c, s);
		return;
	case CXCursor_SwitchStmt:
		switch_stmt(c, s);
		return;
	case CXCursor_CaseStmt:
	case CXCursor_DefaultStmt:
		case_stmt(c, s);
		return;
	case CXCursor_BreakStmt:
		jump_stmt(c, true, s);
		return;
	case CXCursor_ContinueStmt:
		jump_stmt(c, false, s);
		return;
	case CXCursor_ReturnStmt:
		return_stmt(c, s);
		return;
	case CXCursor_GotoStmt: {
		CXCursor target = clang_getCursorReferenced(c);
		release_guards(fe.frame->scope_base, loc, s, target);
		emit(s, mk_goto(frame_label(target), loc));
		return;
	}
	case CXCursor_LabelStmt:
		emit(s, mk_label(frame_label(c), loc));
		ks = kids(c);
		if (ks.n)
			stmt(ks.c[ks.n - 1], s);
		return;
	case CXCursor_NullStmt:
		return;
	case CXCursor_UnexposedStmt: {
		/* an attributed statement (__attribute__((fallthrough)); ...):
		 * the attribute does not change what runs */
		const char *t = first_token(c);
		ks = kids(c);
		if ((!strcmp(t, "__attribute__") || !strcmp(t, "[[")) && ks.n >= 1 &&
		    !clang_isAttribute(clang_getCursorKind(ks.c[ks.n - 1]))) {
			stmt(ks.c[ks.n - 1], s);
			return;
		}
		reject(c, "statement");
		return;
	}
	case CXCursor_IndirectGotoStmt:
		reject(c, NULL);
		return;
	case CXCursor_GCCAsmStmt: {
		IrStmt *sk = ir_stmt(S_SKIP, loc);
		sk->why = "inline assembly ignored";
		add_note(loc, sk->why);
		emit(s, sk);
		return;
	}
	default:
		if (clang_isExpression(k)) {
			ev(c, s);
			return;
		}
		reject(c, NULL);
	}
}

/* ---- the scenario ----------------------------------------------------------------- */
static CXCursor find_scenario(void)
{
	Kids top = kids(clang_getTranslationUnitCursor(fe.tu));
	for (int i = 0; i < top.n; i++)
		if (clang_getCursorKind(top.c[i]) == CXCursor_FunctionDecl && clang_isCursorDefinition(top.c[i]) &&
		    ann_find(top.c[i], "scenario"))
			return top.c[i];
	return clang_getNullCursor();
}

static void set_init(X lhs, X rhs, CXCursor lc, SrcLoc loc)
{
	if (lhs.k != X_STATE) {
		/* Registering a hook (kvm->arch.crypto.pqap_hook = handle_pqap) is
		 * fine: calls through the pointer explore its LS_TARGETS anyway. */
		CXCursor d = clang_getCursorReferenced(lc);
		if (!clang_Cursor_isNull(d) && ann_find(d, "targets")) {
			add_note(loc, xprintf("the scenario sets function pointer '%s'; calls through it explore "
					      "its LS_TARGETS", text_of(lc)));
			return;
		}
		error_at(loc, "'%s' is not modelled state; the scenario may only set LS_STATE fields and globals",
			 text_of(lc));
		return;
	}
	IrVar *v = fe.p->vars[lhs.id];
	if (v->vk == VK_FN) {
		bool bad;
		rhs = fn_value(v, rhs, lc, loc, &bad);
		if (bad)
			return;
	}
	int inst = 1, idx = 0;
	if (v->type) {
		if (!is_const(lhs.e)) {
			error_at(loc, "initial value of '%s' needs a constant object", text_of(lc));
			return;
		}
		inst = lhs.e->value;
	}
	if (v->arrlen > 1) {
		if (!is_const(lhs.idx)) {
			error_at(loc, "initial value of '%s' needs a constant index", text_of(lc));
			return;
		}
		idx = lhs.idx->value;
	}
	if (rhs.k != X_VAL || !is_const(rhs.e)) {
		error_at(loc, "initial value of '%s' must be a constant", text_of(lc));
		return;
	}
	int value = rhs.e->value;
	if (value < v->lo || value > v->hi) {
		error_at(loc, "initial value %d of '%s' is outside its range %d..%d", value, text_of(lc), v->lo,
			 v->hi);
		return;
	}
	v->init[inst * v->arrlen + idx] = value;
}

/* A global initialiser: scalars, and struct initialisers one level deep. */
static void global_inits(void)
{
	for (int i = 0; i < fe.globals.len; i++) {
		Global *g = fe.globals.data[i];
		CXCursor init = clang_Cursor_getVarDeclInitializer(g->decl);
		if (clang_Cursor_isNull(init)) {
			Kids k = kids(g->decl);
			for (int j = 0; j < k.n; j++)
				if (clang_getCursorKind(k.c[j]) == CXCursor_InitListExpr)
					init = k.c[j];
		}
		if (clang_Cursor_isNull(init))
			continue;
		SrcLoc loc = loc_of(init);
		if (g->kind == G_STATE && !g->len) {
			X x = rv(ev(init, NULL), loc);
			set_init((X){ .k = X_STATE, .id = g->f.id }, x, g->decl, loc);
		} else if (g->kind == G_OBJ && !g->len && clang_getCursorKind(init) == CXCursor_InitListExpr) {
			X obj = { .k = X_OBJ, .st = g->st, .e = ir_const(g->base, loc), .pfx = "" };
			Kids k = expr_kids(init);
			/* positional: the struct's fields in order */
			Kids fields = kids(clang_getCursorDefinition(clang_getTypeDeclaration(
				clang_getCanonicalType(clang_getCursorType(g->decl)))));
			int fi = 0;
			for (int j = 0; j < k.n; j++) {
				CXCursor item = k.c[j];
				const char *fname = NULL;
				Kids ik = kids(item);
				if (clang_getCursorKind(item) == CXCursor_UnexposedExpr && ik.n >= 2 &&
				    clang_getCursorKind(ik.c[0]) == CXCursor_MemberRef) {
					fname = spelling(ik.c[0]);
					item = ik.c[ik.n - 1];
					for (int f = 0; f < fields.n; f++)
						if (!strcmp(spelling(fields.c[f]), fname))
							fi = f;
				} else {
					while (fi < fields.n && clang_getCursorKind(fields.c[fi]) != CXCursor_FieldDecl)
						fi++;
					if (fi >= fields.n)
						break;
					fname = spelling(fields.c[fi]);
				}
				fi++;
				X lhs = member(obj, fname, item);
				if (lhs.k != X_STATE)
					continue;
				X x = rv(ev(item, NULL), loc);
				set_init(lhs, x, item, loc_of(item));
			}
		}
	}
}

static void make_thread(CXCursor c, int nth)
{
	SrcLoc loc = loc_of(c);
	(void)nth;
	if (clang_Cursor_getNumArguments(c) < 4)
		return;
	CXCursor fnc = strip(clang_Cursor_getArgument(c, 0));
	CXCursor fn = clang_getCursorReferenced(fnc);
	if (clang_getCursorKind(fn) != CXCursor_FunctionDecl || !is_defined(fn)) {
		error_at(loc, "thread function '%s' is not a function defined in this file", text_of(fnc));
		return;
	}
	const char *fname = spelling(fn);
	/* the thread runs fname(arg), like pthread_create: one pointer, or none */
	CXCursor fdef = clang_getCursorDefinition(fn);
	int np = clang_Cursor_getNumArguments(fdef);
	if (np > 1 || (np == 1 && clang_getCanonicalType(clang_getCursorType(clang_Cursor_getArgument(fdef, 0))).kind !=
					  CXType_Pointer)) {
		error_at(loc, "thread function '%s' must take one pointer parameter, it takes %s", fname,
			 np > 1 ? xprintf("%d parameters", np) : "a non-pointer");
		return;
	}
	const char *aname = eval_str(clang_Cursor_getArgument(c, 3));
	X arg = rv(ev(clang_Cursor_getArgument(c, 1), NULL), loc);
	if (arg.k == X_UNTRACKED && aname && strcmp(aname, "NULL") && strcmp(aname, "0"))
		error_at(loc, "thread argument '%s' is not a modelled object or lock", aname);
	IrThread *t = ir_add_thread(fe.p, xprintf("%s(%s)", fname, aname ? aname : ""), fname, loc);
	CXCursor def = clang_getCursorDefinition(fn);
	t->func_loc = loc_of(def);
	fe.t = t;
	fe.labels = (PtrVec){ 0 };
	fe.nscopes = 0;
	fe.njumps = 0;
	fe.depth = 0;
	fe.nframes = 0;
	fe.frame = NULL;
	fe.pt = (FePoint){ 0 };
	fe.range_checks.len = 0;
	Seq s = { 0 };
	inline_call(fn, &arg, 1, c, &s);
	range_checks_finish();
	t->body->body = s.head;
	t->body->loc = t->func_loc;
	fe.t = NULL;
}

static void scenario(void)
{
	CXCursor sc = find_scenario();
	SrcLoc floc = { fe.path, 0, 0 };
	if (clang_Cursor_isNull(sc)) {
		error_at(floc, "no LS_SCENARIO in this file");
		return;
	}
	CXCursor body = fn_body(sc);
	Kids k = kids(body);
	int nthreads = 0;
	for (int i = 0; i < k.n; i++) {
		CXCursor c = k.c[i];
		CXCursor e = strip(c);
		SrcLoc loc = loc_of(c);
		enum CXCursorKind ck = clang_getCursorKind(e);
		if (ck == CXCursor_CallExpr) {
			CXCursor fd = clang_getCursorReferenced(e);
			const char *op = clang_Cursor_isNull(fd) ? NULL : ann_find(fd, "op");
			if (op && !strcmp(op, "thread")) {
				make_thread(e, nthreads++);
				continue;
			}
		}
		if (ck == CXCursor_BinaryOperator && clang_getCursorBinaryOperatorKind(e) == CXBinaryOperator_Assign) {
			if (nthreads) {
				error_at(loc, "state is set after the first ls_thread(); move it before the threads");
				continue;
			}
			Kids ek = expr_kids(e);
			X lhs = ev(ek.c[0], NULL);
			X rhs = rv(ev(ek.c[1], NULL), loc);
			set_init(lhs, rhs, ek.c[0], loc);
			continue;
		}
		if (ck == CXCursor_NullStmt || ck == CXCursor_CStyleCastExpr)
			continue;
		error_at(loc, "LS_SCENARIO may only set state and start threads with ls_thread()");
	}
	if (!nthreads)
		error_at(loc_of(sc), "LS_SCENARIO starts no thread");
}

/* ---- parsing ---------------------------------------------------------------------- */
static const char *harness_dir(void)
{
	const char *d = harness_find();
	return d ? d : "./harness";
}

/* Parse path with the variant's defines; NULL after reporting errors. */
static CXTranslationUnit parse(CXIndex idx, const char *path, const char *defines, const char **extra,
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
	vec_push(&args, (void *)xprintf("-I%s", harness_dir()));
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
	fe.tu = tu;
	fe.path = path;
	fe.mainfile = clang_getFile(tu, path);
	unsigned nd = clang_getNumDiagnostics(tu);
	int errors = 0;
	for (unsigned i = 0; i < nd; i++) {
		CXDiagnostic d = clang_getDiagnostic(tu, i);
		enum CXDiagnosticSeverity sev = clang_getDiagnosticSeverity(d);
		if (sev >= CXDiagnostic_Error) {
			error_at(loc_at(clang_getDiagnosticLocation(d)), "%s",
				 cx_str(clang_getDiagnosticSpelling(d)));
			errors++;
		}
		clang_disposeDiagnostic(d);
	}
	if (errors) {
		clang_disposeTranslationUnit(tu);
		fe.tu = NULL;
		return NULL;
	}
	return tu;
}

static void fe_reset(void)
{
	memset(&fe, 0, sizeof(fe));
}

/* A variant's defines are -D options: each must be NAME or NAME=VALUE with
 * NAME an identifier, or clang reports it at a line of its own command-line
 * buffer, past the end of the spec. */
static void check_defines(const IrVariant *v)
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
	fe_reset();
	*nvariants = 0;
	int errors0 = diag_error_count();
	CXIndex idx = clang_createIndex(0, 0);
	CXTranslationUnit tu = parse(idx, path, NULL, extra_args, nextra);
	if (!tu) {
		clang_disposeIndex(idx);
		return NULL;
	}
	PtrVec vs = { 0 };
	Kids top = kids(clang_getTranslationUnitCursor(tu));
	for (int i = 0; i < top.n; i++) {
		CXCursor c = top.c[i];
		if (clang_getCursorKind(c) != CXCursor_VarDecl)
			continue;
		const char *a = ann_find(c, "variant");
		if (!a)
			continue;
		IrVariant *v = arena_alloc(sizeof(*v));
		v->loc = loc_of(c);
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
		check_defines(v);
		vec_push(&vs, v);
	}
	clang_disposeTranslationUnit(tu);
	clang_disposeIndex(idx);
	fe.tu = NULL;
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
	fe_reset();
	int errors0 = diag_error_count();
	CXIndex idx = clang_createIndex(0, 0);
	CXTranslationUnit tu = parse(idx, path, v ? v->defines : "", extra_args, nextra);
	if (!tu) {
		clang_disposeIndex(idx);
		return NULL;
	}
	fe.p = ir_new_program(path, v ? v->name : "default");
	if (v) {
		fe.p->expect = v->expect;
		fe.p->why = v->why;
	}
	/* every lockspin: annotation of the main file must be known */
	Kids top = kids(clang_getTranslationUnitCursor(tu));
	for (int i = 0; i < top.n; i++)
		if (clang_Location_isFromMainFile(clang_getCursorLocation(top.c[i])))
			clang_visitChildren(top.c[i], check_anns_visit, NULL);
	build_objects();
	if (diag_error_count() == errors0) {
		global_inits();
		scenario();
	}
	IrProgram *p = fe.p;
	clang_disposeTranslationUnit(tu);
	clang_disposeIndex(idx);
	fe_reset();
	if (diag_error_count() != errors0)
		return NULL;
	ir_number(p);
	ir_check(p);
	return p;
}
