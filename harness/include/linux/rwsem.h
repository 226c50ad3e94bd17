/*
 * linux/rwsem.h - struct rw_semaphore on lockspin's rwsem: readers share, a
 * waiting writer blocks new readers (see linux/compiler.h).
 * downgrade_write() turns the write hold into a read hold in one step, so no
 * other writer can come in between.  _interruptible/_killable as in
 * linux/mutex.h.
 */
#ifndef _LINUX_RWSEM_H
#define _LINUX_RWSEM_H

#include "linux/compiler.h"
#include "linux/types.h"
#include "linux/errno.h"
#include "linux/lockdep.h"
#include "linux/cleanup.h"

struct LS_LOCK_TYPE("rwsem") rw_semaphore { LS_LOCK_BODY; };

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

#endif /* _LINUX_RWSEM_H */
