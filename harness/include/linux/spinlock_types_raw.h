/*
 * linux/spinlock_types_raw.h - raw_spinlock_t on lockspin's spinlock (see
 * linux/spinlock.h).  Over a tree (LS_UPSTREAM) its own is read first, its
 * raw_spinlock_t renamed away (linux/ls__rename.h).
 */
#ifndef LS__LINUX_SPINLOCK_TYPES_RAW_H
#define LS__LINUX_SPINLOCK_TYPES_RAW_H

#if defined(LS_UPSTREAM) && __has_include_next(<linux/spinlock_types_raw.h>)
#include "linux/ls__push.h"
#include "linux/ls__rename.h"
#include_next <linux/spinlock_types_raw.h>
#include "linux/ls__pop.h"
#undef __RAW_SPIN_LOCK_UNLOCKED
#undef DEFINE_RAW_SPINLOCK
#endif

#include "linux/compiler.h"

#include "linux/ls__push.h"
#include "linux/ls__unrename.h"
struct LS_LOCK_TYPE("spinlock") raw_spinlock { LS_LOCK_BODY; };
typedef struct raw_spinlock raw_spinlock_t;
#include "linux/ls__pop.h"

/* all zero is unlocked (the runtime's registry names the lock) */
#define __RAW_SPIN_LOCK_UNLOCKED(name) { { 0 } }
#define DEFINE_RAW_SPINLOCK(name) raw_spinlock_t name = __RAW_SPIN_LOCK_UNLOCKED(name)

#endif /* LS__LINUX_SPINLOCK_TYPES_RAW_H */
