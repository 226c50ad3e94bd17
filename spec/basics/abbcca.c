/*
 * abbcca.c - ABBCCA: a three-thread cycle A -> B -> C -> A.
 *
 * No two threads disagree about any pair of locks, so no pair alone is
 * ABBA; the cycle only closes with all three.
 *
 *  Possible unsafe locking scenario (bad):
 *
 *        t1              t2              t3
 *        ----            ----            ----
 *   lock(a);
 *                   lock(b);
 *                                   lock(c);
 *   lock(b);
 *                   lock(c);
 *                                   lock(a);
 *
 *  *** DEADLOCK ***
 *
 * The ok twin: t3 takes a before c, so every thread follows a < b < c.
 */
#include "lockspin.h"

LS_VARIANT(bad, "BAD", "deadlock", "t1 takes a->b, t2 b->c, t3 c->a: a cycle of three");
LS_VARIANT(ok, "", "ok", "t3 takes a->c, so all follow the order a < b < c");

static ls_mutex_t a, b, c;

static void t1(void *arg)
{
	(void)arg;
	ls_mutex_lock(&a);
	ls_mutex_lock(&b);
	ls_mutex_unlock(&b);
	ls_mutex_unlock(&a);
}

static void t2(void *arg)
{
	(void)arg;
	ls_mutex_lock(&b);
	ls_mutex_lock(&c);
	ls_mutex_unlock(&c);
	ls_mutex_unlock(&b);
}

static void t3(void *arg)
{
	(void)arg;
#ifdef BAD
	ls_mutex_lock(&c);
	ls_mutex_lock(&a);	/* c -> a closes the cycle */
#else
	ls_mutex_lock(&a);
	ls_mutex_lock(&c);
#endif
	ls_mutex_unlock(&a);
	ls_mutex_unlock(&c);
}

LS_SCENARIO
{
	ls_thread(t1, NULL);
	ls_thread(t2, NULL);
	ls_thread(t3, NULL);
}
