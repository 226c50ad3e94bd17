/*
 * ls__rename.h - over a Linux tree (LS_UPSTREAM): while lockspin's lock-API
 * headers read the tree's own (#include_next), the tree's lock types are
 * renamed away (spinlock_t is ls__upstream_spinlock_t there), so lockspin's
 * are the ones every later declaration sees; and LS__READING is 1, so the
 * tree's own guards of those locks (DEFINE_GUARD(mutex, ...),
 * DEFINE_LOCK_GUARD_1(spinlock, ...)) define nothing (linux/cleanup.h).
 * Between linux/ls__push.h and linux/ls__pop.h.  No guard.
 */
#undef spinlock
#undef spinlock_t
#undef raw_spinlock
#undef raw_spinlock_t
#undef rwlock_t
#undef mutex
#undef rw_semaphore
#undef LS__READING
#define spinlock ls__upstream_spinlock
#define spinlock_t ls__upstream_spinlock_t
#define raw_spinlock ls__upstream_raw_spinlock
#define raw_spinlock_t ls__upstream_raw_spinlock_t
#define rwlock_t ls__upstream_rwlock_t
#define mutex ls__upstream_mutex
#define rw_semaphore ls__upstream_rw_semaphore
#define LS__READING 1
