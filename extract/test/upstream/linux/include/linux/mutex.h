#ifndef __LINUX_MUTEX_H
#define __LINUX_MUTEX_H
#include <linux/types.h>
#include <linux/lockdep.h>
#include <linux/mutex_types.h>
#include <linux/cleanup.h>
#define __MUTEX_INITIALIZER(lockname) { .owner = { 0 }, .wait_lock = __RAW_SPIN_LOCK_UNLOCKED(lockname.wait_lock), \
	.wait_list = LIST_HEAD_INIT(lockname.wait_list) }
#define DEFINE_MUTEX(mutexname) struct mutex mutexname = __MUTEX_INITIALIZER(mutexname)
extern void __mutex_init(struct mutex *lock, const char *name, struct lock_class_key *key);
#define mutex_init(mutex) do { static struct lock_class_key __key; __mutex_init((mutex), #mutex, &__key); } while (0)
extern void mutex_lock_nested(struct mutex *lock, unsigned int subclass);
#define mutex_lock(lock) mutex_lock_nested(lock, 0)
extern int __must_check mutex_lock_interruptible(struct mutex *lock);
extern int mutex_trylock(struct mutex *lock);
extern void mutex_unlock(struct mutex *lock);
extern int mutex_is_locked(struct mutex *lock);
DEFINE_GUARD(mutex, struct mutex *, mutex_lock(_T), mutex_unlock(_T))
DEFINE_GUARD_COND(mutex, _try, mutex_trylock(_T))
#endif /* __LINUX_MUTEX_H */
