/*
 * shim/lockspin.h - the annotation header mapped straight onto pthreads, for
 * the bench only: ThreadSanitizer and Helgrind know pthread locks, not the
 * lockspin runtime's lock words, so a spec built against this header (with
 * -Iharness/bench/shim first) gives them locks they can see.  No ranks, no
 * validator, no stress: ls_thread() records the threads and the bench
 * driver (stress.c) runs them.  Covers what the bench programs use.
 */
#ifndef LOCKSPIN_H
#define LOCKSPIN_H

#include <stdbool.h>
#include <stddef.h>
#include <pthread.h>

/* All zero is an unlocked pthread mutex and rwlock in glibc, as the specs'
 * zero-initialised statics expect. */
typedef struct ls_mutex { pthread_mutex_t m; } ls_mutex_t;
typedef struct ls_spinlock { pthread_mutex_t m; } ls_spinlock_t;
typedef struct ls_rwlock { pthread_rwlock_t rw; } ls_rwlock_t;
typedef struct ls_rwsem { pthread_rwlock_t rw; } ls_rwsem_t;

#define LS_STATE
#define LS_RANGE(lo, hi)
#define LS_RANK(n)
#define LS_RANK_BIAS(field, n)
#define LS_CLASS(name)
#define LS_RECURSIVE
#define LS_TARGETS(...)

enum {
#define LS_KIND(id, value, word) LS_K_##id = value,
#include "../../ls_kinds.h" /* the one table of lock kinds */
#undef LS_KIND
};
static inline int ls_register_lock(void *lock, int kind, const char *cls, const char *name, int rank,
				   const bool *bias_flag, int bias, bool recursive)
{
	(void)lock, (void)kind, (void)cls, (void)name, (void)rank, (void)bias_flag, (void)bias, (void)recursive;
	return 0;
}

typedef void (*ls__entry_fn)(void *);
#define LS_SHIM_MAX_THREADS 16
extern ls__entry_fn ls_shim_fn[LS_SHIM_MAX_THREADS];
extern void *ls_shim_arg[LS_SHIM_MAX_THREADS];
extern int ls_shim_nthreads;

#define ls_mutex_lock(l) pthread_mutex_lock(&(l)->m)
#define ls_mutex_unlock(l) pthread_mutex_unlock(&(l)->m)
#define ls_mutex_trylock(l) (pthread_mutex_trylock(&(l)->m) == 0)
#define ls_spin_lock(l) pthread_mutex_lock(&(l)->m)
#define ls_spin_unlock(l) pthread_mutex_unlock(&(l)->m)
#define ls_spin_trylock(l) (pthread_mutex_trylock(&(l)->m) == 0)
#define ls_write_lock(l) pthread_rwlock_wrlock(&(l)->rw)
#define ls_write_unlock(l) pthread_rwlock_unlock(&(l)->rw)
#define ls_read_lock(l) pthread_rwlock_rdlock(&(l)->rw)
#define ls_read_unlock(l) pthread_rwlock_unlock(&(l)->rw)
#define ls_down_write(l) pthread_rwlock_wrlock(&(l)->rw)
#define ls_up_write(l) pthread_rwlock_unlock(&(l)->rw)
#define ls_down_read(l) pthread_rwlock_rdlock(&(l)->rw)
#define ls_up_read(l) pthread_rwlock_unlock(&(l)->rw)
#define ls_assert(cond) ((void)(cond))
#define ls_progress() ((void)0)

#define ls_thread(fn, arg)                                                           \
	do {                                                                         \
		if (ls_shim_nthreads < LS_SHIM_MAX_THREADS) {                        \
			ls_shim_fn[ls_shim_nthreads] = (ls__entry_fn)(void (*)(void))(fn); \
			ls_shim_arg[ls_shim_nthreads++] = (void *)(arg);             \
		}                                                                    \
	} while (0)

#define LS_SCENARIO void ls_scenario(void)
#define LS_VARIANT(name, defines, expect, why) extern const char ls__variant_##name[]

#endif /* LOCKSPIN_H */
