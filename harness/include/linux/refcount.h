/*
 * linux/refcount.h - refcount_t, written for lockspin from the kernel's
 * documented semantics (Documentation/core-api/refcount-vs-atomic.rst):
 * an atomic_t that must never be incremented from 0 (a use after free) nor
 * decremented below 1 by anything but the final put; the kernel WARNs and
 * saturates then, and here that WARN is what linux/bug.h's WARN() is, a
 * failed check at the caller's line.  refcount_dec_and_test() is true for
 * the put that dropped the count to 0.
 *
 * The kernel has the operations as inline functions in this header, which
 * the front end does not lower: here they are macros over the modelled
 * atomics (linux/atomic.h), each a model step at the caller's line;
 * refcount_inc_not_zero() is the kernel's compare-and-swap loop.  The ones
 * lib/refcount.c defines (refcount_dec_if_one(), refcount_dec_not_one(),
 * refcount_dec_and_mutex_lock(), refcount_dec_and_lock() and _irqsave)
 * are only declared: give that file, or a side-car that says what they do.
 * Saturation itself is not modelled (an atomic_t's counter is
 * LS_ATOMIC_MIN..MAX: a count past it is out-of-range).  Over a Linux tree
 * (LS_UPSTREAM) the tree's header is read instead.
 */
#ifndef LS__LINUX_REFCOUNT_H
#define LS__LINUX_REFCOUNT_H

#if defined(LS_UPSTREAM) && defined(__KERNEL__) && __has_include_next(<linux/refcount.h>)
#include_next <linux/refcount.h>
#else
#include <limits.h>
#include "linux/atomic.h"
#include "linux/bug.h"
#include "linux/spinlock_types.h"

struct mutex;

/* the kernel's refcount_warn_saturate(): WARN() with its message */
#define LS__REFCOUNT_WARN(cond, text) LS__BUG_IF(cond, text)

typedef struct refcount_struct {
	atomic_t refs;
} refcount_t;

#define REFCOUNT_INIT(n) { .refs = ATOMIC_INIT(n), }
#define REFCOUNT_MAX INT_MAX
#define REFCOUNT_SATURATED (INT_MIN / 2)

#define refcount_set(r, n) atomic_set(&(r)->refs, (n))
#define refcount_set_release(r, n) atomic_set(&(r)->refs, (n))
#define refcount_read(r) atomic_read(&(r)->refs)

/* true unless the count was 0 (then it stays 0) */
#define refcount_add_not_zero(i, r) \
	({ \
		int ls__rc_old = refcount_read(r); \
		while (ls__rc_old && !atomic_try_cmpxchg_relaxed(&(r)->refs, &ls__rc_old, ls__rc_old + (i))) \
			; \
		LS__REFCOUNT_WARN(ls__rc_old < 0, "refcount_t: saturated; leaking memory."); \
		ls__rc_old != 0; \
	})
#define refcount_inc_not_zero(r) refcount_add_not_zero(1, r)
#define refcount_add(i, r) \
	do { \
		int ls__rc_old = atomic_fetch_add_relaxed((i), &(r)->refs); \
		LS__REFCOUNT_WARN(!ls__rc_old, "refcount_t: addition on 0; use-after-free."); \
	} while (0)
#define refcount_inc(r) refcount_add(1, r)
#define refcount_sub_and_test(i, r) \
	({ \
		int ls__rc_old = atomic_fetch_sub_release((i), &(r)->refs); \
		LS__REFCOUNT_WARN(ls__rc_old != (i) && ls__rc_old - (i) < 0, "refcount_t: underflow; use-after-free."); \
		ls__rc_old == (i); \
	})
#define refcount_dec_and_test(r) refcount_sub_and_test(1, r)
#define refcount_dec(r) \
	do { \
		int ls__rc_old = atomic_fetch_sub_release(1, &(r)->refs); \
		LS__REFCOUNT_WARN(ls__rc_old <= 1, "refcount_t: decrement hit 0; leaking memory."); \
	} while (0)

extern bool refcount_dec_if_one(refcount_t *r);
extern bool refcount_dec_not_one(refcount_t *r);
extern bool refcount_dec_and_mutex_lock(refcount_t *r, struct mutex *lock);
extern bool refcount_dec_and_lock(refcount_t *r, spinlock_t *lock);
extern bool refcount_dec_and_lock_irqsave(refcount_t *r, spinlock_t *lock, unsigned long *flags);
#endif

#endif /* LS__LINUX_REFCOUNT_H */
