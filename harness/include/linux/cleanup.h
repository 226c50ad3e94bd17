/*
 * linux/cleanup.h - scope-based cleanup as in the kernel (written for
 * lockspin from the kernel's documented interface; see linux/compiler.h).
 *
 *   DEFINE_FREE(name, type, free)   __free(name)
 *   DEFINE_CLASS(name, type, exit, init, init_args...)   CLASS(name, var)(args)
 *   DEFINE_GUARD(name, type, lock, unlock)   guard(name)(args)
 *   scoped_guard(name, args...) { ... }
 *
 * The kernel names a class's destructor by pasting (class_##name##_destructor),
 * which the extractor cannot read from the source text; each destructor here
 * is also declared the cleanup of its class type (LS__ANN("cleanup_of T")),
 * and the extractor finds it by the variable's type.
 *
 * The lock-API headers define the kernel's own guards (mutex, spinlock,
 * spinlock_irq, spinlock_irqsave, raw_spinlock*, read_lock, write_lock,
 * rwsem_read, rwsem_write) with lockspin's scoped-lock annotation, so that a
 * guard's release and the interrupt state it restores are exact.  Conditional
 * guards (DEFINE_GUARD_COND, scoped_cond_guard, ACQUIRE) are not provided: a
 * use is a compile error that names it.
 *
 * scoped_guard's body runs once; break or continue in it leaves it (as in
 * the kernel), return leaves the function; every exit releases the lock.
 */
#ifndef _LINUX_CLEANUP_H
#define _LINUX_CLEANUP_H

#include "linux/compiler.h"

#define DEFINE_FREE(_name, _type, _free) \
	static inline LS__ANN("cleanup_of " #_type) void __free_##_name(void *p) { _type _T = *(_type *)p; _free; }
#define __free(_name) __cleanup(__free_##_name)

#define DEFINE_CLASS(_name, _type, _exit, _init, _init_args...) \
	typedef _type class_##_name##_t; \
	static inline LS__ANN("cleanup_of class_" #_name "_t") void class_##_name##_destructor(_type *p) \
	{ _type _T = *p; _exit; } \
	static inline _type class_##_name##_constructor(_init_args) { _type t = _init; return t; }

#define CLASS(_name, var) \
	class_##_name##_t var __cleanup(class_##_name##_destructor) = class_##_name##_constructor

/* A user's guard: lock and unlock are statements over _T, the guarded
 * pointer.  Its destructor always unlocks (there are no conditional guards). */
#define DEFINE_GUARD(_name, _type, _lock, _unlock) \
	DEFINE_CLASS(_name, _type, { _unlock; }, ({ _lock; _T; }), _type _T)

#define guard(_name) CLASS(_name, __UNIQUE_ID(guard))

/* The body in a loop that runs once: the outer loop's flag ends it whether
 * the body falls off its end or breaks out of the inner loop (where the
 * guard lives, released when it ends). */
#define scoped_guard(_name, args...) LS__SCOPED(_name, __UNIQUE_ID(scope), args)
#define LS__SCOPED(_name, _done, args...) \
	for (bool _done = false; !_done; _done = true) \
		for (CLASS(_name, scope)(args); !_done; _done = true)

/* The lock-API headers' own guards: the constructor is lockspin's scoped
 * lock (a macro, so that its call site is the guard's line) and the
 * destructor its release. */
#define LS__LOCK_GUARD(_name) \
	typedef void *class_##_name##_t; \
	static inline LS__ANN("op guard_release") LS__ANN("cleanup_of class_" #_name "_t") \
	void class_##_name##_destructor(void *p) { ls__guard_release(p); }

#endif /* _LINUX_CLEANUP_H */
