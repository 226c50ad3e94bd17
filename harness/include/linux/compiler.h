/*
 * linux/compiler.h - lockspin's own version of the kernel's compiler
 * helpers, so kernel C compiles for the extractor (libclang) and natively
 * against the pthreads runtime alike.  Written for lockspin; the guard is
 * the kernel's, so a real kernel header included later is a no-op.
 *
 * READ_ONCE/WRITE_ONCE are one volatile access natively.  In the model every
 * read or write of modelled state is already one indivisible step, so they
 * are the plain access (exact: the model never tears or fuses accesses).
 */
#ifndef LS__LINUX_COMPILER_H
#define LS__LINUX_COMPILER_H

/* over a Linux tree (LS_UPSTREAM): the tree's first (and its
 * asm/rwonce.h); the macros below replace its own and its forced
 * linux/compiler_types.h's */
#if defined(LS_UPSTREAM) && __has_include_next(<linux/compiler.h>)
#include_next <linux/compiler.h>
#undef likely
#undef unlikely
#undef barrier
#undef always_inline
#undef noinline
#undef __maybe_unused
#undef __always_unused
#undef __must_check
#undef __cleanup
#undef __packed
#undef __aligned
#undef __printf
#undef __noreturn
#undef __pure
#undef fallthrough
#undef __acquires
#undef __releases
#undef __must_hold
#undef __acquire
#undef __release
#undef __cond_lock
#undef __force
#undef __user
#undef __iomem
#undef __rcu
#undef __percpu
#undef __bitwise
#undef __read_mostly
#undef __init
#undef __exit
#undef __COUNTER_CAT2
#undef __COUNTER_CAT
#undef __UNIQUE_ID
#undef __same_type
#undef READ_ONCE
#undef WRITE_ONCE
#endif

#include "lockspin.h"

#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#define barrier() __asm__ __volatile__("" ::: "memory")
#ifndef __always_inline
#define __always_inline inline __attribute__((always_inline))
#endif
#define always_inline __always_inline
#define noinline __attribute__((noinline))
#define __maybe_unused __attribute__((unused))
#define __always_unused __attribute__((unused))
#define __must_check __attribute__((warn_unused_result))
#define __cleanup(func) __attribute__((__cleanup__(func)))
#define __packed __attribute__((packed))
#define __aligned(x) __attribute__((aligned(x)))
#define __printf(a, b) __attribute__((format(printf, a, b)))
#define __noreturn __attribute__((noreturn))
#define __pure __attribute__((pure))
#define fallthrough __attribute__((__fallthrough__))
/* sparse's context and address-space annotations: nothing to compile */
#define __acquires(x)
#define __releases(x)
#define __must_hold(x)
#define __acquire(x) ((void)0)
#define __release(x) ((void)0)
#define __cond_lock(x, c) (c)
#define __force
#define __user
#define __iomem
#define __rcu
#define __percpu
#define __bitwise
#define __read_mostly
#define __init
#define __exit
#define __COUNTER_CAT2(a, b) a##b
#define __COUNTER_CAT(a, b) __COUNTER_CAT2(a, b)
#define __UNIQUE_ID(prefix) __COUNTER_CAT(__COUNTER_CAT(__UNIQUE_ID_, prefix), __COUNTER__)
#define __same_type(a, b) __builtin_types_compatible_p(__typeof__(a), __typeof__(b))

/* One access of x; x is an lvalue of scalar type. */
#if defined(__clang__) && defined(LS_FRONTEND)
#define READ_ONCE(x) (x)
#define WRITE_ONCE(x, val) ((void)((x) = (val)))
#else
#define READ_ONCE(x) (*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, val) ((void)(*(volatile __typeof__(x) *)&(x) = (val)))
#endif

#endif /* LS__LINUX_COMPILER_H */
