/*
 * xen/spinlock.h - Xen's spinlock_t and recursive locks on lockspin's
 * spinlock (written for lockspin; see xen/lib.h).
 *   spin_lock/_unlock/_trylock, spin_lock_irq/_unlock_irq,
 *   flags = spin_lock_irqsave(l) as the macro spin_lock_irqsave(l, flags),
 *   spin_unlock_irqrestore(l, flags)       interrupt state modelled (linux/irqflags.h)
 *   spin_lock_recursive/_unlock_recursive  on spinlock_t (Xen before 4.19)
 *   rspinlock_t: rspin_lock/rspin_unlock   re-taken by its owner, unlocks balance
 * spin_is_locked(l): some thread holds l (Xen's ASSERT(spin_is_locked(&l))).
 */
#ifndef LS__XEN_SPINLOCK_H
#define LS__XEN_SPINLOCK_H

/* over an upstream tree (LS_UPSTREAM): the real header first, for
 * everything else it declares; its lock names are renamed away while it
 * is read, and the macros below replace its own */
#if defined(LS_UPSTREAM) && __has_include_next(<xen/spinlock.h>)
#define spinlock_t ls__upstream_spinlock_t
#define spinlock ls__upstream_spinlock
#define rspinlock_t ls__upstream_rspinlock_t
#define rspinlock ls__upstream_rspinlock
#include_next <xen/spinlock.h>
#undef spinlock_t
#undef spinlock
#undef rspinlock_t
#undef rspinlock
#undef SPIN_LOCK_UNLOCKED
#undef DEFINE_SPINLOCK
#undef DEFINE_RSPINLOCK
#undef spin_lock_init
#undef rspin_lock_init
#undef spin_lock
#undef spin_unlock
#undef spin_trylock
#undef spin_lock_irq
#undef spin_unlock_irq
#undef spin_lock_irqsave
#undef spin_unlock_irqrestore
#undef spin_lock_recursive
#undef spin_unlock_recursive
#undef rspin_lock
#undef rspin_unlock
#undef rspin_trylock
#undef nrspin_lock
#undef nrspin_unlock
#undef spin_is_locked
#undef rspin_is_locked
#undef local_irq_is_enabled
#endif

#include "xen/lib.h"
#include "xen/percpu.h"
#include "linux/irqflags.h"

#if defined(LS_UPSTREAM)
/* Xen's own spinlock_t has its recursion owner and depth as fields, and
 * x86 mm-locks.h reads them (mm_locked_by_me(), _mm_lock(), mm_unlock()):
 * they are here so that it compiles, but the model does not keep them (a
 * recursive lock's owner and depth are the lock's own state): a side-car
 * replaces the functions that read them */
struct LS_LOCK_TYPE("spinlock") ls__xen_spinlock { LS_LOCK_BODY; unsigned short recurse_cpu, recurse_cnt; };
#else
struct LS_LOCK_TYPE("spinlock") ls__xen_spinlock { LS_LOCK_BODY; };
#endif
typedef struct ls__xen_spinlock spinlock_t;
/* taken with rspin_lock(), which its owner may re-take */
typedef struct LS_LOCK_TYPE("spinlock") ls__xen_rspinlock { LS_LOCK_BODY; } rspinlock_t;

#define SPIN_LOCK_UNLOCKED { { 0 } }
#define DEFINE_SPINLOCK(l) spinlock_t l = SPIN_LOCK_UNLOCKED
#define DEFINE_RSPINLOCK(l) rspinlock_t l = SPIN_LOCK_UNLOCKED
#define spin_lock_init(l) ((void)(l))
#define rspin_lock_init(l) ((void)(l))

#define spin_lock(l) ls__acquire((l), LS_K_SPIN, LS__HERE)
#define spin_unlock(l) ls__release((l), LS_K_SPIN, LS__HERE)
#define spin_trylock(l) ls__tryacquire((l), LS_K_SPIN, LS__HERE)
#define spin_lock_irq(l) do { ls_irq_disable(); spin_lock(l); } while (0)
#define spin_unlock_irq(l) do { spin_unlock(l); ls_irq_enable(); } while (0)
#define spin_lock_irqsave(l, f) do { (f) = ls_irq_save(); spin_lock(l); } while (0)
#define spin_unlock_irqrestore(l, f) do { spin_unlock(l); ls_irq_restore(f); } while (0)
#define spin_lock_recursive(l) ls__acquire_rec((l), LS_K_SPIN, LS__HERE)
#define spin_unlock_recursive(l) ls__release_rec((l), LS_K_SPIN, LS__HERE)
#define rspin_lock(l) ls__acquire_rec((l), LS_K_SPIN, LS__HERE)
#define rspin_unlock(l) ls__release_rec((l), LS_K_SPIN, LS__HERE)
#define rspin_trylock(l) ls__tryacquire((l), LS_K_SPIN, LS__HERE)
#define nrspin_lock(l) spin_lock(l)
#define nrspin_unlock(l) spin_unlock(l)

#define spin_is_locked(l) ls__is_locked((l), LS__HERE)
#define rspin_is_locked(l) ls__is_locked((l), LS__HERE)
#define local_irq_is_enabled() (!ls__irqs_disabled(LS__HERE))

#endif /* LS__XEN_SPINLOCK_H */
