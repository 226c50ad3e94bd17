#ifndef __SPINLOCK_H__
#define __SPINLOCK_H__
#include <asm/system.h>
#include <asm/spinlock.h>
#include <xen/types.h>
#include <xen/percpu.h>
/* besides the lock: what xen/sched.h embeds in struct domain */
struct lock_profile_qhead { struct lock_profile_qhead *head_q; int idx; };
typedef struct spinlock {
    uint32_t tickets;
    uint16_t recurse_cpu:12;
    uint16_t recurse_cnt:4;
} spinlock_t;
#define SPIN_LOCK_UNLOCKED { 0, 0xfffu, 0 }
#define DEFINE_SPINLOCK(l) spinlock_t l = SPIN_LOCK_UNLOCKED
#define spin_lock_init(l) (*(l) = (spinlock_t)SPIN_LOCK_UNLOCKED)
void _spin_lock(spinlock_t *lock);
void _spin_unlock(spinlock_t *lock);
unsigned long _spin_lock_irqsave(spinlock_t *lock);
void _spin_unlock_irqrestore(spinlock_t *lock, unsigned long flags);
int _spin_is_locked(spinlock_t *lock);
int _spin_trylock(spinlock_t *lock);
#define spin_lock(l) _spin_lock(l)
#define spin_unlock(l) _spin_unlock(l)
#define spin_lock_irqsave(l, f) ({ ((f) = _spin_lock_irqsave(l)); })
#define spin_unlock_irqrestore(l, f) _spin_unlock_irqrestore(l, f)
#define spin_is_locked(l) _spin_is_locked(l)
#define spin_trylock(l) _spin_trylock(l)
#endif
