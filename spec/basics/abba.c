/*
 * abba.c - ABBA: two threads take the same two mutexes in opposite orders.
 *
 *  Possible unsafe locking scenario (bad):
 *
 *        t1                    t2
 *        ----                  ----
 *   lock(a);
 *                              lock(b);
 *   lock(b);
 *                              lock(a);
 *
 *  *** DEADLOCK ***
 *
 * The ok twin: both take a then b, so whoever gets a first also gets b.
 */
#include "lockspin.h"

LS_VARIANT(bad, "BAD", "deadlock", "t1 takes a then b, t2 takes b then a");
LS_VARIANT(ok, "", "ok", "both take a then b");

static ls_mutex_t a, b;

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
#ifdef BAD
	ls_mutex_lock(&b);
	ls_mutex_lock(&a);	/* b -> a: the reverse of t1 */
#else
	ls_mutex_lock(&a);
	ls_mutex_lock(&b);
#endif
	ls_mutex_unlock(&a);
	ls_mutex_unlock(&b);
}

LS_SCENARIO
{
	ls_thread(t1, NULL);
	ls_thread(t2, NULL);
}
