/*
 * xen/lib.h - Xen's ASSERT, BUG_ON, printk and helpers for lockspin (written
 * for lockspin; the lock-API headers of harness/include).  ASSERT() is
 * checked in the model and natively, as in a debug build; its condition
 * must be modelled state (an ASSERT over untracked data is an error that
 * names it).
 */
#ifndef LS__XEN_LIB_H
#define LS__XEN_LIB_H

/* over an upstream tree (LS_UPSTREAM): the real header first, for
 * everything else it declares; the macros below replace its own */
#if defined(LS_UPSTREAM) && __has_include_next(<xen/lib.h>)
#include_next <xen/lib.h>
/* min, max and container_of are xen/kernel.h's */
#if __has_include(<xen/kernel.h>)
#include <xen/kernel.h>
#endif
#undef likely
#undef unlikely
#undef always_inline
#undef __maybe_unused
#undef __must_check
#undef barrier
#undef ASSERT
#undef ASSERT_UNREACHABLE
#undef BUG
#undef BUG_ON
#undef WARN_ON
#undef BUILD_BUG_ON
#undef ARRAY_SIZE
#undef container_of
#undef min
#undef max
#undef printk
#undef gprintk
#undef gdprintk
#undef dprintk
#undef panic
#undef cpu_relax
#undef block_lock_speculation
#undef block_speculation
#endif

#include "lockspin.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#ifndef always_inline
#define always_inline inline __attribute__((always_inline))
#endif
#define __maybe_unused __attribute__((unused))
#define __must_check __attribute__((warn_unused_result))
#define barrier() __asm__ __volatile__("" ::: "memory")

#define LS__XEN_ASSERT(cond, text) ls__assert((ls__assert_point(LS__HERE), !!(cond)), text, LS__HERE)
#define ASSERT(p) LS__XEN_ASSERT(p, "ASSERT(" #p ")")
#define ASSERT_UNREACHABLE() LS__XEN_ASSERT(0, "ASSERT_UNREACHABLE()")
#define BUG() LS__XEN_ASSERT(0, "BUG()")
#define BUG_ON(p) LS__XEN_ASSERT(!(p), "BUG_ON(" #p ")")
#define WARN_ON(p) ({ bool __ls_w = !!(p); LS__XEN_ASSERT(!__ls_w, "WARN_ON(" #p ")"); __ls_w; })
#define BUILD_BUG_ON(cond) _Static_assert(!(cond), "BUILD_BUG_ON(" #cond ")")
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define container_of(ptr, type, member) \
	((type *)ls__container_of((void *)((char *)(ptr) - offsetof(type, member)), (ptr), #member))
#define min(a, b) ((a) < (b) ? (a) : (b))
#define max(a, b) ((a) > (b) ? (a) : (b))
/* printing is not modelled: its arguments are not evaluated */
/* inside sizeof: the arguments count as used, and are not evaluated */
int ls__printk(const char *fmt, ...);
#define printk(...) ((void)sizeof(ls__printk(__VA_ARGS__)))
#define gprintk(lvl, ...) printk(__VA_ARGS__)
#define gdprintk(lvl, ...) printk(__VA_ARGS__)
#define dprintk(lvl, ...) printk(__VA_ARGS__)
#define panic(...) BUG()
#define cpu_relax() ((void)0)
/* speculation barriers order nothing the model has */
#define block_lock_speculation() ((void)0)
#define block_speculation() ((void)0)

#endif /* LS__XEN_LIB_H */
