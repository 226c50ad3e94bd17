/*
 * double_unlock.c - an error path unlocks, then falls into the common unlock.
 *
 * obj_flush() on a clean object takes the early exit: the bad variant
 * unlocks there and again at `out`.  Each thread flushes its own object,
 * so the second unlock can only be a double unlock (no other thread can be
 * holding that lock), and the report must name the instance: o2.lock.
 *
 *  Possible unsafe locking scenario (bad):
 *
 *        flush(&o1)            flush(&o2)
 *        ----                  ----
 *   lock(o1.lock);
 *                              lock(o2.lock);
 *                              unlock(o2.lock);
 *   unlock(o1.lock);
 *                              unlock(o2.lock);
 *
 *  *** DOUBLE UNLOCK ***
 */
#include "lockspin.h"

LS_VARIANT(bad, "BAD", "double-unlock", "the clean-object exit unlocks, then unlocks again at out");
LS_VARIANT(ok, "", "ok", "every path unlocks once, at out");

struct obj {
	ls_mutex_t lock;
	bool dirty LS_STATE;
};

static struct obj o1, o2;

static void obj_flush(struct obj *o)
{
	ls_mutex_lock(&o->lock);
	if (!o->dirty) {
#ifdef BAD
		ls_mutex_unlock(&o->lock);	/* early unlock ... */
#endif
		goto out;
	}
	o->dirty = false;
out:
	ls_mutex_unlock(&o->lock);	/* ... and the common one */
}

LS_SCENARIO
{
	o1.dirty = true;
	o2.dirty = false;
	ls_thread(obj_flush, &o1);
	ls_thread(obj_flush, &o2);
}
