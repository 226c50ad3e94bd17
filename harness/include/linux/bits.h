/*
 * linux/bits.h - BIT(), BIT_ULL(), GENMASK(), written for lockspin from
 * their documented meaning (bit nr set; bits h..l set).  Over a Linux tree
 * (LS_UPSTREAM) the tree's header is read instead.
 */
#ifndef LS__LINUX_BITS_H
#define LS__LINUX_BITS_H

#if defined(LS_UPSTREAM) && defined(__KERNEL__) && __has_include_next(<linux/bits.h>)
#include_next <linux/bits.h>
#else
#define BITS_PER_LONG ((int)(8 * sizeof(long)))
#define BIT(nr) (1UL << (nr))
#define BIT_ULL(nr) (1ULL << (nr))
#define GENMASK(h, l) ((~0UL << (l)) & (~0UL >> (BITS_PER_LONG - 1 - (h))))
#endif

#endif /* LS__LINUX_BITS_H */
