/* compiler_types.h - the fake tree's forced include (-include, as Kbuild
 * does): attributes and sparse's annotations (written for lockspin's tests) */
#ifndef __LINUX_COMPILER_TYPES_H
#define __LINUX_COMPILER_TYPES_H
#define __always_inline inline __attribute__((__always_inline__))
#define noinline __attribute__((__noinline__))
#define __must_check __attribute__((__warn_unused_result__))
#define __user
#define __iomem
#define __rcu
#define __percpu
#define __acquires(x)
#define __releases(x)
#define __must_hold(x)
#define __acquire(x) (void)0
#define __release(x) (void)0
#define __cond_lock(x, c) (c)
#define __packed __attribute__((__packed__))
#define __aligned(x) __attribute__((__aligned__(x)))
#define fallthrough __attribute__((__fallthrough__))
#define __cleanup(func) __attribute__((__cleanup__(func)))
#define __maybe_unused __attribute__((__unused__))
#endif /* __LINUX_COMPILER_TYPES_H */
