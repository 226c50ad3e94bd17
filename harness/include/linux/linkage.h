/*
 * linux/linkage.h - asmlinkage, written for lockspin; and, as the kernel's
 * did for most of its history, linux/export.h, which files that include
 * linux/spinlock.h use without including it (lib/refcount.c of v4.19 to
 * v5.4: EXPORT_SYMBOL() after each function).  Over a Linux tree
 * (LS_UPSTREAM) the tree's header is read instead.
 */
#ifndef LS__LINUX_LINKAGE_H
#define LS__LINUX_LINKAGE_H

#if defined(LS_UPSTREAM) && defined(__KERNEL__) && __has_include_next(<linux/linkage.h>)
#include_next <linux/linkage.h>
#else
#include "linux/export.h"
#ifndef asmlinkage
#define asmlinkage
#endif
#endif

#endif /* LS__LINUX_LINKAGE_H */
