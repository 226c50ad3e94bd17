#ifndef __LINUX_LOCKDEP_H
#define __LINUX_LOCKDEP_H
#include <linux/types.h>
#include <linux/bug.h>
struct lock_class_key {
	unsigned long subkeys[8];
};
extern int lock_is_held(const void *lock);
#define lockdep_is_held(lock) lock_is_held(&(lock)->dep_map)
#define lockdep_assert_held(l) do { WARN_ON(!lockdep_is_held(l)); } while (0)
#define lockdep_assert_not_held(l) do { WARN_ON(lockdep_is_held(l)); } while (0)
#define lockdep_set_class(lock, key) ((void)(key))
#define SINGLE_DEPTH_NESTING 1
#endif /* __LINUX_LOCKDEP_H */
