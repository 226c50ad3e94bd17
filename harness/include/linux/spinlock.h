/*
 * linux/spinlock.h - spinlock_t and raw_spinlock_t on lockspin's spinlock
 * (see linux/compiler.h).  Every operation is a macro, so traces cite the
 * caller's line.
 *
 *   spin_lock/_unlock/_trylock          the lock
 *   spin_lock_irq/_unlock_irq           and interrupts off / on on this CPU
 *   spin_lock_irqsave/_irqrestore       and interrupts saved in flags, off, restored
 *   spin_lock_bh/_unlock_bh             and bottom halves off / on on this CPU
 *   raw_spin_*                          the same on raw_spinlock_t
 *   assert_spin_locked, lockdep_assert_held  this thread holds it
 * Interrupt state is modelled (linux/irqflags.h): a handler declared with
 * ls_irq_thread() can run only while its CPU has interrupts enabled, one
 * declared with ls_softirq_thread() only while it has bottom halves enabled too.
 */
#ifndef LS__LINUX_SPINLOCK_H
#define LS__LINUX_SPINLOCK_H

/* over a Linux tree (LS_UPSTREAM): lockspin's types first (the tree's
 * renamed away), then the tree's header for everything else it declares,
 * read with its lock names renamed (linux/ls__rename.h: its inline
 * spin_lock() and the like are over its own spinlock_t); the macros below
 * replace its own */
#if defined(LS_UPSTREAM) && __has_include_next(<linux/spinlock.h>)
#include "linux/spinlock_types.h"
#include "linux/cleanup.h"
#include "linux/ls__push.h"
#include "linux/ls__rename.h"
#pragma push_macro("_atomic_dec_and_lock")
#define _atomic_dec_and_lock ls__upstream_atomic_dec_and_lock
#pragma push_macro("_atomic_dec_and_lock_irqsave")
#define _atomic_dec_and_lock_irqsave ls__upstream_atomic_dec_and_lock_irqsave
#pragma push_macro("_atomic_dec_and_raw_lock")
#define _atomic_dec_and_raw_lock ls__upstream_atomic_dec_and_raw_lock
#pragma push_macro("_atomic_dec_and_raw_lock_irqsave")
#define _atomic_dec_and_raw_lock_irqsave ls__upstream_atomic_dec_and_raw_lock_irqsave
#include_next <linux/spinlock.h>
#pragma pop_macro("_atomic_dec_and_lock")
#pragma pop_macro("_atomic_dec_and_lock_irqsave")
#pragma pop_macro("_atomic_dec_and_raw_lock")
#pragma pop_macro("_atomic_dec_and_raw_lock_irqsave")
#include "linux/ls__pop.h"
#undef spin_lock_init
#undef raw_spin_lock_init
#undef spin_lock
#undef spin_unlock
#undef spin_trylock
#undef spin_lock_nested
#undef spin_lock_irq
#undef spin_unlock_irq
#undef spin_lock_irqsave
#undef spin_unlock_irqrestore
#undef spin_trylock_irqsave
#undef spin_lock_bh
#undef spin_unlock_bh
#undef spin_trylock_bh
#undef assert_spin_locked
#undef spin_is_locked
#undef raw_spin_is_locked
#undef raw_spin_lock
#undef raw_spin_unlock
#undef raw_spin_trylock
#undef raw_spin_lock_irq
#undef raw_spin_unlock_irq
#undef raw_spin_lock_irqsave
#undef raw_spin_unlock_irqrestore
#undef raw_spin_trylock_irqsave
#undef raw_spin_lock_nested
#undef raw_spin_lock_bh
#undef raw_spin_unlock_bh
#undef spin_lock_irqsave_nested
#undef raw_spin_lock_irqsave_nested
#undef spin_trylock_irq
#undef raw_spin_trylock_irq
#undef atomic_dec_and_lock
#undef atomic_dec_and_lock_irqsave
#undef atomic_dec_and_raw_lock
#undef atomic_dec_and_raw_lock_irqsave
#undef class_spinlock_constructor
#undef class_spinlock_irq_constructor
#undef class_spinlock_irqsave_constructor
#undef class_spinlock_bh_constructor
#undef class_raw_spinlock_constructor
#undef class_raw_spinlock_irq_constructor
#undef class_raw_spinlock_irqsave_constructor
#endif

#include "linux/compiler.h"
#include "linux/types.h"
#include "linux/linkage.h"
#include "linux/irqflags.h"
#include "linux/lockdep.h"
#include "linux/cleanup.h"
#include "asm/barrier.h"
#include "linux/spinlock_types.h"
#include "asm/ls_atomic.h"

/* all zero is unlocked (the runtime's registry names the lock) */
#define spin_lock_init(l) ((void)(l))
#define raw_spin_lock_init(l) ((void)(l))

