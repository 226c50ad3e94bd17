/*
 * mm.c - PoD-style reclaim in Xen's x86 shapes over the fake tree (written
 * for lockspin's tests, not Xen's code).  Frame numbers are unsigned long
 * with INVALID_MFN the all-ones value, as in a non-debug Xen build; the
 * cache hands out a frame or INVALID_MFN through a conditional with calls;
 * the flush after a reclaim takes the p2m lock, under the PoD lock unless
 * it is deferred (the shape of Xen's 6d187caae5).
 */
#include <xen/lib.h>
#include <xen/spinlock.h>
#include <xen/rwlock.h>
#include <xen/percpu.h>
#include <xen/nospec.h>
#include <asm/atomic.h>
#include "mm-locks.h"

typedef unsigned long mfn_t;
#define INVALID_MFN (~0UL)
#define NR_FRAMES 4

struct pod_dom {
    mm_lock_t p2m_lock;
    mm_lock_t pod_lock;
    bool is_privileged;
    bool defer_flush;
    atomic_t active;
    unsigned long mapped;        /* the frame the gfn maps, or INVALID_MFN */
    unsigned long last_mapped;   /* the last frame mapped: a frame */
    unsigned int cached;         /* frames in the PoD cache */
};

struct pod_dom doms[1];
DEFINE_PERCPU_RWLOCK_GLOBAL(p2m_percpu_rwlock);

static inline bool pod_dom_is_control(const struct pod_dom *d)
{
    return evaluate_nospec(d->is_privileged);
}

static inline mfn_t pod_cache_frame(struct pod_dom *d)
{
    ASSERT(pod_locked_by_me(d));
    d->cached--;
    return 1;
}

/* the flush of what the reclaimed frame was mapped as */
static void pod_flush(struct pod_dom *d)
{
    p2m_lock(d);
    block_speculation();
    p2m_unlock(d);
}

/* reclaim the mapped frame into the cache, then map one from the cache */
void pod_populate(struct pod_dom *d)
{
    mfn_t mfn;

    pod_lock(d);
    if ( d->mapped != INVALID_MFN )
    {
        d->mapped = INVALID_MFN;
        d->cached++;
        if ( !d->defer_flush )
            pod_flush(d);
    }
    mfn = d->cached ? pod_cache_frame(d) : INVALID_MFN;
    if ( mfn >= NR_FRAMES )      /* INVALID_MFN is no frame */
        goto out;
    d->mapped = mfn;
    d->last_mapped = mfn;
 out:
    pod_unlock(d);
    if ( d->defer_flush && _atomic_read(d->active) )
        pod_flush(d);
}
