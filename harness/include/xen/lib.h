/*
 * xen/lib.h - Xen's ASSERT, BUG_ON, printk and helpers for lockspin (written
 * for lockspin; the lock-API headers of harness/include).  ASSERT() is
 * checked in the model and natively, as in a debug build; its condition
 * must be modelled state (an ASSERT over untracked data is an error that
 * names it).
 */
#ifndef __LIB_H__
#define __LIB_H__

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

#endif /* __LIB_H__ */
