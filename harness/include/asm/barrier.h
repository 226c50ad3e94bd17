/*
 * asm/barrier.h - memory barriers.  The model is sequentially consistent
 * (every step of every thread in one global order), so a barrier orders
 * nothing it does not already order: a compiler barrier natively and
 * nothing in the model is exact for it.  What the model cannot show is a
 * bug that needs weaker ordering than SC (a missing smp_wmb() on ARM).
 */
#ifndef LS__ASM_BARRIER_H
#define LS__ASM_BARRIER_H

/* over an upstream tree (LS_UPSTREAM): the real header first, for
 * everything else it declares; the macros below replace its own */
#if defined(LS_UPSTREAM) && __has_include_next(<asm/barrier.h>)
#include_next <asm/barrier.h>
/* Xen's barriers are asm/system.h's: read it now, and replace them */
#if __has_include(<asm/system.h>)
#include <asm/system.h>
#endif
#undef mb
#undef rmb
#undef wmb
#undef smp_mb
#undef smp_rmb
#undef smp_wmb
#undef smp_store_release
#undef smp_load_acquire
#undef smp_mb__before_atomic
#undef smp_mb__after_atomic
#undef smp_mb__after_spinlock
#endif

#include "linux/compiler.h"

#define mb() __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define rmb() __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define wmb() __atomic_thread_fence(__ATOMIC_SEQ_CST)
#if defined(LS_FRONTEND)
#define smp_mb() ((void)0)
#define smp_rmb() ((void)0)
#define smp_wmb() ((void)0)
#define smp_store_release(p, v) ((void)(*(p) = (v)))
#define smp_load_acquire(p) (*(p))
#else
#define smp_mb() __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define smp_rmb() __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define smp_wmb() __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define smp_store_release(p, v) __atomic_store_n((p), (v), __ATOMIC_SEQ_CST)
#define smp_load_acquire(p) __atomic_load_n((p), __ATOMIC_SEQ_CST)
#endif
#define smp_mb__before_atomic() smp_mb()
#define smp_mb__after_atomic() smp_mb()
#define smp_mb__after_spinlock() smp_mb()

#endif /* LS__ASM_BARRIER_H */
