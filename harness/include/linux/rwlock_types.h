/*
 * linux/rwlock_types.h - rwlock_t on lockspin's rwlock (see linux/rwlock.h).
 * Over a tree (LS_UPSTREAM) its own is read first, its rwlock_t renamed away
 * (linux/ls__rename.h).
 */
#ifndef LS__LINUX_RWLOCK_TYPES_H
#define LS__LINUX_RWLOCK_TYPES_H

#if defined(LS_UPSTREAM) && __has_include_next(<linux/rwlock_types.h>)
#include "linux/ls__push.h"
#include "linux/ls__rename.h"
#include_next <linux/rwlock_types.h>
#include "linux/ls__pop.h"
#undef __RW_LOCK_UNLOCKED
#undef DEFINE_RWLOCK
#endif

#include "linux/compiler.h"

#include "linux/ls__push.h"
#include "linux/ls__unrename.h"
typedef struct LS_LOCK_TYPE("rwlock") ls__linux_rwlock { LS_LOCK_BODY; } rwlock_t;
#include "linux/ls__pop.h"

#define __RW_LOCK_UNLOCKED(name) { { 0 } }
#define DEFINE_RWLOCK(name) rwlock_t name = __RW_LOCK_UNLOCKED(name)

#endif /* LS__LINUX_RWLOCK_TYPES_H */
