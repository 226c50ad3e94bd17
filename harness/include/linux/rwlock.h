/*
 * linux/rwlock.h - rwlock_t on lockspin's rwlock: readers share and a reader
 * may take it while a writer waits (lockdep's recursive read, as queued
 * rwlocks behave in interrupt context).  Included by linux/spinlock.h.
 */
#ifndef LS__LINUX_RWLOCK_H
#define LS__LINUX_RWLOCK_H

/* over a Linux tree (LS_UPSTREAM): its linux/spinlock.h includes its
 * rwlock.h (and no one else may), so the tree's is read here only then, its
 * lock names renamed (linux/ls__rename.h); the macros below replace its own */
#if defined(LS_UPSTREAM) && __has_include_next(<linux/rwlock.h>) && defined(__LINUX_INSIDE_SPINLOCK_H)
#include "linux/ls__push.h"
#include "linux/ls__rename.h"
#include_next <linux/rwlock.h>
#include "linux/ls__pop.h"
#undef rwlock_init
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
#undef read_lock_bh
#undef read_unlock_bh
#undef write_lock_bh
#undef write_unlock_bh
#undef class_read_lock_constructor
#undef class_read_lock_irq_constructor
#undef class_read_lock_irqsave_constructor
#undef class_read_lock_bh_constructor
#undef class_write_lock_constructor
#undef class_write_lock_irq_constructor
#undef class_write_lock_bh_constructor
#undef class_write_lock_irqsave_constructor
#endif

#include "linux/compiler.h"
#include "linux/irqflags.h"
#include "linux/cleanup.h"
#include "linux/rwlock_types.h"
#include "linux/spinlock.h"

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

#endif /* LS__LINUX_RWLOCK_H */
