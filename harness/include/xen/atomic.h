/*
 * xen/atomic.h - Xen's atomic_t (written for lockspin; see xen/lib.h):
 * asm/atomic.h's read_atomic()/write_atomic() and asm/ls_atomic.h's
 * atomic_read/set/inc/dec/add/sub, atomic_inc_return, atomic_dec_and_test,
 * atomic_cmpxchg and cmpxchg()/xchg(), atomic as Xen's are.
 */
#ifndef LS__XEN_ATOMIC_H
#define LS__XEN_ATOMIC_H

#include "asm/atomic.h"

#endif /* LS__XEN_ATOMIC_H */
