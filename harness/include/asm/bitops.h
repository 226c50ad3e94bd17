/*
 * asm/bitops.h - bit operations on a flag word, for Linux (through
 * linux/bitops.h) and Xen (xen/bitops.h), written for lockspin on its
 * atomic primitives (lockspin.h).  On an LS_STATE word
 * (`unsigned long flags LS_STATE LS_RANGE(0, 7);`):
 *   set_bit, clear_bit, change_bit           ATOMIC, as the kernel's are: one
 *   test_and_set_bit, test_and_clear_bit,    model step reads and writes the
 *   test_and_change_bit (-> the old bit),    word (ls_atomic_fetch_or/and/xor),
 *   test_and_set_bit_lock, clear_bit_unlock  natively one __atomic instruction;
 *                                            two threads setting different bits
 *                                            of one word never lose an update
 *   __set_bit, __clear_bit, __change_bit,    NOT atomic, as the kernel's are
 *   __test_and_set_bit, __test_and_clear_bit not: a plain read, then a write,
 *                                            another thread free to run between
 *                                            (use them under a lock)
 *   test_bit                                 one read
 *   ffs, fls (1-based, 0 for 0)              C loops over the value (Xen's
 *                                            ARM fls() is the clz instruction,
 *                                            ffs() a macro over it)
 *   find_first_bit, find_next_bit,           C loops over the bitmap, bounded
 *   find_first_zero_bit,                     by the size argument (the result
 *   find_next_zero_bit (-> size: none),      is the size when no bit is found,
 *   for_each_set_bit, for_each_clear_bit     as the kernel's): each word read
 *   (Linux's; Xen's own over its tree),      once, in one step, as the out-of-
 *   find_first_set_bit (Xen: one word)       line C functions of Xen and Linux
 *                                            (lib/find_bit.c) read it; over
 *                                            untracked data or an untracked size
 *                                            the loop is untracked, which
 *                                            --explain lists
 * The _lock/_unlock variants' acquire/release ordering is what the
 * sequentially consistent model has anyway.
 */
#ifndef LS__ASM_BITOPS_H
#define LS__ASM_BITOPS_H

/* over an upstream tree (LS_UPSTREAM): the real header first, for
 * everything else it declares; the macros below replace its own */
#if defined(LS_UPSTREAM) && __has_include_next(<asm/bitops.h>)
#include_next <asm/bitops.h>
#undef set_bit
#undef clear_bit
#undef change_bit
#undef test_and_set_bit
#undef test_and_clear_bit
#undef test_and_change_bit
#undef test_and_set_bit_lock
#undef clear_bit_unlock
#undef __set_bit
#undef __clear_bit
#undef __change_bit
#undef __test_and_set_bit
#undef __test_and_clear_bit
#undef test_bit
#undef ffs
#undef fls
#undef find_first_bit
#undef find_next_bit
#undef find_first_zero_bit
#undef find_next_zero_bit
#undef find_first_set_bit
#undef for_each_set_bit
#undef for_each_clear_bit
#endif

#include "lockspin.h"

/* Xen's BIT() takes two arguments: not this header's to define */
#define LS__BIT(nr) (1UL << (nr))

#define test_bit(nr, addr) ((int)((*(addr) >> (nr)) & 1UL))
#define set_bit(nr, addr) ((void)ls_atomic_fetch_or((addr), LS__BIT(nr)))
#define clear_bit(nr, addr) ((void)ls_atomic_fetch_and((addr), ~LS__BIT(nr)))
#define change_bit(nr, addr) ((void)ls_atomic_fetch_xor((addr), LS__BIT(nr)))
#define test_and_set_bit(nr, addr) ((int)((ls_atomic_fetch_or((addr), LS__BIT(nr)) >> (nr)) & 1UL))
#define test_and_clear_bit(nr, addr) ((int)((ls_atomic_fetch_and((addr), ~LS__BIT(nr)) >> (nr)) & 1UL))
#define test_and_change_bit(nr, addr) ((int)((ls_atomic_fetch_xor((addr), LS__BIT(nr)) >> (nr)) & 1UL))
#define test_and_set_bit_lock(nr, addr) test_and_set_bit(nr, addr)
#define clear_bit_unlock(nr, addr) clear_bit(nr, addr)

/* the non-atomic variants: C's own read-modify-write, a read step and then
 * a write step in the model.  Xen's ARM header makes __set_bit() and
 * __clear_bit() its atomic set_bit() and clear_bit(): so do these, over
 * such a tree */
#if defined(LS_UPSTREAM) && defined(__XEN__) && (defined(__aarch64__) || defined(__arm__))
#define __set_bit(nr, addr) set_bit(nr, addr)
#define __clear_bit(nr, addr) clear_bit(nr, addr)
#else
#define __set_bit(nr, addr) ((void)(*(addr) |= LS__BIT(nr)))
#define __clear_bit(nr, addr) ((void)(*(addr) &= ~LS__BIT(nr)))
#endif
#define __change_bit(nr, addr) ((void)(*(addr) ^= LS__BIT(nr)))
#define __test_and_set_bit(nr, addr) \
	({ __typeof__(*(addr)) ls__tb_old = *(addr); *(addr) = ls__tb_old | LS__BIT(nr); (int)((ls__tb_old >> (nr)) & 1UL); })
