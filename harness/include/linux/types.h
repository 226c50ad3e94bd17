/* linux/types.h - lockspin's kernel integer types (see linux/compiler.h). */
#ifndef LS__LINUX_TYPES_H
#define LS__LINUX_TYPES_H

/* over a kernel tree (LS_UPSTREAM, __KERNEL__): the tree's own integer
 * types, bool, size_t, struct list_head; its atomic_t renamed away, as
 * asm/ls_atomic.h's is the modelled one (no C library: -nostdinc) */
#if defined(LS_UPSTREAM) && defined(__KERNEL__) && __has_include_next(<linux/types.h>)
#pragma push_macro("atomic_t")
#undef atomic_t
#define atomic_t ls__upstream_atomic_t
#include_next <linux/types.h>
#pragma pop_macro("atomic_t")
#include "lockspin.h"
#include "asm/ls_atomic.h"
#else
/* the system's own first: the C library includes it through other headers */
#if defined(__has_include_next) && __has_include_next(<linux/types.h>)
#include_next <linux/types.h>
#endif
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;
typedef unsigned int gfp_t;
typedef long long loff_t;
typedef long ssize_t;
typedef u64 phys_addr_t;
#endif

#endif /* LS__LINUX_TYPES_H */
