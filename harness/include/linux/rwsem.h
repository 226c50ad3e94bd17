/*
 * linux/rwsem.h - struct rw_semaphore on lockspin's rwsem: readers share, a
 * waiting writer blocks new readers (see linux/compiler.h).
 * downgrade_write() turns the write hold into a read hold in one step, so no
 * other writer can come in between.  _interruptible/_killable as in
 * linux/mutex.h.
 */
#ifndef LS__LINUX_RWSEM_H
#define LS__LINUX_RWSEM_H

/* over a Linux tree (LS_UPSTREAM): the tree's header first, its struct
 * rw_semaphore renamed away (linux/ls__rename.h); the macros below replace
 * its own */
#if defined(LS_UPSTREAM) && __has_include_next(<linux/rwsem.h>)
#include "linux/cleanup.h"
#include "linux/ls__push.h"
#include "linux/ls__rename.h"
#include_next <linux/rwsem.h>
#include "linux/ls__pop.h"
#undef __RWSEM_INITIALIZER
#undef DECLARE_RWSEM
#undef init_rwsem
#undef rwsem_is_locked
#undef down_read
#undef up_read
#undef down_write
#undef up_write
#undef down_read_trylock
#undef down_write_trylock
#undef downgrade_write
#undef down_write_nested
#undef down_read_nested
#undef down_read_interruptible
#undef down_read_killable
#undef down_write_killable
#undef class_rwsem_read_constructor
#undef class_rwsem_write_constructor
#endif

#include "linux/compiler.h"
#include "linux/types.h"
#include "linux/errno.h"
#include "linux/lockdep.h"
#include "linux/cleanup.h"

#include "linux/ls__push.h"
#include "linux/ls__unrename.h"
struct LS_LOCK_TYPE("rwsem") rw_semaphore { LS_LOCK_BODY; };
#include "linux/ls__pop.h"

#define __RWSEM_INITIALIZER(name) { { 0 } }
#define DECLARE_RWSEM(name) struct rw_semaphore name = __RWSEM_INITIALIZER(name)
#define init_rwsem(l) ((void)(l))
#define rwsem_is_locked(l) ls__is_locked((l), LS__HERE)

#define down_read(l) ls__acquire_shared((l), LS_K_RWSEM, LS__HERE)
#define up_read(l) ls__release_shared((l), LS_K_RWSEM, LS__HERE)
#define down_write(l) ls__acquire((l), LS_K_RWSEM, LS__HERE)
#define up_write(l) ls__release((l), LS_K_RWSEM, LS__HERE)
#define down_read_trylock(l) ((int)ls__tryacquire_shared((l), LS_K_RWSEM, LS__HERE))
#define down_write_trylock(l) ((int)ls__tryacquire((l), LS_K_RWSEM, LS__HERE))
#define downgrade_write(l) ls__downgrade((l), LS_K_RWSEM, LS__HERE)
#define down_write_nested(l, sub) ls__acquire_nested((l), LS_K_RWSEM, (sub), LS__HERE)
#define down_read_nested(l, sub) ls__acquire_shared_nested((l), LS_K_RWSEM, (sub), LS__HERE)
#define down_read_interruptible(l) \
	({ int __ls_r = 0; if (!down_read_trylock(l)) { if (ls__signal("down_read_interruptible()", LS__HERE)) \
		__ls_r = -EINTR; else down_read(l); } __ls_r; })
#define down_read_killable(l) down_read_interruptible(l)
#define down_write_killable(l) \
	({ int __ls_r = 0; if (!down_write_trylock(l)) { if (ls__signal("down_write_killable()", LS__HERE)) \
		__ls_r = -EINTR; else down_write(l); } __ls_r; })

LS__LOCK_GUARD(rwsem_read)
#define class_rwsem_read_constructor(l) ls__guard_shared((l), LS_K_RWSEM, LS__HERE)
LS__LOCK_GUARD(rwsem_write)
#define class_rwsem_write_constructor(l) ls__guard((l), LS_K_RWSEM, LS__HERE)

#endif /* LS__LINUX_RWSEM_H */
