#ifndef _LINUX_RATELIMIT_TYPES_H
#define _LINUX_RATELIMIT_TYPES_H
#include <linux/types.h>
#include <linux/spinlock_types_raw.h>
/* the state's shape since the rs_n_left rewrite: a raw lock over begin and
 * flags, the grants left and the misses as atomic_t */
#define RATELIMIT_MSG_ON_RELEASE	(1UL << 0)
#define RATELIMIT_INITIALIZED		(1UL << 1)
struct ratelimit_state {
	raw_spinlock_t	lock;
	int		interval;
	int		burst;
	atomic_t	rs_n_left;
	atomic_t	missed;
	unsigned int	flags;
	unsigned long	begin;
};
#define RATELIMIT_STATE_INIT(name, interval_init, burst_init) {		\
		.lock = __RAW_SPIN_LOCK_UNLOCKED(name.lock),		\
		.interval = interval_init, .burst = burst_init }
#define DEFINE_RATELIMIT_STATE(name, interval_init, burst_init)		\
	struct ratelimit_state name = RATELIMIT_STATE_INIT(name, interval_init, burst_init)
extern int ___ratelimit(struct ratelimit_state *rs, const char *func);
#define __ratelimit(state) ___ratelimit(state, __func__)
#endif /* _LINUX_RATELIMIT_TYPES_H */
