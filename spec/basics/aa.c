/*
 * aa.c - AA: a thread takes a mutex it already holds.
 *
 * A mutex is not recursive: the second lock(a) waits for the owner to
 * release it, and the owner is the waiter itself.  t2 only contends for a,
 * so the ok twin is checked under contention too.
 *
 *  Possible unsafe locking scenario (bad):
 *
 *        t1                    t2
 *        ----                  ----
 *   lock(a);
 *   lock(a);
 *                              lock(a);
 *
 *  *** DEADLOCK ***
 */
#include "lockspin.h"

LS_VARIANT(bad, "BAD", "deadlock", "t1 takes a again while holding it");
LS_VARIANT(ok, "", "ok", "t1 checks that it holds a instead of taking it again");

static ls_mutex_t a;

static void t1(void *arg)
{
	(void)arg;
	ls_mutex_lock(&a);
#ifdef BAD
	ls_mutex_lock(&a);	/* already held: waits for itself */
#else
	ls_assert_held(&a);	/* already held: nothing to take */
#endif
	ls_mutex_unlock(&a);
}

static void t2(void *arg)
{
	(void)arg;
	ls_mutex_lock(&a);
	ls_mutex_unlock(&a);
}

LS_SCENARIO
{
	ls_thread(t1, NULL);
	ls_thread(t2, NULL);
}
