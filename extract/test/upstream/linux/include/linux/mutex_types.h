#ifndef __LINUX_MUTEX_TYPES_H
#define __LINUX_MUTEX_TYPES_H
#include <linux/types.h>
#include <linux/spinlock_types.h>
struct lockdep_map {
	struct lock_class_key *key;
	const char *name;
};
struct mutex {
	atomic_long_t owner;
	raw_spinlock_t wait_lock;
	struct list_head wait_list;
	struct lockdep_map dep_map;
};
#endif
