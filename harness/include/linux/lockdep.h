/*
 * linux/lockdep.h - lockdep's assertions as lockspin checks (see
 * linux/compiler.h).  lockdep's classes are lockspin's: one per lock
 * declaration (LS_CLASS to merge); lockdep_set_class() and keys are not
 * needed and compile to nothing.
 */
#ifndef LS__LINUX_LOCKDEP_H
#define LS__LINUX_LOCKDEP_H

/* over a Linux tree (LS_UPSTREAM): the tree's header first (its struct
 * lock_class_key stays); the macros below replace its own */
#if defined(LS_UPSTREAM) && __has_include_next(<linux/lockdep.h>)
#include "linux/ls__push.h"
#include "linux/ls__rename.h"
#include_next <linux/lockdep.h>
#include "linux/ls__pop.h"
#undef lockdep_assert_held
#undef lockdep_assert_not_held
#undef lockdep_assert_held_write
#undef lockdep_assert_held_read
#undef lockdep_assert_held_once
#undef lockdep_assert_irqs_disabled
#undef lockdep_assert_irqs_enabled
#undef lockdep_set_class
#undef lockdep_set_subclass
#undef lockdep_off
#undef lockdep_on
#undef SINGLE_DEPTH_NESTING
#endif

#include "lockspin.h"

#if !defined(LS_UPSTREAM) || !__has_include_next(<linux/lockdep.h>)
struct lock_class_key { int unused; };
#endif
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

#endif /* LS__LINUX_LOCKDEP_H */
