/*
 * trylock.c - ABBA where the b -> a side may only trylock a.
 *
 * t2 holds b and needs a, the reverse of t1's order.  The ok variant only
 * trylocks a: on failure it drops b and retries, at most twice, then gives
 * up.  A thread that never blocks while holding b cannot close the cycle.
 * The bad variant blocks on a while holding b.
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
 */
#include "lockspin.h"

LS_VARIANT(bad, "BAD", "deadlock", "t2 holds b and blocks on a, against t1's a -> b");
LS_VARIANT(ok, "", "ok", "t2 holds b and only trylocks a, dropping b to retry");

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
	int i;

	(void)arg;
	for (i = 0; i < 2; i++) {
		ls_mutex_lock(&b);
#ifdef BAD
		ls_mutex_lock(&a);	/* blocks while holding b */
#else
		if (!ls_mutex_trylock(&a)) {
			ls_mutex_unlock(&b);	/* back off: let t1 have b */
			continue;
		}
#endif
		ls_mutex_unlock(&a);
		ls_mutex_unlock(&b);
		break;
	}
}

LS_SCENARIO
{
	ls_thread(t1, NULL);
	ls_thread(t2, NULL);
}
