/*
 * linux/lockdep.h - lockdep's assertions as lockspin checks (see
 * linux/compiler.h).  lockdep's classes are lockspin's: one per lock
 * declaration (LS_CLASS to merge); lockdep_set_class() and keys are not
 * needed and compile to nothing.
 */
#ifndef __LINUX_LOCKDEP_H
#define __LINUX_LOCKDEP_H

#include "lockspin.h"

struct lock_class_key { int unused; };
#define lockdep_assert_held(l) ls_assert_held(l)
#define lockdep_assert_not_held(l) ls_assert_not_held(l)
#define lockdep_assert_held_write(l) ls_assert_held(l)
#define lockdep_assert_held_read(l) ls_assert_held(l)
#define lockdep_assert_held_once(l) ls_assert_held(l)
#define lockdep_assert_irqs_disabled() \
	ls__assert((ls__assert_point(LS__HERE), ls__irqs_disabled(LS__HERE)), "lockdep_assert_irqs_disabled()", LS__HERE)
#define lockdep_assert_irqs_enabled() \
	ls__assert((ls__assert_point(LS__HERE), !ls__irqs_disabled(LS__HERE)), "lockdep_assert_irqs_enabled()", LS__HERE)
#define lockdep_set_class(l, key) ((void)(key))
#define lockdep_set_subclass(l, sub) ((void)(sub))
#define lockdep_off() ((void)0)
#define lockdep_on() ((void)0)
#define SINGLE_DEPTH_NESTING 1

#endif /* __LINUX_LOCKDEP_H */
