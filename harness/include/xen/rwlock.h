/*
 * xen/rwlock.h - Xen's rwlock_t and percpu_rwlock_t on lockspin's rwsem
 * (written for lockspin; see xen/lib.h).  Xen's queued rwlock is fair: a
 * writer waiting blocks new readers, which is the rwsem's rule; so does a
 * percpu_rwlock once its writer is activating.
 *   read_lock/_unlock/_trylock, write_lock/_unlock/_trylock, _irq, _irqsave
 *   DEFINE_PERCPU_RWLOCK_GLOBAL(owner); percpu_read_lock(owner, l),
 *   percpu_read_unlock, percpu_write_lock, percpu_write_unlock
 */
#ifndef LS__XEN_RWLOCK_H
#define LS__XEN_RWLOCK_H

/* over an upstream tree (LS_UPSTREAM): the real header first, for
 * everything else it declares; its lock names are renamed away while it
 * is read, and the macros below replace its own */
#if defined(LS_UPSTREAM) && __has_include_next(<xen/rwlock.h>)
#define rwlock_t ls__upstream_rwlock_t
#define percpu_rwlock_t ls__upstream_percpu_rwlock_t
#define percpu_rwlock ls__upstream_percpu_rwlock
#include_next <xen/rwlock.h>
#undef rwlock_t
#undef percpu_rwlock_t
#undef percpu_rwlock
#undef RW_LOCK_UNLOCKED
#undef DEFINE_RWLOCK
#undef rwlock_init
#undef rw_is_locked
#undef read_lock
#undef read_unlock
#undef read_trylock
#undef write_lock
#undef write_unlock
#undef write_trylock
#undef read_lock_irq
#undef read_unlock_irq
#undef write_lock_irq
#undef write_unlock_irq
#undef read_lock_irqsave
#undef read_unlock_irqrestore
#undef write_lock_irqsave
#undef write_unlock_irqrestore
#undef DEFINE_PERCPU_RWLOCK_GLOBAL
#undef DECLARE_PERCPU_RWLOCK_GLOBAL
#undef percpu_rwlock_resource_init
#undef percpu_read_lock
#undef percpu_read_unlock
#undef percpu_write_lock
#undef percpu_write_unlock
#endif

#include "xen/spinlock.h"

typedef struct LS_LOCK_TYPE("rwsem") ls__xen_rwlock { LS_LOCK_BODY; } rwlock_t;
typedef struct LS_LOCK_TYPE("rwsem") ls__xen_percpu_rwlock { LS_LOCK_BODY; } percpu_rwlock_t;

#define RW_LOCK_UNLOCKED { { 0 } }
#define DEFINE_RWLOCK(l) rwlock_t l = RW_LOCK_UNLOCKED
#define rwlock_init(l) ((void)(l))
#define rw_is_locked(l) ls__is_locked((l), LS__HERE)
#define read_lock(l) ls__acquire_shared((l), LS_K_RWSEM, LS__HERE)
#define read_unlock(l) ls__release_shared((l), LS_K_RWSEM, LS__HERE)
#define read_trylock(l) ls__tryacquire_shared((l), LS_K_RWSEM, LS__HERE)
#define write_lock(l) ls__acquire((l), LS_K_RWSEM, LS__HERE)
#define write_unlock(l) ls__release((l), LS_K_RWSEM, LS__HERE)
#define write_trylock(l) ls__tryacquire((l), LS_K_RWSEM, LS__HERE)
#define read_lock_irq(l) do { ls_irq_disable(); read_lock(l); } while (0)
#define read_unlock_irq(l) do { read_unlock(l); ls_irq_enable(); } while (0)
#define write_lock_irq(l) do { ls_irq_disable(); write_lock(l); } while (0)
#define write_unlock_irq(l) do { write_unlock(l); ls_irq_enable(); } while (0)
#define read_lock_irqsave(l, f) do { (f) = ls_irq_save(); read_lock(l); } while (0)
#define read_unlock_irqrestore(l, f) do { read_unlock(l); ls_irq_restore(f); } while (0)
#define write_lock_irqsave(l, f) do { (f) = ls_irq_save(); write_lock(l); } while (0)
#define write_unlock_irqrestore(l, f) do { write_unlock(l); ls_irq_restore(f); } while (0)

/* the per-CPU owner variable of Xen's percpu rwlocks orders nothing the
 * model needs: the lock alone is the rwsem */
#define DEFINE_PERCPU_RWLOCK_GLOBAL(name) const int ls__percpu_owner_##name __attribute__((unused)) = 0
/* a header declares it (x86 mm-locks.h), one .c file defines it */
#define DECLARE_PERCPU_RWLOCK_GLOBAL(name) extern const int ls__percpu_owner_##name
#define percpu_rwlock_resource_init(l, owner) ((void)(l))
#define percpu_read_lock(owner, l) read_lock(l)
#define percpu_read_unlock(owner, l) read_unlock(l)
#define percpu_write_lock(owner, l) write_lock(l)
#define percpu_write_unlock(owner, l) write_unlock(l)

#endif /* LS__XEN_RWLOCK_H */
