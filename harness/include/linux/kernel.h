/*
 * linux/kernel.h - container_of, ARRAY_SIZE, min/max, printk and
 * might_sleep (see linux/compiler.h).
 *
 * container_of(ptr, type, member) is the C pointer arithmetic natively; the
 * extractor maps &obj->member back to obj when obj is a modelled object
 * (anything else is untracked, as the arithmetic is).
 * printk and pr_*() print nothing (their arguments are not evaluated).
 * might_sleep() asserts that interrupts are enabled on the CPU, and is an
 * error in an interrupt handler.
 */
#ifndef LS__LINUX_KERNEL_H
#define LS__LINUX_KERNEL_H

/* the system's <linux/kernel.h> (sysinfo) first: <sys/sysinfo.h> wants it;
 * over a Linux tree (LS_UPSTREAM) the tree's, whose macros below replace */
#if defined(LS_UPSTREAM) && defined(__KERNEL__) && __has_include_next(<linux/kernel.h>)
#include_next <linux/kernel.h>
#undef container_of
#undef ARRAY_SIZE
#undef min
#undef max
#undef might_sleep
#undef cond_resched
#undef cpu_relax
#elif defined(__has_include_next) && __has_include_next(<linux/kernel.h>)
#include_next <linux/kernel.h>
#endif
#include "linux/compiler.h"
#include "linux/types.h"
#include "linux/bug.h"
#include "linux/errno.h"

#define container_of(ptr, type, member) \
	((type *)ls__container_of((void *)((char *)(ptr) - offsetof(type, member)), (ptr), #member))
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define min(a, b) ((a) < (b) ? (a) : (b))
#define max(a, b) ((a) > (b) ? (a) : (b))
/* printk() and pr_*(), again after the tree's kernel.h (LS_UPSTREAM) */
#include "linux/printk.h"
#include "linux/ls__printk.h"
#define might_sleep() ls_might_sleep()
#define cond_resched() ((void)0)
#define cpu_relax() ((void)0)

#endif /* LS__LINUX_KERNEL_H */
