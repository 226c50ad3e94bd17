/*
 * linux/atomic.h - atomic_t (atomic_read/set/inc/dec/add/sub,
 * atomic_inc_return, atomic_dec_and_test, atomic_cmpxchg, ...) and
 * cmpxchg()/xchg(), atomic as the kernel's are: see asm/ls_atomic.h.
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
#include_next <linux/atomic.h>
#undef ATOMIC_INIT
#undef cmpxchg
#undef xchg
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
#endif

#endif /* LS__LINUX_ATOMIC_H */
