/*
 * linux/mutex.h - struct mutex on lockspin's mutex (see linux/compiler.h).
 *
 * mutex_lock_interruptible() and _killable() take a free mutex at once, as
 * the kernel's fast path does without looking at signals; on a mutex held by
 * another thread they either wait for it or fail with -EINTR (a signal may
 * come at any moment of the wait): a trylock, then a choice the trace shows.
 * mutex_lock_nested(): as in lockdep, (class, subclass) is a class of its
 * own in the lock-order graph (subclass a constant in 0..7).
 */
#ifndef LS__LINUX_MUTEX_H
#define LS__LINUX_MUTEX_H

/* over a Linux tree (LS_UPSTREAM): lockspin's struct mutex first (the
 * tree's renamed away), then the tree's header read with its lock names
 * renamed (linux/ls__rename.h); the macros below replace its own */
#if defined(LS_UPSTREAM) && __has_include_next(<linux/mutex.h>)
#include "linux/mutex_types.h"
#include "linux/cleanup.h"
#include "linux/ls__push.h"
#include "linux/ls__rename.h"
#include_next <linux/mutex.h>
#include "linux/ls__pop.h"
#undef __MUTEX_INITIALIZER
#undef DEFINE_MUTEX
#undef mutex_init
#undef mutex_destroy
#undef mutex_is_locked
#undef mutex_lock
#undef mutex_unlock
#undef mutex_trylock
#undef mutex_lock_nested
#undef mutex_lock_interruptible
#undef mutex_lock_killable
#undef mutex_lock_interruptible_nested
#undef mutex_lock_killable_nested
#undef class_mutex_constructor
#endif

#include "linux/compiler.h"
#include "linux/types.h"
#include "linux/linkage.h"
#include "linux/errno.h"
#include "linux/lockdep.h"
#include "linux/cleanup.h"

#include "linux/mutex_types.h"

#define __MUTEX_INITIALIZER(name) { { 0 } }
#define DEFINE_MUTEX(name) struct mutex name = __MUTEX_INITIALIZER(name)
#define mutex_init(l) ((void)(l))
#define mutex_destroy(l) ((void)(l))
#define mutex_is_locked(l) ls__is_locked((l), LS__HERE)

#define mutex_lock(l) ls__acquire((l), LS_K_MUTEX, LS__HERE)
#define mutex_unlock(l) ls__release((l), LS_K_MUTEX, LS__HERE)
#define mutex_trylock(l) ((int)ls__tryacquire((l), LS_K_MUTEX, LS__HERE))
#define mutex_lock_nested(l, sub) ls__acquire_nested((l), LS_K_MUTEX, (sub), LS__HERE)
#define mutex_lock_interruptible(l) \
	({ int __ls_r = 0; if (!mutex_trylock(l)) { if (ls__signal("mutex_lock_interruptible()", LS__HERE)) \
		__ls_r = -EINTR; else mutex_lock(l); } __ls_r; })
#define mutex_lock_killable(l) \
	({ int __ls_r = 0; if (!mutex_trylock(l)) { if (ls__signal("mutex_lock_killable()", LS__HERE)) \
		__ls_r = -EINTR; else mutex_lock(l); } __ls_r; })
#define mutex_lock_interruptible_nested(l, sub) \
	({ int __ls_r = 0; if (!mutex_trylock(l)) { if (ls__signal("mutex_lock_interruptible_nested()", LS__HERE)) \
		__ls_r = -EINTR; else mutex_lock_nested(l, sub); } __ls_r; })
#define mutex_lock_killable_nested(l, sub) \
	({ int __ls_r = 0; if (!mutex_trylock(l)) { if (ls__signal("mutex_lock_killable_nested()", LS__HERE)) \
		__ls_r = -EINTR; else mutex_lock_nested(l, sub); } __ls_r; })

LS__LOCK_GUARD(mutex)
#define class_mutex_constructor(l) ls__guard((l), LS_K_MUTEX, LS__HERE)

#endif /* LS__LINUX_MUTEX_H */
