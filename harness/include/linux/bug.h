/*
 * linux/bug.h - BUG(), BUG_ON(), WARN_ON() as lockspin assertions, so that a
 * reachable BUG is a verdict with a trace (see linux/compiler.h).
 *
 * WARN_ON(cond) is an assertion too: the kernel goes on after the warning,
 * but a warning that can fire is what a maintainer wants to see.  Its value
 * is cond, as in the kernel (`if (WARN_ON(x)) return;`).
 */
#ifndef _LINUX_BUG_H
#define _LINUX_BUG_H

#include "linux/compiler.h"
#include <stdbool.h>

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

#endif /* _LINUX_BUG_H */
