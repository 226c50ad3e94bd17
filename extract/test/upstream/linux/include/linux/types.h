#ifndef _LINUX_TYPES_H
#define _LINUX_TYPES_H
/* the kernel's own integer types, bool and the list and atomic types every
 * header after it uses (no C library: -nostdinc) */
#include <linux/stddef.h>
typedef signed char s8;
typedef unsigned char u8;
typedef short s16;
typedef unsigned short u16;
typedef int s32;
typedef unsigned int u32;
typedef long long s64;
typedef unsigned long long u64;
typedef u8 uint8_t;
typedef u16 uint16_t;
typedef u32 uint32_t;
typedef u64 uint64_t;
typedef s64 int64_t;
typedef unsigned long size_t;
typedef long ssize_t;
typedef unsigned long uintptr_t;
typedef _Bool bool;
typedef unsigned int gfp_t;
typedef struct {
	int counter;
} atomic_t;
typedef struct {
	s64 counter;
} atomic64_t;
typedef atomic64_t atomic_long_t;
struct list_head {
	struct list_head *next, *prev;
};
#endif /* _LINUX_TYPES_H */
