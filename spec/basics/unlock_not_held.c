/*
 * unlock_not_held.c - a thread releases a lock it never took.
 *
 * count_inc_unlock() expects its caller to hold a and drops it on the way
 * out.  In the bad variant t2 calls it without taking a: whether or not
 * t1 holds a at that moment, t2 releases a lock it does not own.
 *
 *  Possible unsafe locking scenario (bad):
 *
 *        t1                    t2
 *        ----                  ----
 *   lock(a);
 *                              unlock(a);
 *
 *  *** UNLOCK OF A LOCK NOT HELD ***
 */
#include "lockspin.h"

LS_VARIANT(bad, "BAD", "unlock-not-held", "t2 calls count_inc_unlock() without taking a");
LS_VARIANT(ok, "", "ok", "both callers take a before count_inc_unlock()");

static ls_mutex_t a;
static int count LS_STATE LS_RANGE(0, 2);

/* Caller holds a; returns with a released. */
static void count_inc_unlock(void)
{
	/* the read and the write as two steps, so that an update lost to a
	 * thread that does not hold a shows as a failed assertion */
	int old = count;
	count = old + 1;
	ls_assert(count == old + 1);
	ls_mutex_unlock(&a);
}

static void t1(void *arg)
{
	(void)arg;
	ls_mutex_lock(&a);
	count_inc_unlock();
}

static void t2(void *arg)
{
	(void)arg;
#ifndef BAD
	ls_mutex_lock(&a);
#endif
	count_inc_unlock();	/* bad: a was never taken here */
}

LS_SCENARIO
{
	count = 0;
	ls_thread(t1, NULL);
	ls_thread(t2, NULL);
}
