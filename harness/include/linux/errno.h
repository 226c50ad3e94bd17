/*
 * linux/errno.h - the error numbers lock code returns (see linux/compiler.h).
 * The C library reaches the system's <linux/errno.h> through <errno.h>; this
 * one stands in front of it on the include path, so it passes it on.
 */
#ifndef LS__LINUX_ERRNO_H
#define LS__LINUX_ERRNO_H

#if defined(__has_include_next) && __has_include_next(<linux/errno.h>)
#include_next <linux/errno.h>
#endif
/* a kernel tree has no C library (-nostdinc): its linux/errno.h is all */
#if !defined(LS_UPSTREAM) || !defined(__KERNEL__)
#include <errno.h>
#endif
#ifndef ERESTARTSYS
#define ERESTARTSYS 512
#endif

#endif /* LS__LINUX_ERRNO_H */
