/*
 * xen/mm-locks.h - Xen's mm-locks ordering scheme (x86 mm), written for
 * lockspin from its public semantics:
 *   - every mm lock has a level, MM_LOCK_ORDER_<name>; a CPU may take a lock
 *     only at a level at or above the highest it holds ("mm locking order
 *     violation: %d > %d"), a read lock is checked but does not raise the
 *     level, an unlock restores the level saved when it was taken;
 *   - mm_lock(name, d, l) is a recursive spinlock that must not be re-taken
 *     (Xen panics: "mm lock already held"; lockspin: a thread waiting for a
 *     lock it holds, a deadlock), mm_lock_recursive may re-take it;
 *   - mm_write_lock / mm_read_lock on an mm_rwlock_t (a percpu rwlock whose
 *     write side its owner may re-take);
 *   - the control-domain bias: a control domain's locks rank
 *     MM_LOCK_ORDER_MAX higher.  lockspin gives the bias to the lock's
 *     declaration, LS_RANK_BIAS(is_control_field, MM_LOCK_ORDER_MAX), not to
 *     the d argument (which is not read; --explain notes each unbiased lock).
 * declare_mm_lock(name) and friends define nothing: the level is taken from
 * MM_LOCK_ORDER_<name> at each use.  The class gets its rank at its first
 * mm lock operation; one declaration taken at two levels is an error.
 */
#ifndef _MM_LOCKS_H
#define _MM_LOCKS_H

#include "xen/spinlock.h"
#include "xen/rwlock.h"

#define MM_LOCK_ORDER_MAX 64

typedef struct { rspinlock_t lock; } mm_lock_t;
typedef struct { percpu_rwlock_t lock; } mm_rwlock_t;

#define mm_lock_init(l) ((void)(l))
#define mm_rwlock_init(l) ((void)(l))
#define declare_mm_lock(name)
#define declare_mm_rwlock(name)
#define declare_mm_order_constraint(name)

#define mm_lock(name, d, l) ((void)(d), ls__mm_acquire(&(l)->lock, LS_K_SPIN, MM_LOCK_ORDER_##name, 0, LS__HERE))
#define mm_lock_recursive(name, d, l) \
	((void)(d), ls__mm_acquire(&(l)->lock, LS_K_SPIN, MM_LOCK_ORDER_##name, 1, LS__HERE))
#define mm_unlock(l) ls__release_rec(&(l)->lock, LS_K_SPIN, LS__HERE)
#define mm_write_lock(name, d, l) \
	((void)(d), ls__mm_acquire(&(l)->lock, LS_K_RWSEM, MM_LOCK_ORDER_##name, 1, LS__HERE))
#define mm_write_unlock(l) ls__release_rec(&(l)->lock, LS_K_RWSEM, LS__HERE)
#define mm_read_lock(name, d, l) \
	((void)(d), ls__mm_acquire_shared(&(l)->lock, LS_K_RWSEM, MM_LOCK_ORDER_##name, LS__HERE))
#define mm_read_unlock(l) ls__release_shared(&(l)->lock, LS_K_RWSEM, LS__HERE)
#define mm_locked_by_me(l) ls__held_by_me(&(l)->lock, LS__HERE)

#endif /* _MM_LOCKS_H */
