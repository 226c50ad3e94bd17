/*
 * linux/atomic.h - atomic_t (atomic_read/set/inc/dec/add/sub,
 * atomic_inc_return, atomic_dec_and_test, atomic_cmpxchg, ...) and
 * cmpxchg()/xchg(), atomic as the kernel's are: see asm/ls_atomic.h; and
 * atomic_add_unless(), atomic_try_cmpxchg() and the ordered forms below.
 */
#ifndef LS__LINUX_ATOMIC_H
#define LS__LINUX_ATOMIC_H

#include "linux/compiler.h"
#include "asm/ls_atomic.h"

/* over a Linux tree (LS_UPSTREAM): the tree's atomic_read() and the rest
 * are inline functions over atomic_t (asm/ls_atomic.h's, see linux/types.h):
 * read with lockspin's macros of their names put away, which then replace
 * them */
#if defined(LS_UPSTREAM) && defined(__KERNEL__) && __has_include_next(<linux/atomic.h>)
#pragma push_macro("ATOMIC_INIT")
#pragma push_macro("atomic_read")
#pragma push_macro("atomic_set")
#pragma push_macro("atomic_add")
#pragma push_macro("atomic_sub")
#pragma push_macro("atomic_inc")
#pragma push_macro("atomic_dec")
#pragma push_macro("atomic_fetch_add")
#pragma push_macro("atomic_fetch_sub")
#pragma push_macro("atomic_add_return")
#pragma push_macro("atomic_sub_return")
#pragma push_macro("atomic_inc_return")
#pragma push_macro("atomic_dec_return")
#pragma push_macro("atomic_sub_and_test")
#pragma push_macro("atomic_dec_and_test")
#pragma push_macro("atomic_inc_and_test")
#pragma push_macro("atomic_xchg")
#pragma push_macro("atomic_cmpxchg")
#pragma push_macro("cmpxchg")
#pragma push_macro("xchg")
#pragma push_macro("atomic_fetch_add_unless")
#pragma push_macro("atomic_add_unless")
#pragma push_macro("atomic_inc_not_zero")
#pragma push_macro("atomic_try_cmpxchg")
#pragma push_macro("atomic_read_acquire")
#pragma push_macro("atomic_set_release")
#pragma push_macro("atomic_xchg_relaxed")
#pragma push_macro("atomic_cmpxchg_relaxed")
#pragma push_macro("atomic_cmpxchg_acquire")
#pragma push_macro("atomic_cmpxchg_release")
#pragma push_macro("atomic_try_cmpxchg_relaxed")
#pragma push_macro("atomic_try_cmpxchg_acquire")
#pragma push_macro("atomic_try_cmpxchg_release")
#pragma push_macro("atomic_fetch_add_relaxed")
#pragma push_macro("atomic_fetch_sub_release")
#pragma push_macro("atomic_inc_return_relaxed")
#pragma push_macro("atomic_dec_return_relaxed")
#undef ATOMIC_INIT
#undef atomic_read
#undef atomic_set
#undef atomic_add
#undef atomic_sub
#undef atomic_inc
#undef atomic_dec
#undef atomic_fetch_add
#undef atomic_fetch_sub
#undef atomic_add_return
#undef atomic_sub_return
#undef atomic_inc_return
#undef atomic_dec_return
#undef atomic_sub_and_test
#undef atomic_dec_and_test
#undef atomic_inc_and_test
#undef atomic_xchg
#undef atomic_cmpxchg
#undef cmpxchg
#undef xchg
#undef atomic_fetch_add_unless
#undef atomic_add_unless
#undef atomic_inc_not_zero
#undef atomic_try_cmpxchg
#undef atomic_read_acquire
#undef atomic_set_release
#undef atomic_xchg_relaxed
#undef atomic_cmpxchg_relaxed
#undef atomic_cmpxchg_acquire
#undef atomic_cmpxchg_release
#undef atomic_try_cmpxchg_relaxed
#undef atomic_try_cmpxchg_acquire
#undef atomic_try_cmpxchg_release
#undef atomic_fetch_add_relaxed
#undef atomic_fetch_sub_release
#undef atomic_inc_return_relaxed
#undef atomic_dec_return_relaxed
#include_next <linux/atomic.h>
#undef ATOMIC_INIT
#undef cmpxchg
#undef xchg
#undef atomic_fetch_add_unless
#undef atomic_add_unless
#undef atomic_inc_not_zero
#undef atomic_try_cmpxchg
#undef atomic_read_acquire
#undef atomic_set_release
#undef atomic_xchg_relaxed
#undef atomic_cmpxchg_relaxed
#undef atomic_cmpxchg_acquire
#undef atomic_cmpxchg_release
#undef atomic_try_cmpxchg_relaxed
#undef atomic_try_cmpxchg_acquire
#undef atomic_try_cmpxchg_release
#undef atomic_fetch_add_relaxed
#undef atomic_fetch_sub_release
#undef atomic_inc_return_relaxed
#undef atomic_dec_return_relaxed
#pragma pop_macro("ATOMIC_INIT")
#pragma pop_macro("atomic_read")
#pragma pop_macro("atomic_set")
#pragma pop_macro("atomic_add")
#pragma pop_macro("atomic_sub")
#pragma pop_macro("atomic_inc")
#pragma pop_macro("atomic_dec")
#pragma pop_macro("atomic_fetch_add")
#pragma pop_macro("atomic_fetch_sub")
#pragma pop_macro("atomic_add_return")
#pragma pop_macro("atomic_sub_return")
#pragma pop_macro("atomic_inc_return")
#pragma pop_macro("atomic_dec_return")
#pragma pop_macro("atomic_sub_and_test")
#pragma pop_macro("atomic_dec_and_test")
#pragma pop_macro("atomic_inc_and_test")
#pragma pop_macro("atomic_xchg")
#pragma pop_macro("atomic_cmpxchg")
#pragma pop_macro("cmpxchg")
#pragma pop_macro("xchg")
#pragma pop_macro("atomic_fetch_add_unless")
#pragma pop_macro("atomic_add_unless")
#pragma pop_macro("atomic_inc_not_zero")
#pragma pop_macro("atomic_try_cmpxchg")
#pragma pop_macro("atomic_read_acquire")
#pragma pop_macro("atomic_set_release")
#pragma pop_macro("atomic_xchg_relaxed")
#pragma pop_macro("atomic_cmpxchg_relaxed")
#pragma pop_macro("atomic_cmpxchg_acquire")
#pragma pop_macro("atomic_cmpxchg_release")
#pragma pop_macro("atomic_try_cmpxchg_relaxed")
#pragma pop_macro("atomic_try_cmpxchg_acquire")
#pragma pop_macro("atomic_try_cmpxchg_release")
#pragma pop_macro("atomic_fetch_add_relaxed")
#pragma pop_macro("atomic_fetch_sub_release")
#pragma pop_macro("atomic_inc_return_relaxed")
#pragma pop_macro("atomic_dec_return_relaxed")
#endif

