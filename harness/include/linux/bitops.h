/*
 * linux/bitops.h - bit operations on a flag word (see linux/compiler.h).
 * On an LS_STATE word (`unsigned long flags LS_STATE LS_RANGE(0, 7);`) they
 * are modelled as the C here runs: set_bit and clear_bit are one plain
 * read-modify-write statement, which the model runs as C does, a read and
 * then a write, with another thread free to run between (the native build
 * is not atomic either).  Unlike the kernel's atomic instruction, two
 * unlocked set_bit()s on one word may lose an update: keep such a word
 * under a lock or written by one thread.  test_and_set_bit() and
 * the other atomic test-and-modify operations are not provided: the model
 * has no one-step read-and-write that returns the old value (use a lock).
 */
#ifndef _LINUX_BITOPS_H
#define _LINUX_BITOPS_H

#include "linux/compiler.h"

#define BIT(nr) (1UL << (nr))
#define test_bit(nr, addr) ((int)((*(addr) >> (nr)) & 1UL))
#define set_bit(nr, addr) ((void)(*(addr) |= BIT(nr)))
#define clear_bit(nr, addr) ((void)(*(addr) &= ~BIT(nr)))
#define __set_bit(nr, addr) set_bit(nr, addr)
#define __clear_bit(nr, addr) clear_bit(nr, addr)
#define change_bit(nr, addr) ((void)(*(addr) ^= BIT(nr)))

#endif /* _LINUX_BITOPS_H */
