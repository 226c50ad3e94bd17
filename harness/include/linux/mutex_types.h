/*
 * linux/mutex_types.h - struct mutex on lockspin's mutex (see
 * linux/mutex.h).  Over a tree (LS_UPSTREAM) its own is read first, its
 * struct mutex renamed away (linux/ls__rename.h).
 */
#ifndef LS__LINUX_MUTEX_TYPES_H
#define LS__LINUX_MUTEX_TYPES_H

#if defined(LS_UPSTREAM) && __has_include_next(<linux/mutex_types.h>)
#include "linux/ls__push.h"
#include "linux/ls__rename.h"
#include_next <linux/mutex_types.h>
#include "linux/ls__pop.h"

#endif

#include "linux/compiler.h"

#include "linux/ls__push.h"
#include "linux/ls__unrename.h"
struct LS_LOCK_TYPE("mutex") mutex { LS_LOCK_BODY; };
#include "linux/ls__pop.h"

#endif /* LS__LINUX_MUTEX_TYPES_H */
