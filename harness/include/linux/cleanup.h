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
#ifndef LS__LINUX_CLEANUP_H
#define LS__LINUX_CLEANUP_H

/* over a Linux tree (LS_UPSTREAM): the tree's first; the macros below
 * replace its own.  While lockspin's lock-API headers read the tree's
 * (LS__READING is 1, linux/ls__rename.h), the tree's guards of its locks
 * define nothing: lockspin's own (LS__LOCK_GUARD) are the ones. */
#if defined(LS_UPSTREAM) && __has_include_next(<linux/cleanup.h>)
#include_next <linux/cleanup.h>
#undef DEFINE_FREE
#undef __free
#undef DEFINE_CLASS
#undef CLASS
#undef DEFINE_GUARD
#undef DEFINE_LOCK_GUARD_1
#undef DEFINE_LOCK_GUARD_0
#undef DEFINE_GUARD_COND
#undef DEFINE_LOCK_GUARD_1_COND
#undef guard
#undef scoped_guard
#endif

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
	LS__CLEANUP_CAT(LS__DEFINE_GUARD_, LS__READING)(_name, _type, _lock, _unlock)
#define LS__DEFINE_GUARD_1(_name, _type, _lock, _unlock)
#define LS__DEFINE_GUARD_LS__READING(_name, _type, _lock, _unlock) \
	DEFINE_CLASS(_name, _type, { _unlock; }, ({ _lock; _T; }), _type _T)
/* LS__READING is 1 while a tree's lock header is read, else not defined */
#define LS__CLEANUP_CAT2(a, b) a##b
#define LS__CLEANUP_CAT(a, b) LS__CLEANUP_CAT2(a, b)

/* The kernel's guards of a lock held in a struct (DEFINE_LOCK_GUARD_1:
 * guard(name)(&l), _T->lock the lock) and of none (DEFINE_LOCK_GUARD_0),
 * extra fields after the lock's type */
#define DEFINE_LOCK_GUARD_1(_name, _type, _lock, _unlock, ...) \
	LS__CLEANUP_CAT(LS__LOCK_GUARD_1_, LS__READING)(_name, _type, _lock, _unlock, ##__VA_ARGS__)
#define DEFINE_LOCK_GUARD_0(_name, _lock, _unlock, ...) \
	LS__CLEANUP_CAT(LS__LOCK_GUARD_0_, LS__READING)(_name, _lock, _unlock, ##__VA_ARGS__)
#define LS__LOCK_GUARD_0_1(...)
#define LS__LOCK_GUARD_0_LS__READING(_name, _lock, _unlock, ...) \
	typedef struct { void *lock; __VA_ARGS__; } class_##_name##_t; \
	static inline LS__ANN("cleanup_of class_" #_name "_t") void class_##_name##_destructor(class_##_name##_t *_T) \
	{ if (_T->lock) { _unlock; } } \
	static inline class_##_name##_t class_##_name##_constructor(void) \
	{ class_##_name##_t _t = { .lock = (void *)1 }, *_T = &_t; (void)_T; _lock; return _t; }
#define LS__LOCK_GUARD_1_1(...)
#define LS__LOCK_GUARD_1_LS__READING(_name, _type, _lock, _unlock, ...) \
	typedef struct { _type *lock; __VA_ARGS__; } class_##_name##_t; \
	static inline LS__ANN("cleanup_of class_" #_name "_t") void class_##_name##_destructor(class_##_name##_t *_T) \
	{ if (_T->lock) { _unlock; } } \
	static inline class_##_name##_t class_##_name##_constructor(_type *l) \
	{ class_##_name##_t _t = { .lock = l }, *_T = &_t; _lock; return _t; }
/* conditional guards are not provided: a use is an error that names it
 * (a tree's own, read by a lock-API header, define nothing) */
#define DEFINE_GUARD_COND(_name, _ext, ...) LS__CLEANUP_CAT(LS__GUARD_COND_, LS__READING)(_name, _ext)
#define DEFINE_LOCK_GUARD_1_COND(_name, _ext, ...) LS__CLEANUP_CAT(LS__GUARD_COND_, LS__READING)(_name, _ext)
#define LS__GUARD_COND_1(_name, _ext)
#define LS__GUARD_COND_LS__READING(_name, _ext) \
	_Static_assert(0, "conditional guard " #_name #_ext ": lockspin does not provide DEFINE_GUARD_COND");

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

#endif /* LS__LINUX_CLEANUP_H */