#define spin_lock(l) ls__acquire((l), LS_K_SPIN, LS__HERE)
#define spin_unlock(l) ls__release((l), LS_K_SPIN, LS__HERE)
#define spin_trylock(l) ls__tryacquire((l), LS_K_SPIN, LS__HERE)
#define spin_lock_nested(l, sub) ls__acquire_nested((l), LS_K_SPIN, (sub), LS__HERE)
#define spin_lock_irq(l) do { ls_irq_disable(); spin_lock(l); } while (0)
#define spin_unlock_irq(l) do { spin_unlock(l); ls_irq_enable(); } while (0)
#define spin_lock_irqsave(l, flags) do { (flags) = ls_irq_save(); spin_lock(l); } while (0)
#define spin_unlock_irqrestore(l, flags) do { spin_unlock(l); ls_irq_restore(flags); } while (0)
#define spin_trylock_irqsave(l, flags) \
	({ (flags) = ls_irq_save(); bool __ls_ok = spin_trylock(l); if (!__ls_ok) ls_irq_restore(flags); __ls_ok; })
#define spin_lock_bh(l) do { local_bh_disable(); spin_lock(l); } while (0)
#define spin_unlock_bh(l) do { spin_unlock(l); local_bh_enable(); } while (0)
#define spin_trylock_bh(l) \
	({ local_bh_disable(); bool __ls_ok = spin_trylock(l); if (!__ls_ok) local_bh_enable(); __ls_ok; })
#define assert_spin_locked(l) ls_assert_held(l)
#define spin_is_locked(l) ls__is_locked((l), LS__HERE)
#define raw_spin_is_locked(l) spin_is_locked(l)

#define raw_spin_lock(l) spin_lock(l)
#define raw_spin_unlock(l) spin_unlock(l)
#define raw_spin_trylock(l) spin_trylock(l)
#define raw_spin_lock_irq(l) spin_lock_irq(l)
#define raw_spin_unlock_irq(l) spin_unlock_irq(l)
#define raw_spin_lock_irqsave(l, flags) spin_lock_irqsave(l, flags)
#define raw_spin_unlock_irqrestore(l, flags) spin_unlock_irqrestore(l, flags)
#define raw_spin_trylock_irqsave(l, flags) spin_trylock_irqsave(l, flags)
#define raw_spin_lock_nested(l, sub) spin_lock_nested(l, sub)
#define raw_spin_lock_bh(l) spin_lock_bh(l)
#define raw_spin_unlock_bh(l) spin_unlock_bh(l)
#define spin_lock_irqsave_nested(l, flags, sub) do { (flags) = ls_irq_save(); spin_lock_nested(l, sub); } while (0)
#define raw_spin_lock_irqsave_nested(l, flags, sub) spin_lock_irqsave_nested(l, flags, sub)
#define spin_trylock_irq(l) ({ ls_irq_disable(); bool __ls_ok = spin_trylock(l); if (!__ls_ok) ls_irq_enable(); __ls_ok; })
#define raw_spin_trylock_irq(l) spin_trylock_irq(l)

/* decrement, and return 1 with the lock held if the count reached zero
 * (lib/dec_and_lock.c defines them; a side-car gives that file, or says
 * what they do) */
extern int _atomic_dec_and_lock(atomic_t *atomic, spinlock_t *lock);
extern int _atomic_dec_and_lock_irqsave(atomic_t *atomic, spinlock_t *lock, unsigned long *flags);
extern int _atomic_dec_and_raw_lock(atomic_t *atomic, raw_spinlock_t *lock);
extern int _atomic_dec_and_raw_lock_irqsave(atomic_t *atomic, raw_spinlock_t *lock, unsigned long *flags);
#define atomic_dec_and_lock(atomic, lock) _atomic_dec_and_lock(atomic, lock)
#define atomic_dec_and_lock_irqsave(atomic, lock, flags) _atomic_dec_and_lock_irqsave(atomic, lock, &(flags))
#define atomic_dec_and_raw_lock(atomic, lock) _atomic_dec_and_raw_lock(atomic, lock)
#define atomic_dec_and_raw_lock_irqsave(atomic, lock, flags) _atomic_dec_and_raw_lock_irqsave(atomic, lock, &(flags))

/* guard(spinlock)(&l), guard(spinlock_irqsave)(&l), scoped_guard(...) */
LS__LOCK_GUARD(spinlock)
#define class_spinlock_constructor(l) ls__guard((l), LS_K_SPIN, LS__HERE)
LS__LOCK_GUARD(spinlock_irq)
#define class_spinlock_irq_constructor(l) ls__guard_irq((l), LS_K_SPIN, LS__HERE)
LS__LOCK_GUARD(spinlock_irqsave)
#define class_spinlock_irqsave_constructor(l) ls__guard_irqsave((l), LS_K_SPIN, LS__HERE)
LS__LOCK_GUARD(spinlock_bh)
#define class_spinlock_bh_constructor(l) ls__guard_bh((l), LS_K_SPIN, LS__HERE)
LS__LOCK_GUARD(raw_spinlock)
#define class_raw_spinlock_constructor(l) ls__guard((l), LS_K_SPIN, LS__HERE)
LS__LOCK_GUARD(raw_spinlock_irq)
#define class_raw_spinlock_irq_constructor(l) ls__guard_irq((l), LS_K_SPIN, LS__HERE)
LS__LOCK_GUARD(raw_spinlock_irqsave)
#define class_raw_spinlock_irqsave_constructor(l) ls__guard_irqsave((l), LS_K_SPIN, LS__HERE)

#include "linux/rwlock.h"

#endif /* LS__LINUX_SPINLOCK_H */
