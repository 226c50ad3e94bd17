/*
 * linux/ratelimit_types.h - struct ratelimit_state (the shape lib/ratelimit.c
 * has used since its rs_n_left rewrite: a raw spinlock over begin and flags,
 * the grants left and the misses as atomic_t), its initialisers and
 * ___ratelimit(), written for lockspin from the kernel's documented
 * interface: at most `burst` callers in every `interval` jiffies are told
 * to go ahead.  Over a Linux tree (LS_UPSTREAM) the tree's header is read
 * instead (its raw_spinlock_t and atomic_t are then lockspin's: see
 * linux/spinlock_types_raw.h, linux/types.h).
 */
#ifndef LS__LINUX_RATELIMIT_TYPES_H
#define LS__LINUX_RATELIMIT_TYPES_H

#if defined(LS_UPSTREAM) && defined(__KERNEL__) && __has_include_next(<linux/ratelimit_types.h>)
#include_next <linux/ratelimit_types.h>
#else
#include "linux/bits.h"
#include "linux/jiffies.h"
#include "linux/spinlock_types_raw.h"
#include "linux/atomic.h"

#define DEFAULT_RATELIMIT_INTERVAL (5 * HZ)
#define DEFAULT_RATELIMIT_BURST 10

/* flags: print the misses when the state is released, not in the callback;
 * begin and rs_n_left have been set */
#define RATELIMIT_MSG_ON_RELEASE BIT(0)
#define RATELIMIT_INITIALIZED BIT(1)

struct ratelimit_state {
	raw_spinlock_t lock;
	int interval;
	int burst;
	atomic_t rs_n_left;
	atomic_t missed;
	unsigned int flags;
	unsigned long begin;
};

#define RATELIMIT_STATE_INIT_FLAGS(name, interval_init, burst_init, flags_init) \
	{ .lock = __RAW_SPIN_LOCK_UNLOCKED(name.lock), .interval = (interval_init), \
	  .burst = (burst_init), .flags = (flags_init) }
#define RATELIMIT_STATE_INIT(name, interval_init, burst_init) \
	RATELIMIT_STATE_INIT_FLAGS(name, interval_init, burst_init, 0)
#define RATELIMIT_STATE_INIT_DISABLED RATELIMIT_STATE_INIT(ratelimit_state, 0, DEFAULT_RATELIMIT_BURST)
#define DEFINE_RATELIMIT_STATE(name, interval_init, burst_init) \
	struct ratelimit_state name = RATELIMIT_STATE_INIT(name, interval_init, burst_init)

/* 1: go ahead, 0: suppressed (func names the caller in the misses message) */
extern int ___ratelimit(struct ratelimit_state *rs, const char *func);
#define __ratelimit(state) ___ratelimit(state, __func__)
#endif

#endif /* LS__LINUX_RATELIMIT_TYPES_H */
