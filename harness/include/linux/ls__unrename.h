/* ls__unrename.h - lockspin's own lock types are defined under their own
 * names, even while a tree's header is being read (linux/ls__rename.h):
 * between linux/ls__push.h and linux/ls__pop.h.  No guard. */
#undef spinlock
#undef spinlock_t
#undef raw_spinlock
#undef raw_spinlock_t
#undef rwlock_t
#undef mutex
#undef rw_semaphore
