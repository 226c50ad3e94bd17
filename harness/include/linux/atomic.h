/*
 * linux/atomic.h - atomic_t (atomic_read/set/inc/dec/add/sub,
 * atomic_inc_return, atomic_dec_and_test, atomic_cmpxchg, ...) and
 * cmpxchg()/xchg(), atomic as the kernel's are: see asm/ls_atomic.h.
 */
#ifndef _LINUX_ATOMIC_H
#define _LINUX_ATOMIC_H

#include "linux/compiler.h"
#include "asm/ls_atomic.h"

#endif /* _LINUX_ATOMIC_H */
