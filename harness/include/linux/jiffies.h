/*
 * linux/jiffies.h - the tick counter and its wrap-safe comparisons, written
 * for lockspin from their documented meaning: time_after(a, b) is true when
 * a is later than b, computed on the signed difference so that it holds
 * across a wrap of the counter.
 *
 * `jiffies` is only declared here: a side-car or spec that reads it defines
 * it, and may make it modelled state (`LS_GLOBAL(jiffies, LS_STATE
 * LS_RANGE(0, 3))`) that a thread of its scenario advances; left
 * undefined, each read is any value (a clock the model does not follow).
 * Over a Linux tree (LS_UPSTREAM) the tree's header is read instead.
 */
#ifndef LS__LINUX_JIFFIES_H
#define LS__LINUX_JIFFIES_H

#if defined(LS_UPSTREAM) && defined(__KERNEL__) && __has_include_next(<linux/jiffies.h>)
#include_next <linux/jiffies.h>
#else
#include "linux/types.h"

#ifndef HZ
#define HZ 100
#endif
extern unsigned long volatile jiffies;

#define time_after(a, b) ((long)((b) - (a)) < 0)
#define time_before(a, b) time_after(b, a)
#define time_after_eq(a, b) ((long)((a) - (b)) >= 0)
#define time_before_eq(a, b) time_after_eq(b, a)
#define time_in_range(a, b, c) (time_after_eq(a, b) && time_before_eq(a, c))
#define time_is_before_jiffies(a) time_after(jiffies, a)
#define time_is_after_jiffies(a) time_before(jiffies, a)
#define time_is_before_eq_jiffies(a) time_after_eq(jiffies, a)
#define time_is_after_eq_jiffies(a) time_before_eq(jiffies, a)
#endif

#endif /* LS__LINUX_JIFFIES_H */
