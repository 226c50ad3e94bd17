/*
 * linux/rwlock.h - rwlock_t on lockspin's rwlock: readers share and a reader
 * may take it while a writer waits (lockdep's recursive read, as queued
 * rwlocks behave in interrupt context).  Included by linux/spinlock.h.
 */
#ifndef __LINUX_RWLOCK_H
#define __LINUX_RWLOCK_H

#include "linux/spinlock.h"

typedef struct LS_LOCK_TYPE("rwlock") ls__linux_rwlock { LS_LOCK_BODY; } rwlock_t;

#define __RW_LOCK_UNLOCKED(name) { { 0 } }
#define DEFINE_RWLOCK(name) rwlock_t name = __RW_LOCK_UNLOCKED(name)
#define rwlock_init(l) ((void)(l))
#define read_lock(l) ls__acquire_shared((l), LS_K_RWLOCK, LS__HERE)
#define read_unlock(l) ls__release_shared((l), LS_K_RWLOCK, LS__HERE)
#define read_trylock(l) ls__tryacquire_shared((l), LS_K_RWLOCK, LS__HERE)
#define write_lock(l) ls__acquire((l), LS_K_RWLOCK, LS__HERE)
#define write_unlock(l) ls__release((l), LS_K_RWLOCK, LS__HERE)
#define write_trylock(l) ls__tryacquire((l), LS_K_RWLOCK, LS__HERE)
#define read_lock_irq(l) do { ls_irq_disable(); read_lock(l); } while (0)
#define read_unlock_irq(l) do { read_unlock(l); ls_irq_enable(); } while (0)
#define write_lock_irq(l) do { ls_irq_disable(); write_lock(l); } while (0)
#define write_unlock_irq(l) do { write_unlock(l); ls_irq_enable(); } while (0)
#define read_lock_irqsave(l, flags) do { (flags) = ls_irq_save(); read_lock(l); } while (0)
#define read_unlock_irqrestore(l, flags) do { read_unlock(l); ls_irq_restore(flags); } while (0)
#define write_lock_irqsave(l, flags) do { (flags) = ls_irq_save(); write_lock(l); } while (0)
#define write_unlock_irqrestore(l, flags) do { write_unlock(l); ls_irq_restore(flags); } while (0)
#define read_lock_bh(l) do { local_bh_disable(); read_lock(l); } while (0)
#define read_unlock_bh(l) do { read_unlock(l); local_bh_enable(); } while (0)
#define write_lock_bh(l) do { local_bh_disable(); write_lock(l); } while (0)
#define write_unlock_bh(l) do { write_unlock(l); local_bh_enable(); } while (0)

LS__LOCK_GUARD(read_lock)
#define class_read_lock_constructor(l) ls__guard_shared((l), LS_K_RWLOCK, LS__HERE)
LS__LOCK_GUARD(read_lock_irq)
#define class_read_lock_irq_constructor(l) ls__guard_shared_irq((l), LS_K_RWLOCK, LS__HERE)
LS__LOCK_GUARD(read_lock_irqsave)
#define class_read_lock_irqsave_constructor(l) ls__guard_shared_irqsave((l), LS_K_RWLOCK, LS__HERE)
LS__LOCK_GUARD(read_lock_bh)
#define class_read_lock_bh_constructor(l) ls__guard_shared_bh((l), LS_K_RWLOCK, LS__HERE)
LS__LOCK_GUARD(write_lock)
#define class_write_lock_constructor(l) ls__guard((l), LS_K_RWLOCK, LS__HERE)
LS__LOCK_GUARD(write_lock_irq)
#define class_write_lock_irq_constructor(l) ls__guard_irq((l), LS_K_RWLOCK, LS__HERE)
LS__LOCK_GUARD(write_lock_bh)
#define class_write_lock_bh_constructor(l) ls__guard_bh((l), LS_K_RWLOCK, LS__HERE)
LS__LOCK_GUARD(write_lock_irqsave)
#define class_write_lock_irqsave_constructor(l) ls__guard_irqsave((l), LS_K_RWLOCK, LS__HERE)

#endif /* __LINUX_RWLOCK_H */
