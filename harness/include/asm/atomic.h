/*
 * asm/atomic.h - Xen's read_atomic()/write_atomic(): one indivisible access
 * natively (__atomic, sequentially consistent), the plain access in the
 * model, whose every access of modelled state is one step already; and
 * Xen's atomic_t, atomic_*() and cmpxchg() (asm/ls_atomic.h).
 */
#ifndef LS__ASM_ATOMIC_H
#define LS__ASM_ATOMIC_H

/* over an upstream tree (LS_UPSTREAM): the real header first, for
 * everything else it declares; the macros below replace its own */
#if defined(LS_UPSTREAM) && __has_include_next(<asm/atomic.h>)
/* its atomic_t renamed away while it is read: asm/ls_atomic.h's is modelled;
 * the xen/atomic.h it includes is the real one then (LS__UPSTREAM_ATOMIC) */
#define atomic_t ls__upstream_atomic_t
/* and its by-value accessors of that atomic_t (x86, arm) */
#define _atomic_read ls__upstream__atomic_read
#define _atomic_set ls__upstream__atomic_set
#define LS__UPSTREAM_ATOMIC
#include_next <asm/atomic.h>
#undef LS__UPSTREAM_ATOMIC
#undef _atomic_read
#undef _atomic_set
/* Xen's barriers, cmpxchg() and xchg() are asm/system.h's: read it now,
 * and replace them */
#if __has_include(<asm/system.h>)
#include <asm/system.h>
#endif
#undef atomic_t
#undef ATOMIC_INIT
#undef atomic_read
#undef atomic_set
#undef atomic_add
#undef atomic_sub
#undef atomic_inc
#undef atomic_dec
#undef atomic_add_return
#undef atomic_sub_return
#undef atomic_inc_return
#undef atomic_dec_return
#undef atomic_sub_and_test
#undef atomic_dec_and_test
#undef atomic_inc_and_test
#undef atomic_cmpxchg
#undef atomic_xchg
#undef cmpxchg
#undef xchg
#undef read_atomic
#undef write_atomic
#undef ACCESS_ONCE
#undef smp_mb
#undef smp_rmb
#undef smp_wmb
#endif

#include "xen/lib.h"
/* Xen's atomic_t and cmpxchg(), one model step each */
#include "asm/ls_atomic.h"

#if defined(LS_FRONTEND)
#define read_atomic(p) (*(p))
#define write_atomic(p, x) ((void)(*(p) = (x)))
#define ACCESS_ONCE(x) (x)
#else
#define read_atomic(p) __atomic_load_n((p), __ATOMIC_SEQ_CST)
#define write_atomic(p, x) __atomic_store_n((p), (x), __ATOMIC_SEQ_CST)
#define ACCESS_ONCE(x) (*(volatile __typeof__(x) *)&(x))
#endif
/* Xen's _atomic_read(v) takes the atomic_t itself, _atomic_set(v, i) its address */
#define _atomic_read(v) atomic_read(&(v))
#define _atomic_set(v, i) atomic_set((v), (i))
#define smp_mb() __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define smp_rmb() smp_mb()
#define smp_wmb() smp_mb()

#endif /* LS__ASM_ATOMIC_H */
