/*
 * stmt_expr.c - GNU statement expressions ({ ...; value; }) are lowered.
 *
 * Linux wraps locking in statement expressions constantly (scoped_guard
 * helpers, *_irqsave macros, read-under-lock accessors).  locked_bump()
 * here takes a then b inside one, bumps a counter and yields its new value;
 * its statements run in order and the value is the last expression, in a
 * scope of its own (the inner `c` shadows the thread's own `c`).
 *
 * abba: t2 takes b then a: `deadlock`, reachable only through the locks
 * inside the statement expression.
 * value: t1 asserts the value is 0, but the expression yields the counter
 * after its increment: `assertion`.
 * ok: both take a then b; the value is at least 1 and the outer `c` is
 * untouched.
 * (When statement expressions were dropped with everything inside them,
 * abba was a false ok and the value was untracked.)
 */
#include "lockspin.h"

LS_VARIANT(abba, "BAD_ABBA", "deadlock", "t1 takes a then b inside ({ }), t2 takes b then a");
LS_VARIANT(value, "BAD_VALUE", "assertion", "the ({ }) yields the incremented counter, never 0");
LS_VARIANT(ok, "", "ok", "both take a then b; the value and the scoping are as C says");

static ls_mutex_t a, b;
static int count LS_STATE LS_RANGE(0, 2);

#define locked_bump()                        \
	({                                   \
		ls_mutex_lock(&a);           \
		ls_mutex_lock(&b);           \
		count = count + 1;           \
		int c = count;               \
		ls_mutex_unlock(&b);         \
		ls_mutex_unlock(&a);         \
		c;                           \
	})

static void t1(void *arg)
{
	int c = 0;	/* shadowed inside locked_bump() */
	int n;

	(void)arg;
	n = locked_bump();
#ifdef BAD_VALUE
	(void)c;
	ls_assert(n == 0);
#else
	ls_assert(n >= 1 && c == 0);
#endif
}

static void t2(void *arg)
{
	(void)arg;
#ifdef BAD_ABBA
	ls_mutex_lock(&b);
	ls_mutex_lock(&a);
#else
	ls_mutex_lock(&a);
	ls_mutex_lock(&b);
#endif
	count = count + 1;
	ls_mutex_unlock(&b);
	ls_mutex_unlock(&a);
}

LS_SCENARIO
{
	ls_thread(t1, NULL);
	ls_thread(t2, NULL);
}
