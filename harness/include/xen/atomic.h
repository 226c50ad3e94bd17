/*
 * xen/atomic.h - Xen's atomic_t (written for lockspin; see xen/lib.h):
 * asm/atomic.h's read_atomic()/write_atomic() and asm/ls_atomic.h's
 * atomic_read/set/inc/dec/add/sub, atomic_inc_return, atomic_dec_and_test,
 * atomic_cmpxchg and cmpxchg()/xchg(), atomic as Xen's are.
 */
#if defined(LS_UPSTREAM) && defined(LS__UPSTREAM_ATOMIC) && __has_include_next(<xen/atomic.h>)
/* over an upstream tree, read from the real asm/atomic.h (which ours reads
 * first, its atomic_t renamed away): the real header, for its atomic_t */
#include_next <xen/atomic.h>
#elif !defined(LS__XEN_ATOMIC_H)
#define LS__XEN_ATOMIC_H

#include "asm/atomic.h"

#endif /* LS__XEN_ATOMIC_H */
