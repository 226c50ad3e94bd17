/*
 * linux/slab.h - kmalloc() and friends, written for lockspin from their
 * documented meaning.  The model does not follow the heap: an allocation's
 * result is an untracked pointer (a driver's objects are the side-car's
 * globals, LS_POINTS_TO), so each is a static inline function, which the
 * front end ignores with any result; natively it is the C library's
 * allocator (kzalloc zeroed, as the kernel's).  The gfp flags are accepted
 * and mean nothing.
 */
#ifndef LS__LINUX_SLAB_H
#define LS__LINUX_SLAB_H

#if defined(LS_UPSTREAM) && defined(__KERNEL__) && __has_include_next(<linux/slab.h>)
#include_next <linux/slab.h>
#else
#include "linux/types.h"
#include "linux/gfp.h"

/* the C library's allocator, declared rather than <stdlib.h> included: that
 * defines loff_t differently from linux/types.h's kernel one */
extern void *malloc(size_t size);
extern void *calloc(size_t n, size_t size);
extern void free(void *p);

static inline void *kmalloc(size_t size, gfp_t flags)
{
	(void)flags;
	return malloc(size ? size : 1);
}
static inline void *kzalloc(size_t size, gfp_t flags)
{
	(void)flags;
	return calloc(1, size ? size : 1);
}
static inline void *kcalloc(size_t n, size_t size, gfp_t flags)
{
	(void)flags;
	return calloc(n ? n : 1, size ? size : 1);
}
static inline void *kmalloc_array(size_t n, size_t size, gfp_t flags)
{
	return kcalloc(n, size, flags);
}
static inline void kfree(const void *p)
{
	free((void *)p);
}
#define kfree_sensitive(p) kfree(p)
#endif

#endif /* LS__LINUX_SLAB_H */
