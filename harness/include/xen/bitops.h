/*
 * xen/bitops.h - Xen's bit operations (written for lockspin; see
 * xen/lib.h): asm/bitops.h's set_bit()/clear_bit()/change_bit() and
 * test_and_*_bit(), atomic as Xen's are, and the non-atomic __set_bit()
 * family, which is not.
 */
#ifndef LS__XEN_BITOPS_H
#define LS__XEN_BITOPS_H

#if defined(LS_UPSTREAM) && __has_include_next(<xen/bitops.h>)
#include_next <xen/bitops.h>
#endif

#include "xen/lib.h"
#include "asm/bitops.h"

#endif /* LS__XEN_BITOPS_H */