#define __test_and_clear_bit(nr, addr) \
	({ __typeof__(*(addr)) ls__tb_old = *(addr); *(addr) = ls__tb_old & ~LS__BIT(nr); (int)((ls__tb_old >> (nr)) & 1UL); })

/* the first and last set bit, counted from 1 (0: none), as C the model
 * follows: a header's inline function (Xen's fls(), inline assembly) is not
 * lowered, a macro is */
#define ffs(x)                                                                   \
	({                                                                       \
		unsigned long ls__ffs_x = (x);                                   \
		int ls__ffs_r = 0;                                               \
		if (ls__ffs_x) {                                                 \
			ls__ffs_r = 1;                                           \
			while (!(ls__ffs_x & 1)) {                               \
				ls__ffs_x >>= 1;                                 \
				ls__ffs_r++;                                     \
			}                                                        \
		}                                                                \
		ls__ffs_r;                                                       \
	})
#define fls(x)                                                                   \
	({                                                                       \
		unsigned long ls__fls_x = (x);                                   \
		int ls__fls_r = 0;                                               \
		while (ls__fls_x) {                                              \
			ls__fls_x >>= 1;                                         \
			ls__fls_r++;                                             \
		}                                                                \
		ls__fls_r;                                                       \
	})

/* The next bit at or after off below size that is set (want 1) or clear
 * (want 0), or size.  Natively each word of the bitmap is read once, when
 * the search enters it, as the kernel's C (lib/find_bit.c) reads it; the
 * bits are tested in the copy.  In the model (LS_FRONTEND) a modelled word
 * holds at most 256 values, so a bitmap it models is one word: it is read
 * once, in one step, and a bit beyond it is never set */
#define LS__BITS_PER_LONG (8UL * __SIZEOF_LONG__)
#ifdef LS_FRONTEND
#define LS__FIND_WORD(addr, i) (*(addr))
#define LS__FIND_SHIFT(i) (i)
#define LS__FIND_NEW_WORD(i) 0
/* no first value: over an untracked word the copy stays untracked (each
 * test of it either way, listed), not a modelled 0 made untracked */
#define LS__FIND_W_INIT
#else
#define LS__FIND_W_INIT = 0
#define LS__FIND_WORD(addr, i) ((addr)[(i) / LS__BITS_PER_LONG])
#define LS__FIND_SHIFT(i) ((i) % LS__BITS_PER_LONG)
#define LS__FIND_NEW_WORD(i) ((i) % LS__BITS_PER_LONG == 0)
#endif
#define LS__FIND_BIT(addr, size, off, want)                                              \
	({                                                                               \
		unsigned long ls__fb_n = (size);                                         \
		unsigned long ls__fb_i = (off);                                          \
		unsigned long ls__fb_w LS__FIND_W_INIT;                                  \
		int ls__fb_more = ls__fb_i < ls__fb_n;                                   \
		if (ls__fb_more)                                                         \
			ls__fb_w = LS__FIND_WORD(addr, ls__fb_i);                        \
		while (ls__fb_more) {                                                    \
			if (((ls__fb_w >> LS__FIND_SHIFT(ls__fb_i)) & 1UL) == (want)) {      \
				ls__fb_more = 0;                                         \
			} else {                                                         \
				ls__fb_i++;                                              \
				ls__fb_more = ls__fb_i < ls__fb_n;                       \
				if (ls__fb_more && LS__FIND_NEW_WORD(ls__fb_i))          \
					ls__fb_w = LS__FIND_WORD(addr, ls__fb_i);        \
			}                                                                \
		}                                                                        \
		ls__fb_i < ls__fb_n ? ls__fb_i : ls__fb_n;                               \
	})
#define find_next_bit(addr, size, off) LS__FIND_BIT(addr, size, off, 1UL)
#define find_next_zero_bit(addr, size, off) LS__FIND_BIT(addr, size, off, 0UL)
#define find_first_bit(addr, size) LS__FIND_BIT(addr, size, 0UL, 1UL)
#define find_first_zero_bit(addr, size) LS__FIND_BIT(addr, size, 0UL, 0UL)
/* Xen: the first set bit of one word, counted from 0 (the word is not 0) */
#define find_first_set_bit(word) ((unsigned int)ffs(word) - 1U)
/* Linux's (linux/find.h); over a Xen tree xen/bitops.h's own, which is
 * written over find_first_bit() and find_next_bit() */
#if !(defined(LS_UPSTREAM) && defined(__XEN__))
#define for_each_set_bit(bit, addr, size) \
	for ((bit) = find_first_bit((addr), (size)); (bit) < (size); (bit) = find_next_bit((addr), (size), (bit) + 1))
#define for_each_clear_bit(bit, addr, size)                                 \
	for ((bit) = find_first_zero_bit((addr), (size)); (bit) < (size); \
	     (bit) = find_next_zero_bit((addr), (size), (bit) + 1))
#endif

#endif /* LS__ASM_BITOPS_H */
