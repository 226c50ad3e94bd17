/*
 * asm/atomic.h - Xen's read_atomic()/write_atomic(): one indivisible access
 * natively (__atomic, sequentially consistent), the plain access in the
 * model, whose every access of modelled state is one step already.
 */
#ifndef __ARCH_X86_ATOMIC__
#define __ARCH_X86_ATOMIC__

#include "xen/lib.h"

#if defined(LS_FRONTEND)
#define read_atomic(p) (*(p))
#define write_atomic(p, x) ((void)(*(p) = (x)))
#define ACCESS_ONCE(x) (x)
#else
#define read_atomic(p) __atomic_load_n((p), __ATOMIC_SEQ_CST)
#define write_atomic(p, x) __atomic_store_n((p), (x), __ATOMIC_SEQ_CST)
#define ACCESS_ONCE(x) (*(volatile __typeof__(x) *)&(x))
#endif
#define smp_mb() __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define smp_rmb() smp_mb()
#define smp_wmb() smp_mb()

#endif /* __ARCH_X86_ATOMIC__ */
