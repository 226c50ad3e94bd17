/*
 * mm.sidecar.c - the side-car of arch/x86/mm/mm.c over the fake Xen tree
 * (extract/test/t/165-upstream.sh): the level check of mm-locks.h is
 * Xen-style C, so the rank violation is its BUG(); the recursion fields of
 * spinlock_t it reads are the model's lock state.
 */
#include "lockspin-sidecar.h"

LS_VARIANT(bad, "", "assertion", "pod_populate() flushes under the PoD lock: p2m lock 16 < 48, BUG()");
LS_VARIANT(deferred, "DEFER", "ok", "the flush after pod_unlock(): level 0 again");
LS_VARIANT(empty, "EMPTY", "ok", "nothing to reclaim, the cache empty: INVALID_MFN (all ones) is no frame (>= NR_FRAMES)");

/* mm.c of the real tree defines the level */
DEFINE_PER_CPU(int, mm_lock_level);
LS_PER_CPU(mm_lock_level, LS_STATE LS_RANGE(0, 128));
LS_FIELD(struct mm_lock, unlock_level, LS_STATE LS_RANGE(0, 128));
LS_FIELD(struct pod_dom, mapped, LS_STATE LS_RANGE(-1, 3));
LS_FIELD(struct pod_dom, last_mapped, LS_STATE LS_RANGE(0, 3));
LS_FIELD(struct pod_dom, cached, LS_STATE LS_RANGE(0, 1));
LS_FIELD(struct pod_dom, defer_flush, LS_STATE);
LS_FIELD(struct pod_dom, is_privileged, LS_STATE);

/* the owner and depth of a recursive lock are the model's */
static int sc_mm_locked_by_me(mm_lock_t *l)
{
	return ls__held_by_me(&l->lock, LS__HERE);
}
LS_REPLACE(mm_locked_by_me, sc_mm_locked_by_me);
static void sc_mm_lock(const struct pod_dom *d, mm_lock_t *l, int level)
{
	_check_lock_level(d, level);
	spin_lock_recursive(&l->lock);
	l->unlock_level = _get_lock_level();
	this_cpu(mm_lock_level) = _lock_level(d, level);
}
LS_REPLACE(_mm_lock, sc_mm_lock);
static void sc_mm_unlock(mm_lock_t *l)
{
	this_cpu(mm_lock_level) = l->unlock_level;
	spin_unlock_recursive(&l->lock);
}
LS_REPLACE(mm_unlock, sc_mm_unlock);

static void t_fault(void *arg)
{
	(void)arg;
	pod_populate(&doms[0]);
}

LS_SCENARIO
{
#if defined(EMPTY)
	doms[0].mapped = INVALID_MFN;
#else
	doms[0].mapped = 2;
#endif
#if defined(DEFER)
	doms[0].defer_flush = true;
	doms[0].active.counter = 1;     /* a vCPU uses the mapping: flush */
#endif
	ls_thread(t_fault, NULL);
}