/*
 * Linux's conditional and ordered atomics on the modelled ones (Xen's
 * atomic_add_unless() returns the old value, so these are Linux's alone).
 * atomic_fetch_add_unless() is the kernel's own generic loop: read, then
 * while the value is not u try to swap in value + a, starting again from
 * what the failed compare-and-swap saw; its result is the value it last
 * read.  Each read and each compare-and-swap is one model step, so another
 * CPU may act between them, as on hardware.  atomic_try_cmpxchg(v, &old,
 * new) writes what it saw to old when it fails.  The _relaxed, _acquire and
 * _release forms are the plain operation: the model is sequentially
 * consistent, which every ordering allows.
 */
#define atomic_fetch_add_unless(v, a, u) \
	({ \
		int ls__c = atomic_read(v); \
		while (ls__c != (u)) { \
			int ls__seen = atomic_cmpxchg(v, ls__c, ls__c + (a)); \
			if (ls__seen == ls__c) \
				break; \
			ls__c = ls__seen; \
		} \
		ls__c; \
	})
#define atomic_add_unless(v, a, u) (atomic_fetch_add_unless(v, a, u) != (u))
#define atomic_inc_not_zero(v) atomic_add_unless(v, 1, 0)
#define atomic_try_cmpxchg(v, old, new) \
	({ \
		int ls__want = *(old); \
		int ls__got = atomic_cmpxchg(v, ls__want, (new)); \
		if (ls__got != ls__want) \
			*(old) = ls__got; \
		ls__got == ls__want; \
	})
#define atomic_read_acquire(v) atomic_read(v)
#define atomic_set_release(v, i) atomic_set(v, i)
#define atomic_xchg_relaxed(v, n) atomic_xchg(v, n)
#define atomic_cmpxchg_relaxed(v, o, n) atomic_cmpxchg(v, o, n)
#define atomic_cmpxchg_acquire(v, o, n) atomic_cmpxchg(v, o, n)
#define atomic_cmpxchg_release(v, o, n) atomic_cmpxchg(v, o, n)
#define atomic_try_cmpxchg_relaxed(v, o, n) atomic_try_cmpxchg(v, o, n)
#define atomic_try_cmpxchg_acquire(v, o, n) atomic_try_cmpxchg(v, o, n)
#define atomic_try_cmpxchg_release(v, o, n) atomic_try_cmpxchg(v, o, n)
#define atomic_fetch_add_relaxed(i, v) atomic_fetch_add(i, v)
#define atomic_fetch_sub_release(i, v) atomic_fetch_sub(i, v)
#define atomic_inc_return_relaxed(v) atomic_inc_return(v)
#define atomic_dec_return_relaxed(v) atomic_dec_return(v)

#endif /* LS__LINUX_ATOMIC_H */
