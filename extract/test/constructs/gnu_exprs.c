/*
 * gnu_exprs.c - the GNU extensions the front end models, each with a bad
 * variant that only that construct's exact lowering catches, and one ok
 * twin for all: statement expressions, __typeof__, __builtin_expect,
 * a ?: b, case ranges, __attribute__((cleanup)), attributed statements
 * (fallthrough).  extract/test/constructs.sh checks every verdict.
 */
#include "lockspin.h"

LS_VARIANT(stmt_expr, "BAD_STMT_EXPR", "deadlock", "the second lock of m is inside ({ })");
LS_VARIANT(typeof_decl, "BAD_TYPEOF", "assertion", "a __typeof__(x) local holds x's value");
LS_VARIANT(expect, "BAD_EXPECT", "deadlock", "__builtin_expect(c, 0) is c: the branch runs");
LS_VARIANT(omitted_middle, "BAD_ELVIS", "assertion", "x ?: 3 is x when x is non-zero");
LS_VARIANT(case_range, "BAD_RANGE", "deadlock", "case 1 ... 3 matches 2");
LS_VARIANT(cleanup, "BAD_CLEANUP", "double-unlock", "the cleanup unlocks after a hand unlock");
LS_VARIANT(cleanup_back, "BAD_CLEANUP_BACK", "double-unlock", "a goto back past the declaration runs the cleanup");
LS_VARIANT(fallthrough, "BAD_FALLTHROUGH", "deadlock", "__attribute__((fallthrough)) falls into the next case");
LS_VARIANT(ok, "", "ok", "every construct used as C means it");

static ls_mutex_t m;
static int x LS_STATE LS_RANGE(0, 3);

static void unlock_m(ls_mutex_t **lp)
{
	ls_mutex_unlock(*lp);
}

static void t1(void *arg)
{
	(void)arg;
	/* statement expression: its lock calls run */
	int v = ({ ls_mutex_lock(&m); int y = x; ls_mutex_unlock(&m); y; });
#ifdef BAD_STMT_EXPR
	ls_mutex_lock(&m);
	(void)({ ls_mutex_lock(&m); 0; });
#endif
	/* __typeof__ */
	__typeof__(x) t = x;
#ifdef BAD_TYPEOF
	(void)v;
	ls_assert(t != 2);
#else
	ls_assert(t == 2 && v == 2);
#endif
	/* __builtin_expect */
	if (__builtin_expect(x == 2, 0)) {
		ls_mutex_lock(&m);
#ifdef BAD_EXPECT
		ls_mutex_lock(&m);
#endif
		ls_mutex_unlock(&m);
	}
	/* a ?: b */
	int e = x ?: 3;
#ifdef BAD_ELVIS
	ls_assert(e == 3);
#else
	ls_assert(e == 2);
#endif
	/* case range */
	switch (x) {
	case 1 ... 3:
		ls_mutex_lock(&m);
#ifdef BAD_RANGE
		ls_mutex_lock(&m);
#endif
		ls_mutex_unlock(&m);
		break;
	default:
		break;
	}
	/* cleanup attribute */
	{
		ls_mutex_t *l __attribute__((cleanup(unlock_m))) = &m;
		ls_mutex_lock(l);
#ifdef BAD_CLEANUP
		ls_mutex_unlock(l);
#endif
	}
	/* cleanup on a goto back past the declaration */
	{
		int n = 0;
again:
		n++;
		ls_mutex_t *l2 __attribute__((cleanup(unlock_m))) = &m;
		ls_mutex_lock(l2);
		if (n < 2) {
#ifdef BAD_CLEANUP_BACK
			ls_mutex_unlock(l2);
#endif
			goto again;
		}
	}
	/* attributed statement */
	switch (x + ls_choose(2)) {
	case 2:
		ls_mutex_lock(&m);
#ifdef BAD_FALLTHROUGH
		__attribute__((fallthrough));
#else
		ls_mutex_unlock(&m);
		break;
#endif
	case 3:
		ls_mutex_lock(&m);
		ls_mutex_unlock(&m);
		break;
	}
}

LS_SCENARIO
{
	x = 2;
	ls_thread(t1, NULL);
}
