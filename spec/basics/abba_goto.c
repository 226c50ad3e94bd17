/*
 * abba_goto.c - Xen-style error paths: the wrong order hides on a slow path.
 *
 * pod_adjust() takes pod_lock, then heap_lock unless it bails out through
 * `goto out_unlock`.  heap_free() holds heap_lock and only sometimes needs
 * pod_lock (the slow path).  The bad variant takes pod_lock there with
 * heap_lock held; the ok variant drops heap_lock and retakes both in order.
 * The fast paths are fine either way: only the slow path closes the cycle.
 *
 *  Possible unsafe locking scenario (bad):
 *
 *        pod_adjust            heap_free
 *        ----                  ----
 *   lock(pod_lock);
 *                              lock(heap_lock);
 *   lock(heap_lock);
 *                              lock(pod_lock);      [slow path]
 *
 *  *** DEADLOCK ***
 */
#include "lockspin.h"

LS_VARIANT(bad, "BAD", "deadlock", "heap_free's slow path takes pod_lock while holding heap_lock");
LS_VARIANT(ok, "", "ok", "the slow path drops heap_lock and takes pod_lock, then heap_lock");

static ls_spinlock_t pod_lock, heap_lock;

static void pod_adjust(void *arg)
{
	(void)arg;
	ls_spin_lock(&pod_lock);
	if (ls_choose(2))
		goto out_unlock;	/* nothing to adjust */
	ls_spin_lock(&heap_lock);	/* pod -> heap */
	ls_spin_unlock(&heap_lock);
out_unlock:
	ls_spin_unlock(&pod_lock);
}

static void heap_free(void *arg)
{
	(void)arg;
	ls_spin_lock(&heap_lock);
	if (ls_choose(2))
		goto out_unlock;	/* fast path: heap only */
#ifdef BAD
	ls_spin_lock(&pod_lock);	/* heap -> pod */
#else
	ls_spin_unlock(&heap_lock);
	ls_spin_lock(&pod_lock);
	ls_spin_lock(&heap_lock);
#endif
	ls_spin_unlock(&pod_lock);
out_unlock:
	ls_spin_unlock(&heap_lock);
}

LS_SCENARIO
{
	ls_thread(pod_adjust, NULL);
	ls_thread(heap_free, NULL);
}
