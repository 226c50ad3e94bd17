/*
 * linux/printk.h - printk(), printk_deferred(), pr_*() and the KERN_* log
 * levels, written for lockspin from the kernel's documented interface (a
 * level is a string prefix: KERN_SOH, then the level's digit).  The
 * functions print nothing (linux/ls__printk.h).  Over a Linux tree
 * (LS_UPSTREAM) the tree's header is read first; its printk macros are
 * replaced.
 */
#ifndef LS__LINUX_PRINTK_H
#define LS__LINUX_PRINTK_H

#if defined(LS_UPSTREAM) && defined(__KERNEL__) && __has_include_next(<linux/printk.h>)
#include_next <linux/printk.h>
#else
#define KERN_SOH "\001"
#define KERN_EMERG KERN_SOH "0"
#define KERN_ALERT KERN_SOH "1"
#define KERN_CRIT KERN_SOH "2"
#define KERN_ERR KERN_SOH "3"
#define KERN_WARNING KERN_SOH "4"
#define KERN_NOTICE KERN_SOH "5"
#define KERN_INFO KERN_SOH "6"
#define KERN_DEBUG KERN_SOH "7"
#define KERN_DEFAULT ""
#define KERN_CONT KERN_SOH "c"
#ifndef pr_fmt
#define pr_fmt(fmt) fmt
#endif
#endif

#include "linux/ls__printk.h"

#endif /* LS__LINUX_PRINTK_H */
