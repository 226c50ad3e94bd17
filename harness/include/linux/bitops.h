/*
 * linux/bitops.h - bit operations on a flag word (see linux/compiler.h):
 * BIT(), and asm/bitops.h's set_bit()/clear_bit()/change_bit() and
 * test_and_*_bit(), atomic as the kernel's are, and their non-atomic
 * __set_bit()/__clear_bit() variants, which are not.
 */
#ifndef _LINUX_BITOPS_H
#define _LINUX_BITOPS_H

#include "linux/compiler.h"
#include "asm/bitops.h"
#include "linux/bits.h"

#endif /* _LINUX_BITOPS_H */
