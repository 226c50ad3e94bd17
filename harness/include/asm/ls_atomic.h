/*
 * asm/ls_atomic.h - atomic_t and cmpxchg()/xchg() for Linux (linux/atomic.h)
 * and Xen (asm/atomic.h, xen/atomic.h), written for lockspin on its atomic
 * primitives (lockspin.h): every read-modify-write here is ONE model step
 * that reads and writes the counter, natively one __atomic instruction
 * (sequentially consistent), as the kernel's are.
 *
 * An atomic_t's counter is modelled state over LS_ATOMIC_MIN..LS_ATOMIC_MAX
 * (0..7 unless the spec defines them before the first include): a value
 * outside is out-of-range, which for a reference count is a put too many
 * (below 0) or a get the scenario never bounds.
 */
#ifndef LS__ASM_LS_ATOMIC_H
#define LS__ASM_LS_ATOMIC_H

#include "lockspin.h"

#ifndef LS_ATOMIC_MIN
#define LS_ATOMIC_MIN 0
#endif
#ifndef LS_ATOMIC_MAX
#define LS_ATOMIC_MAX 7
#endif

/* the bounds expanded before LS_RANGE spells them */
#define LS__ATOMIC_RANGE(lo, hi) LS_RANGE(lo, hi)
typedef struct {
	int counter LS_STATE LS__ATOMIC_RANGE(LS_ATOMIC_MIN, LS_ATOMIC_MAX);
} atomic_t;

#define ATOMIC_INIT(i) { (i) }
#define atomic_read(v) ls_atomic_load(&(v)->counter)
#define atomic_set(v, i) ls_atomic_store(&(v)->counter, (i))
#define atomic_add(i, v) ((void)ls_atomic_fetch_add(&(v)->counter, (i)))
#define atomic_sub(i, v) ((void)ls_atomic_fetch_add(&(v)->counter, -(i)))
#define atomic_inc(v) atomic_add(1, v)
#define atomic_dec(v) atomic_sub(1, v)
#define atomic_fetch_add(i, v) ((int)ls_atomic_fetch_add(&(v)->counter, (i)))
#define atomic_fetch_sub(i, v) ((int)ls_atomic_fetch_add(&(v)->counter, -(i)))
#define atomic_add_return(i, v) (atomic_fetch_add(i, v) + (i))
#define atomic_sub_return(i, v) (atomic_fetch_sub(i, v) - (i))
#define atomic_inc_return(v) atomic_add_return(1, v)
#define atomic_dec_return(v) atomic_sub_return(1, v)
#define atomic_sub_and_test(i, v) (atomic_sub_return(i, v) == 0)
#define atomic_dec_and_test(v) (atomic_dec_return(v) == 0)
#define atomic_inc_and_test(v) (atomic_inc_return(v) == 0)
#define atomic_xchg(v, n) ((int)ls_atomic_xchg(&(v)->counter, (n)))
#define atomic_cmpxchg(v, o, n) ((int)ls_atomic_cmpxchg(&(v)->counter, (o), (n)))

/* on any integer object: the old value */
#define cmpxchg(p, o, n) ls_atomic_cmpxchg((p), (o), (n))
#define xchg(p, v) ls_atomic_xchg((p), (v))

#endif /* LS__ASM_LS_ATOMIC_H */
