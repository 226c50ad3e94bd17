/*
 * linux/bug.h - BUG(), BUG_ON(), WARN_ON() as lockspin assertions, so that a
 * reachable BUG is a verdict with a trace (see linux/compiler.h).
 *
 * WARN_ON(cond) is an assertion too: the kernel goes on after the warning,
 * but a warning that can fire is what a maintainer wants to see.  Its value
 * is cond, as in the kernel (`if (WARN_ON(x)) return;`).
 */
#ifndef LS__LINUX_BUG_H
#define LS__LINUX_BUG_H

/* over a Linux tree (LS_UPSTREAM): the tree's first; the macros below
 * replace its own */
#if defined(LS_UPSTREAM) && __has_include_next(<linux/bug.h>)
#include_next <linux/bug.h>
#undef BUG
#undef BUG_ON
#undef WARN_ON
#undef WARN_ON_ONCE
#undef WARN
#undef WARN_ONCE
#undef BUILD_BUG_ON
#endif

#include "linux/compiler.h"

/* ls_assert() with the kernel's text: the condition must be modelled state
 * (a BUG_ON over untracked data is an error that names it) */
#define LS__BUG_IF(cond, text) ls__assert((ls__assert_point(LS__HERE), !(cond)), text, LS__HERE)
#define BUG() LS__BUG_IF(1, "BUG()")
#define BUG_ON(cond) LS__BUG_IF(cond, "BUG_ON(" #cond ")")
#define WARN_ON(cond) ({ bool __ls_w = !!(cond); LS__BUG_IF(__ls_w, "WARN_ON(" #cond ")"); __ls_w; })
#define WARN_ON_ONCE(cond) WARN_ON(cond)
#define WARN(cond, ...) WARN_ON(cond)
#define WARN_ONCE(cond, ...) WARN_ON(cond)
#define BUILD_BUG_ON(cond) _Static_assert(!(cond), "BUILD_BUG_ON(" #cond ")")

#endif /* LS__LINUX_BUG_H */
