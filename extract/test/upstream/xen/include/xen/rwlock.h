#ifndef __RWLOCK_H__
#define __RWLOCK_H__
#include <xen/spinlock.h>
#include <asm/atomic.h>
typedef struct {
    atomic_t cnts;
    spinlock_t lock;
} rwlock_t;
#define RW_LOCK_UNLOCKED { .cnts = ATOMIC_INIT(0), .lock = SPIN_LOCK_UNLOCKED }
#define DEFINE_RWLOCK(l) rwlock_t l = RW_LOCK_UNLOCKED
/* the queued rwlock on its spinlock, with the spinlock macros of here */
static inline void _write_lock(rwlock_t *lock)
{
    spin_lock(&lock->lock);
    atomic_add(1, &lock->cnts);
}
static inline void _write_unlock(rwlock_t *lock)
{
    atomic_add(-1, &lock->cnts);
    spin_unlock(&lock->lock);
}
static inline int _rw_is_write_locked(rwlock_t *lock)
{
    return read_atomic(&lock->cnts.counter) != 0;
}
#define write_lock(l) _write_lock(l)
#define write_unlock(l) _write_unlock(l)
#define read_lock(l) _write_lock(l)
#define read_unlock(l) _write_unlock(l)
#define rw_is_write_locked(l) _rw_is_write_locked(l)
/* x86's per-CPU rwlock: the owner is a per-CPU pointer, this_cpu_ptr() of it */
typedef struct percpu_rwlock {
    rwlock_t rwlock;
    bool writer_activating;
} percpu_rwlock_t;
#define DEFINE_PERCPU_RWLOCK_GLOBAL(name) DEFINE_PER_CPU(percpu_rwlock_t *, name)
#define DECLARE_PERCPU_RWLOCK_GLOBAL(name) DECLARE_PER_CPU(percpu_rwlock_t *, name)
static inline void _percpu_read_lock(percpu_rwlock_t **per_cpudata, percpu_rwlock_t *percpu_rwlock)
{
    if ( this_cpu_ptr(per_cpudata) != NULL )
    {
        read_lock(&percpu_rwlock->rwlock);
        return;
    }
    this_cpu_ptr(per_cpudata) = percpu_rwlock;
}
#define percpu_read_lock(percpu, lock) _percpu_read_lock(&per_cpu__##percpu, lock)
#define percpu_write_lock(percpu, lock) write_lock(&(lock)->rwlock)
#define percpu_write_unlock(percpu, lock) write_unlock(&(lock)->rwlock)
#endif
