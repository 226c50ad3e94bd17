/*
 * linux/spinlock_types.h - spinlock_t on lockspin's spinlock (see
 * linux/spinlock.h), with raw_spinlock_t and rwlock_t.  Over a tree
 * (LS_UPSTREAM) its own is read first, its spinlock_t renamed away
 * (linux/ls__rename.h).
 */
#ifndef LS__LINUX_SPINLOCK_TYPES_H
#define LS__LINUX_SPINLOCK_TYPES_H

#if defined(LS_UPSTREAM) && __has_include_next(<linux/spinlock_types.h>)
#include "linux/ls__push.h"
#include "linux/ls__rename.h"
#include_next <linux/spinlock_types.h>
#include "linux/ls__pop.h"
#undef __SPIN_LOCK_UNLOCKED
#undef DEFINE_SPINLOCK
#endif

#include "linux/compiler.h"
#include "linux/spinlock_types_raw.h"
#include "linux/rwlock_types.h"

#include "linux/ls__push.h"
#include "linux/ls__unrename.h"
struct LS_LOCK_TYPE("spinlock") spinlock { LS_LOCK_BODY; };
typedef struct spinlock spinlock_t;
#include "linux/ls__pop.h"

#define __SPIN_LOCK_UNLOCKED(name) { { 0 } }
#define DEFINE_SPINLOCK(name) spinlock_t name = __SPIN_LOCK_UNLOCKED(name)

#endif /* LS__LINUX_SPINLOCK_TYPES_H */
