/* linux/types.h - lockspin's kernel integer types (see linux/compiler.h). */
#ifndef _LINUX_TYPES_H
#define _LINUX_TYPES_H

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

#endif /* _LINUX_TYPES_H */
