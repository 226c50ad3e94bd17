/*
 * mm-locks.h - the private header of mm.c in the shapes of Xen's x86
 * xen/arch/x86/mm/mm-locks.h (written for lockspin's tests, not Xen's
 * code): per-CPU lock levels, the level check that BUG()s, mm_lock_t on a
 * spinlock whose recursion fields it reads, the control-domain bias through
 * evaluate_nospec(), static inline functions all the way down.
 */
#ifndef _MM_LOCKS_H
#define _MM_LOCKS_H

DECLARE_PER_CPU(int, mm_lock_level);
DECLARE_PERCPU_RWLOCK_GLOBAL(p2m_percpu_rwlock);

typedef struct mm_lock {
    spinlock_t lock;
    int unlock_level;
} mm_lock_t;

struct pod_dom;
static inline bool pod_dom_is_control(const struct pod_dom *d);

static inline int mm_locked_by_me(mm_lock_t *l)
{
    return l->lock.recurse_cpu == smp_processor_id();
}

static inline int _get_lock_level(void)
{
    return this_cpu(mm_lock_level);
}

#define MM_LOCK_ORDER_MAX 64
static inline int _lock_level(const struct pod_dom *d, int l)
{
    return l + (d && pod_dom_is_control(d) ? MM_LOCK_ORDER_MAX : 0);
}

static inline void _check_lock_level(const struct pod_dom *d, int l)
{
    int lvl = _lock_level(d, l);

    if ( unlikely(_get_lock_level() > lvl) )
    {
        printk("mm locking order violation: %i > %i\n", _get_lock_level(), lvl);
        BUG();
    }
}

static inline void _mm_lock(const struct pod_dom *d, mm_lock_t *l, int level)
{
    _check_lock_level(d, level);
    spin_lock_recursive(&l->lock);
    if ( l->lock.recurse_cnt == 1 )
        l->unlock_level = _get_lock_level();
    this_cpu(mm_lock_level) = _lock_level(d, level);
}

static inline void mm_unlock(mm_lock_t *l)
{
    if ( l->lock.recurse_cnt == 1 )
        this_cpu(mm_lock_level) = l->unlock_level;
    spin_unlock_recursive(&l->lock);
}

#define MM_LOCK_ORDER_p2m 16
#define p2m_lock(d)   _mm_lock(d, &(d)->p2m_lock, MM_LOCK_ORDER_p2m)
#define p2m_unlock(d) mm_unlock(&(d)->p2m_lock)
#define MM_LOCK_ORDER_pod 48
#define pod_lock(d)   _mm_lock(d, &(d)->pod_lock, MM_LOCK_ORDER_pod)
#define pod_unlock(d) mm_unlock(&(d)->pod_lock)
#define pod_locked_by_me(d) mm_locked_by_me(&(d)->pod_lock)

#endif /* _MM_LOCKS_H */
