/*
 * linux/ratelimit.h - the helpers around struct ratelimit_state
 * (linux/ratelimit_types.h), written for lockspin from their documented
 * meaning: a miss is counted in rs->missed; reset_miss() returns the count
 * and zeroes it in one step.
 *
 * The kernel has them as inline functions in this header, which the front
 * end does not lower (a call to one would be ignored, losing the count):
 * here they are macros over the modelled atomics, so each is one model step
 * at the caller's line.  Over a Linux tree (LS_UPSTREAM) the tree's header
 * is read first; these macros, defined after its inline functions, are what
 * every later call reaches.
 */
#ifndef LS__LINUX_RATELIMIT_H
#define LS__LINUX_RATELIMIT_H

#if defined(LS_UPSTREAM) && defined(__KERNEL__) && __has_include_next(<linux/ratelimit.h>)
#include_next <linux/ratelimit.h>
#undef ratelimit_state_inc_miss
#undef ratelimit_state_get_miss
#undef ratelimit_state_reset_miss
#undef ratelimit_set_flags
#undef ratelimit_state_init
#undef ratelimit_default_init
#endif

#include "linux/ratelimit_types.h"
#include "linux/spinlock.h"
/* the kernel's reaches printk through linux/sched.h (ratelimit_state_exit()
 * prints the misses) */
#include "linux/printk.h"

#define ratelimit_state_inc_miss(rs) atomic_inc(&(rs)->missed)
#define ratelimit_state_get_miss(rs) atomic_read(&(rs)->missed)
#define ratelimit_state_reset_miss(rs) atomic_xchg(&(rs)->missed, 0)
#define ratelimit_set_flags(rs, f) ((void)((rs)->flags = (f)))
#define ratelimit_state_init(rs, interval_init, burst_init) \
	do { \
		raw_spin_lock_init(&(rs)->lock); \
		(rs)->interval = (interval_init); \
		(rs)->burst = (burst_init); \
		atomic_set(&(rs)->rs_n_left, 0); \
		atomic_set(&(rs)->missed, 0); \
		(rs)->flags = 0; \
		(rs)->begin = 0; \
	} while (0)
#define ratelimit_default_init(rs) \
	ratelimit_state_init(rs, DEFAULT_RATELIMIT_INTERVAL, DEFAULT_RATELIMIT_BURST)

#endif /* LS__LINUX_RATELIMIT_H */
