/*
 * held_at_exit.c - an early return inside a locked region forgets the unlock.
 *
 * dev_open() on a device that is already open returns early; the bad
 * variant returns with d->lock still held, and the thread ends holding it.
 * Each thread opens its own device (d1 is already open), so nobody waits
 * for the leaked lock: the verdict is the leak itself, not a waiter's hang.
 *
 *  Possible unsafe locking scenario (bad):
 *
 *        dev_open(&d0)         dev_open(&d1)
 *        ----                  ----
 *   lock(d0.lock);
 *                              lock(d1.lock);
 *                              return;
 *   unlock(d0.lock);
 *
 *  *** d1.lock HELD AT THREAD EXIT ***
 */
#include "lockspin.h"

LS_VARIANT(bad, "BAD", "held-at-exit", "the already-open exit returns without unlocking d->lock");
LS_VARIANT(ok, "", "ok", "the already-open exit unlocks before returning");

struct dev {
	ls_mutex_t lock;
	bool open LS_STATE;
};

static struct dev d0, d1;

static void dev_open(struct dev *d)
{
	ls_mutex_lock(&d->lock);
	if (d->open) {
#ifndef BAD
		ls_mutex_unlock(&d->lock);
#endif
		return;		/* bad: still holding d->lock */
	}
	d->open = true;
	ls_mutex_unlock(&d->lock);
}

LS_SCENARIO
{
	d0.open = false;
	d1.open = true;
	ls_thread(dev_open, &d0);
	ls_thread(dev_open, &d1);
}
