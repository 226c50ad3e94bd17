/*
 * state_assert.c - an invariant over modelled state, broken by a missing lock.
 *
 * use_device() checks that nobody else is inside (!busy), then marks the
 * device busy for the length of its work.  The check is only sound if every
 * caller holds dev_lock; the bad t2 calls it without the lock.
 *
 *  Possible unsafe scenario (bad):
 *
 *        t1                    t2
 *        ----                  ----
 *   lock(dev_lock);
 *   assert(!busy);
 *   busy = true;
 *                              assert(!busy);     fails
 *
 *  *** ASSERTION FAILED ***
 */
#include "lockspin.h"

LS_VARIANT(bad, "BAD", "assertion", "t2 calls use_device() without dev_lock");
LS_VARIANT(ok, "", "ok", "both threads call use_device() under dev_lock");

static ls_mutex_t dev_lock;
static bool busy LS_STATE;

static void use_device(void)
{
	ls_assert(!busy);	/* bad: t1 is inside */
	busy = true;
	busy = false;
}

static void t1(void *arg)
{
	(void)arg;
	ls_mutex_lock(&dev_lock);
	use_device();
	ls_mutex_unlock(&dev_lock);
}

static void t2(void *arg)
{
	(void)arg;
#ifdef BAD
	use_device();		/* no dev_lock */
#else
	ls_mutex_lock(&dev_lock);
	use_device();
	ls_mutex_unlock(&dev_lock);
#endif
}

LS_SCENARIO
{
	busy = false;
	ls_thread(t1, NULL);
	ls_thread(t2, NULL);
}
