/*
 * c_exprs.c - the C expressions the front end models, each with a bad
 * variant that only that construct's exact lowering catches, and one ok
 * twin for all: comma, compound assignment, the conditional operator, pre/post increment and
 * decrement, casts (to bool: x != 0), sizeof/_Alignof, character literals,
 * arrays and member access, address-of and dereference of a local,
 * constant _Generic and __builtin_choose_expr, designated initialisers
 * and compound literals (their items run in order).  String, floating and
 * imaginary literals are untracked values (listed by --explain where they
 * reach a condition).  extract/test/constructs.sh checks every verdict.
 */
#include "lockspin.h"

LS_VARIANT(comma, "BAD_COMMA", "deadlock", "the left operand of a comma runs");
LS_VARIANT(compound_assign, "BAD_COMPOUND", "assertion", "x += 2 adds");
LS_VARIANT(incdec, "BAD_INCDEC", "assertion", "x++ yields the old value, ++x the new one");
LS_VARIANT(conditional, "BAD_COND", "assertion", "c ? a : b is a when c holds");
LS_VARIANT(bool_cast, "BAD_BOOL", "assertion", "(bool)2 is 1");
LS_VARIANT(sizeof_alignof, "BAD_SIZEOF", "assertion", "sizeof(int) is 4 and _Alignof(int) 4");
LS_VARIANT(char_literal, "BAD_CHAR", "assertion", "'a' is 97");
LS_VARIANT(array_member, "BAD_ARRAY", "assertion", "o.v[1] is the element written");
LS_VARIANT(addr_deref, "BAD_DEREF", "assertion", "*p = 3 writes the local p points to");
LS_VARIANT(generic, "BAD_GENERIC", "assertion", "_Generic picks the int association");
LS_VARIANT(designated, "BAD_DESIGNATED", "deadlock", "a designated initialiser's call runs");
LS_VARIANT(compound_literal, "BAD_LITERAL", "deadlock", "a compound literal's call runs");
LS_VARIANT(ok, "", "ok", "every construct used as C means it");

struct obj {
	ls_mutex_t lock;
	int v[2] LS_STATE LS_RANGE(0, 3);
};

struct pair {
	int a, b;
};

static ls_mutex_t m;
static struct obj o;
static int x LS_STATE LS_RANGE(0, 7);

static int take(void)
{
	ls_mutex_lock(&m);
	return 1;
}

static void t1(void *arg)
{
	(void)arg;
	/* comma */
#ifdef BAD_COMMA
	(ls_mutex_lock(&m), ls_mutex_lock(&m));
#else
	(ls_mutex_lock(&m), ls_mutex_unlock(&m));
#endif
	/* compound assignment */
	x = 1;
	x += 2;
	x -= 1;
	x *= 2;
	x |= 1;
#ifdef BAD_COMPOUND
	ls_assert(x == 4);
#else
	ls_assert(x == 5);
#endif
	/* increment and decrement */
	int a = x++;
	int b = ++x;
	int c = x--;
	--x;
#ifdef BAD_INCDEC
	(void)b, (void)c;
	ls_assert(a == 6);
#else
	ls_assert(a == 5 && b == 7 && c == 7 && x == 5);
#endif
	/* the conditional operator */
	int w = x > 3 ? 1 : 2;
#ifdef BAD_COND
	ls_assert(w == 2);
#else
	ls_assert(w == 1);
#endif
	/* casts */
	bool t = (bool)2;
	int i = (int)(char)5;
#ifdef BAD_BOOL
	(void)i;
	ls_assert((int)t == 2);
#else
	ls_assert(t == 1 && i == 5);
#endif
	/* sizeof, _Alignof */
#ifdef BAD_SIZEOF
	ls_assert(sizeof(int) == 8);
#else
	ls_assert(sizeof(int) == 4 && _Alignof(int) == 4 && sizeof x == 4);
#endif
	/* character, string, floating and imaginary literals */
	const char *s = "abc";
	double d = 1.5;
	_Complex double z = 1.0i;
	(void)s, (void)d, (void)z;
#ifdef BAD_CHAR
	ls_assert('a' == 98);
#else
	ls_assert('a' == 97);
#endif
	/* arrays and member access */
	struct obj *p = &o;
	p->v[1] = 2;
	o.v[0] = p->v[1] + 1;
#ifdef BAD_ARRAY
	ls_assert(o.v[1] == 3);
#else
	ls_assert(o.v[1] == 2 && (&o)->v[0] == 3);
#endif
	/* address-of and dereference of a local */
	int n = 0;
	int *q = &n;
	*q = 3;
#ifdef BAD_DEREF
	ls_assert(n == 0);
#else
	ls_assert(n == 3 && *q == 3);
#endif
	/* constant _Generic and __builtin_choose_expr */
	int g = _Generic(n, int: 1, default: 2);
	int h = __builtin_choose_expr(1, 4, 5);
#ifdef BAD_GENERIC
	(void)h;
	ls_assert(g == 2);
#else
	ls_assert(g == 1 && h == 4);
#endif
	/* designated initialiser */
	struct pair pr = { .b = take(), .a = 0 };
	(void)pr;
#ifdef BAD_DESIGNATED
	ls_mutex_lock(&m);
#endif
	ls_mutex_unlock(&m);
	/* compound literal */
	(void)(struct pair){ .a = take() };
#ifdef BAD_LITERAL
	ls_mutex_lock(&m);
#endif
	ls_mutex_unlock(&m);
}

LS_SCENARIO
{
	ls_thread(t1, NULL);
}
