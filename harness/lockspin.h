/*
 * lockspin.h - the annotation header.
 *
 * One header, two readers:
 *  - the C compiler (gcc or clang): every operation below is a real call into
 *    the pthreads runtime in harness/ (validator, stress, replay);
 *  - the lockspin extractor (libclang): the same calls are recognised by the
 *    `annotate("lockspin:...")` attribute on their declarations and become
 *    Promela steps.
 *
 * gcc does not know `annotate`, so the attributes exist only under clang
 * (libclang defines __clang__ as well).  Every operation is a macro that
 * captures the call site (__FILE__, __LINE__): the runtime reports the same
 * file:line as the model's trace.
 *
 * Reference (also in README.md, "Annotation reference"):
 *
 *   Lock types        ls_mutex_t, ls_spinlock_t, ls_rwlock_t, ls_rwsem_t
 *   Lock attributes   LS_RANK(n)  LS_RANK_BIAS(field, n)  LS_CLASS("name")
 *                     LS_RECURSIVE
 *   Modelled state    LS_STATE  LS_RANGE(lo, hi)  (on globals and fields)
 *   Function pointers LS_TARGETS(f, g, ...)
 *   Operations        ls_mutex_lock/unlock/trylock, ls_spin_lock/unlock/trylock,
 *                     ls_spin_lock_recursive/ls_spin_unlock_recursive,
 *                     ls_read_lock/unlock, ls_write_lock/unlock,
 *                     ls_read_trylock, ls_write_trylock,
 *                     ls_down_read/up_read, ls_down_write/up_write,
 *                     ls_guard(kind, lock)  (scoped: released at scope exit)
 *   Checks            ls_assert(cond), ls_assert_held(lock),
 *                     ls_assert_not_held(lock)
 *   Abstraction       ls_choose(n)  (0 .. n-1, any of them)
 *   Liveness          ls_progress()
 *   Interrupts        ls_irq_save() -> flags, ls_irq_restore(flags),
 *                     ls_irq_disable(), ls_irq_enable(), ls_might_sleep()
 *   rw_semaphore      ls_downgrade_write(l)  (writer becomes a reader atomically)
 *   Atomics           ls_atomic_fetch_add/or/and/xor(p, v), ls_atomic_xchg(p, v),
 *                     ls_atomic_cmpxchg(p, old, new)  (-> the old value; one step),
 *                     ls_atomic_load(p), ls_atomic_store(p, v)
 *   Scenario          LS_SCENARIO { ls_thread(fn, arg); ls_irq_thread(fn, arg, cpu); ... }
 *   Variants          LS_VARIANT(name, "DEFINES", "expected-verdict", "why")
 */
/* over a kernel tree (LS_UPSTREAM, __KERNEL__): bool, size_t and
 * uint64_t are the tree's (linux/types.h), which the C library's would
 * collide with; read before this header's guard, as linux/types.h reads
 * this header back */
#if defined(LS_UPSTREAM) && defined(__KERNEL__)
#include <linux/types.h>
#endif
#ifndef LOCKSPIN_H
#define LOCKSPIN_H

#if !defined(LS_UPSTREAM) || !defined(__KERNEL__)
#include <stdbool.h>
#include <stddef.h>
/* not needed here, kept for specs that use it without including it; a
 * -nostdinc build (Xen, Linux) has no libc headers */
#if __has_include(<pthread.h>)
#include <pthread.h>
#endif
#include <stdint.h>
#endif

#if defined(__clang__)
#define LS__ANN(s) __attribute__((__annotate__("lockspin:" s)))
#else
#define LS__ANN(s)
#endif

/* ---- lock types --------------------------------------------------------
 * The extractor knows a lock by its struct tag (ls_mutex, ls_spinlock,
 * ls_rwlock, ls_rwsem); what is inside belongs to the runtime alone. */
struct ls__lockrt {
	/* All zero is a valid unlocked, unregistered lock: specs declare locks
	 * in zero-initialised statics.  Only the runtime touches these, through
	 * __atomic builtins where threads race. */
	unsigned word;          /* 0: free; readers: their number; held exclusively:
				 * the holder's tag (LS__WRITER | slot), with
				 * LS__UNTRACKED if taken on the validation-off fast path */
	unsigned wwait;         /* rwsem: writers waiting (they block new readers) */
	int depth;              /* exclusive re-takes of a recursive lock beyond the first */
	int cls;                /* lock class id + 1; 0: not assigned yet */
	int fcls;               /* the validated fast path's: cls, once assigned, if the lock is
				 * not registered recursive and has no bias flag; else 0 (out of line) */
	uint64_t chain0;        /* with fcls: the chain key of taking it exclusively, nothing held */
	int rank;               /* mm-locks rank + 1; 0: no rank */
	int bias;               /* added to the rank while *bias_flag is true */
	const bool *bias_flag;
	bool recursive;         /* registered recursive: re-taking it nests */
	const char *name;       /* instance name, "d0.pod_lock"; NULL: unregistered */
	uint64_t released;      /* bit (1 << slot) of every thread that has released it:
				 * "released before by this thread" (double unlock) */
	/* lockdep's irq usage (bit c: scenario thread c as a CPU): taken in an
	 * interrupt handler of CPU c, exclusively (irq_in_x) or shared; taken by
	 * CPU c with its interrupts enabled, exclusively (irq_on_x) or shared */
	uint64_t irq_in_x, irq_in_s, irq_on_x, irq_on_s;
	/* the same for softirqs: taken in a softirq handler of CPU c; taken by
	 * CPU c with softirqs enabled (bottom halves and interrupts on) */
	uint64_t sirq_in_x, sirq_in_s, sirq_on_x, sirq_on_s;
};

/* LS_LOCK_TYPE(kind) on a struct makes it a lock type of that kind ("mutex",
 * "spinlock", "rwlock", "rwsem"), as the kernel's own names in the headers
 * of harness/include: struct LS_LOCK_TYPE("mutex") mutex { LS_LOCK_BODY; }; */
#define LS_LOCK_TYPE(kind) LS__ANN("lock " kind)
#define LS_LOCK_BODY struct ls__lockrt rt

typedef struct ls_mutex { struct ls__lockrt rt; } ls_mutex_t;
typedef struct ls_spinlock { struct ls__lockrt rt; } ls_spinlock_t;
typedef struct ls_rwlock { struct ls__lockrt rt; } ls_rwlock_t;   /* Linux rwlock_t: readers recursive, writer waits */
typedef struct ls_rwsem { struct ls__lockrt rt; } ls_rwsem_t;     /* rw_semaphore: a queued writer blocks new readers */

/* ---- declaration attributes -------------------------------------------- */
#define LS_STATE LS__ANN("state")
#define LS_RANGE(lo, hi) LS__ANN("range " #lo " " #hi)
#define LS_RANK(n) LS__ANN("rank " #n)
/* rank + n when the owning object's bool state field `field` is true
 * (Xen's control-domain bias). */
#define LS_RANK_BIAS(field, n) LS__ANN("rank_bias " #field " " #n)
#define LS_CLASS(name) LS__ANN("class " name)
#define LS_RECURSIVE LS__ANN("recursive")
#define LS_TARGETS(...) LS__ANN("targets " #__VA_ARGS__)

/* LS_K_MUTEX = 1, LS_K_SPIN, LS_K_RWLOCK, LS_K_RWSEM: the table the
 * extractor reads too (installed beside this header). */
enum {
#define LS_KIND(id, value, word) LS_K_##id = value,
#include "ls_kinds.h"
#undef LS_KIND
	LS_K__END  /* one past the last kind */
};

/* ---- registration (harness/runtime.c) -----------------------------------
 * The extractor generates `void ls_registry(void)`, which the native driver
 * calls before ls_scenario().  It names each lock instance and gives it its
 * order facts:
 *   lock       the lock (any of the four types)
 *   kind       LS_K_*
 *   cls        lockdep-style class, "domain.pod_lock": the dependency graph
 *              is over classes (NULL: one class per instance)
 *   name       the instance, "d0.pod_lock" (reports and replay schedules)
 *   rank       mm-locks rank, -1 for none
 *   bias_flag  NULL, or a bool: while it is true the effective rank is
 *              rank + bias (Xen's control-domain bias)
 *   recursive  re-taking it while held nests instead of deadlocking
 * An unregistered lock is named by its address and has no rank.
 * Returns 0 or an errno value (EINVAL, ENOSPC). */
int ls_register_lock(void *lock, int kind, const char *cls, const char *name, int rank,
		     const bool *bias_flag, int bias, bool recursive);
void ls_registry(void); /* generated; the harness has an empty weak default */

#define LS__HERE __FILE__, __LINE__

/* ---- runtime entry points (harness/runtime.c) --------------------------
 * Lock and unlock are C99 inline definitions below: with optimisation the
 * uncontended path is inlined at the call site (the extractor still sees a
 * call to the annotated ls__* function), and runtime.c holds the external
 * definition of each (`extern inline`), so they all exist out of line too. */
#define LS__SITE const char *file, int line
inline void ls__acquire(void *lock, int kind, LS__SITE) LS__ANN("op acquire excl");
inline void ls__release(void *lock, int kind, LS__SITE) LS__ANN("op release excl");
bool ls__tryacquire(void *lock, int kind, LS__SITE) LS__ANN("op trylock excl");
void ls__acquire_rec(void *lock, int kind, LS__SITE) LS__ANN("op acquire excl recursive");
/* mutex_lock_nested(), down_read_nested(): lockdep's (class, subclass),
 * subclass a constant in 0..7, is a class of its own in the order graph */
void ls__acquire_nested(void *lock, int kind, int subclass, LS__SITE) LS__ANN("op acquire excl nested");
void ls__acquire_shared_nested(void *lock, int kind, int subclass, LS__SITE) LS__ANN("op acquire shared nested");
void ls__release_rec(void *lock, int kind, LS__SITE) LS__ANN("op release excl recursive");
inline void ls__acquire_shared(void *lock, int kind, LS__SITE) LS__ANN("op acquire shared");
inline void ls__release_shared(void *lock, int kind, LS__SITE) LS__ANN("op release shared");
bool ls__tryacquire_shared(void *lock, int kind, LS__SITE) LS__ANN("op trylock shared");
void ls__assert(int ok, const char *text, LS__SITE) LS__ANN("op assert");
/* ls_assert's scheduling point, before its condition is evaluated (so the
 * condition reads the state of its own turn); ls__assert then does not
 * schedule again.  Not an annotation: the extractor looks through it. */
void ls__assert_point(LS__SITE);
void ls__assert_held(const void *lock, const char *text, LS__SITE) LS__ANN("op assert_held");
void ls__assert_not_held(const void *lock, const char *text, LS__SITE) LS__ANN("op assert_not_held");
int ls__choose(int n, LS__SITE) LS__ANN("op choose");
/* A signal may end the wait of what (mutex_lock_interruptible()): 1 if it
 * does.  ls_choose(2), and --explain lists it. */
int ls__signal(const char *what, LS__SITE) LS__ANN("op signal");
void ls__progress(LS__SITE) LS__ANN("op progress");
typedef void (*ls__entry_fn)(void *);
void ls__thread(ls__entry_fn fn, void *arg, const char *fname, const char *aname, LS__SITE)
	LS__ANN("op thread");
void *ls__guard(void *lock, int kind, LS__SITE) LS__ANN("op guard");
void ls__guard_release(void *slot) LS__ANN("op guard_release");
/* Guards of the shared side, and guards that also disable interrupts (irq:
 * enable them again at the end; irqsave: restore what they were), as
 * Linux's guard(read_lock), guard(spinlock_irq), guard(spinlock_irqsave). */
void *ls__guard_shared(void *lock, int kind, LS__SITE) LS__ANN("op guard shared");
void *ls__guard_irq(void *lock, int kind, LS__SITE) LS__ANN("op guard irq");
void *ls__guard_irqsave(void *lock, int kind, LS__SITE) LS__ANN("op guard irqsave");
void *ls__guard_shared_irq(void *lock, int kind, LS__SITE) LS__ANN("op guard shared irq");
void *ls__guard_shared_irqsave(void *lock, int kind, LS__SITE) LS__ANN("op guard shared irqsave");
/* rw_semaphore downgrade_write(): the writer becomes a reader in one step. */
void ls__downgrade(void *lock, int kind, LS__SITE) LS__ANN("op downgrade");
/* Interrupt state of the CPU the calling thread runs on (a scenario thread
 * is a CPU; an interrupt handler thread runs on the CPU it interrupts, with
 * interrupts disabled).  ls__irq_save returns 1 when they were disabled. */
unsigned long ls__irq_save(LS__SITE) LS__ANN("op irq_save");
void ls__irq_restore(unsigned long flags, LS__SITE) LS__ANN("op irq_restore");
void ls__irq_disable(LS__SITE) LS__ANN("op irq_disable");
bool ls__irqs_disabled(LS__SITE) LS__ANN("op irq_state");
void ls__irq_enable(LS__SITE) LS__ANN("op irq_enable");
/* local_bh_disable() / local_bh_enable(): the CPU's bottom-half disable
 * count (softirqs run only while it is 0 and interrupts are enabled) */
void ls__bh_disable(LS__SITE) LS__ANN("op irq_bh_disable");
void ls__bh_enable(LS__SITE) LS__ANN("op irq_bh_enable");
/* guard(spinlock_bh): bottom halves off, the lock; at scope end the reverse */
void *ls__guard_bh(void *lock, int kind, LS__SITE) LS__ANN("op guard bh");
void *ls__guard_shared_bh(void *lock, int kind, LS__SITE) LS__ANN("op guard shared bh");
/* might_sleep(): an assertion that interrupts are enabled (and an error in
 * an interrupt handler, which must never sleep). */
void ls__might_sleep(const char *text, LS__SITE) LS__ANN("op might_sleep");
/* Xen's mm-locks: take lock at mm-locks level (MM_LOCK_ORDER_name).  The
 * lock's class gets that rank at its first mm_lock (lockspin ranks are per
 * declaration: two levels for one declaration are an error); rec: the
 * exclusive side may be re-taken (mm_lock_recursive, mm_write_lock). */
void ls__mm_acquire(void *lock, int kind, int level, bool rec, LS__SITE) LS__ANN("op mm_acquire excl");
void ls__mm_acquire_shared(void *lock, int kind, int level, LS__SITE) LS__ANN("op mm_acquire shared");
/* The CPU the calling thread runs on (Xen's smp_processor_id()): its
 * scenario thread number, or for a handler its CPU's. */
int ls__cpu_id(LS__SITE) LS__ANN("op cpu_id");
/* This thread holds lock (either side): Xen's mm_locked_by_me(). */
bool ls__held_by_me(const void *lock, LS__SITE) LS__ANN("op held");
/* Some thread holds lock, on either side: spin_is_locked(), mutex_is_locked(). */
bool ls__is_locked(const void *lock, LS__SITE) LS__ANN("op locked");
/* Linux's container_of(): outer is the C computation, which native code
 * returns; the extractor finds the object inner (&obj->member) is in. */
void *ls__container_of(void *outer, const void *inner, const char *member) LS__ANN("op container_of");
/* An interrupt handler fn(arg) of scenario thread cpu (see ls_irq_thread). */
void ls__irq_thread(ls__entry_fn fn, void *arg, int cpu, bool linux_shape, const char *fname, const char *aname,
		    LS__SITE) LS__ANN("op irq_thread");
/* A softirq handler fn(arg) of scenario thread cpu (see ls_softirq_thread). */
void ls__softirq_thread(ls__entry_fn fn, void *arg, int cpu, const char *fname, const char *aname,
			LS__SITE) LS__ANN("op softirq_thread");


/* Atomic read-modify-write of the object *p: the old value (cmpxchg: *p
 * becomes new only if it was old).  The extractor sees a call to one of
 * these (LS_FRONTEND) and makes ONE model step that reads and writes *p,
 * where a plain `*p |= v` is a read step and then a write step; the native
 * build is the __atomic builtin (sequentially consistent), so the macros
 * below take any integer object.  A value outside *p's LS_RANGE is still
 * out-of-range. */
long ls__atomic_fetch_add(volatile void *p, long v, LS__SITE) LS__ANN("op atomic fetch_add");
long ls__atomic_fetch_or(volatile void *p, long v, LS__SITE) LS__ANN("op atomic fetch_or");
long ls__atomic_fetch_and(volatile void *p, long v, LS__SITE) LS__ANN("op atomic fetch_and");
long ls__atomic_fetch_xor(volatile void *p, long v, LS__SITE) LS__ANN("op atomic fetch_xor");
long ls__atomic_xchg(volatile void *p, long v, LS__SITE) LS__ANN("op atomic xchg");
long ls__atomic_cmpxchg(volatile void *p, long old, long new_, LS__SITE) LS__ANN("op atomic cmpxchg");


/* ---- the inline fast path (internals: runtime.c and validator.c own it) ----
 * Per-thread state lives in the scenario thread's slot; ls__self points at
 * it (initial-exec TLS: one %fs-relative load).  An exclusive holder puts
 * its tag in the lock word with the CAS that takes it, so the word alone
 * says who holds it (the wait-for graph, ls_assert_held and a stray unlock
 * need no more).  The uncontended path, with no global lock, no allocation:
 *   - validation off, exclusive: one CAS to take (tag | LS__UNTRACKED), one
 *     release store to drop, and nothing else: no held entry (the
 *     validator, which alone reads the held stack's sites and chains, is
 *     off; stress and replay go out of line anyway);
 *   - validation on, nothing held, exclusive: the same, a lazy hold (the
 *     lock and its site in TLS, no held entry: ls__fast_take says when
 *     and why nothing is lost);
 *   - validation on otherwise, and readers in every mode: the same CAS (or
 *     the readers' CAS on the count) and release store (or atomic sub),
 *     plus a held entry pushed and popped on the thread's own stack, and
 *     the thread's bit set in the lock's `released` mask the first time it
 *     releases it (double-unlock reports; after that, one load and test).
 * Everything else goes out of line:
 *   - stress, replay and scenarios with interrupt handlers (ls__fmode is
 *     LS__FM_SLOW): one predictable branch on the word that also gives the
 *     validation mode;
 *   - a thread's first lock (ls__self not set yet: it is adopted);
 *   - with validation on (and readers), a lock's first acquisition (its
 *     class is assigned then, and fcls with it), registered recursive
 *     locks and locks with a rank bias flag (fcls stays 0), a full held
 *     stack, a rank out of order, a release that is not of the innermost
 *     lock;
 *   - contention (a lock found taken: ls__acquire_slow checks again,
 *     finding the same, and waits: backoff, wait-for graph);
 *   - reports, and in full mode the first time this thread takes a class
 *     with a given chain of held classes (ls__order_slow).
 * Full mode keys each held entry by a hash of the (class, shared) chain
 * below and including it, like lockdep's chain key; a per-thread cache of
 * chains whose class-graph edges are known to be recorded makes the common
 * case one compare.  Edges are never removed, so a cached chain stays
 * valid; two chains must collide in 64 bits to skip a check.  A lock's
 * class (fcls) and the key of the chain it starts (chain0: nothing held
 * below it, so no edge to record and no hash to compute) are cached in the
 * lock itself at its first acquisition.
 * The thread's values the path needs are loaded once, into locals: the
 * out-of-line calls on its unlikely branches change none of them. */
#define LS__MAX_HELD 48
#define LS__CHAIN_BITS 6
#define LS__WRITER 0x40000000u
#define LS__UNTRACKED 0x20000000u /* exclusive hold with no held entry */

/* struct ls__held.flags */
#define LS__H_SHARED 1u         /* a read hold */
#define LS__H_RAISED 2u         /* this acquisition set the rank level */
#define LS__H_NESTS 4u          /* exclusive, and may be re-taken (depth): release out of line */

struct ls__held {
	struct ls__lockrt *lock;
	const char *file;
	int line;
	int saved_level;        /* level to restore at unlock (mm-locks unlock_level) */
	uint64_t chain;         /* chain key of the held classes up to this one */
	int cls;                /* class id (full validation), else 0 */
	unsigned flags;         /* LS__H_* */
};

struct ls__fast {
	unsigned tag;           /* LS__WRITER | slot + 1: the lock word of its exclusive holds */
	int level;              /* mm-locks per-thread lock level */
	int nheld;              /* written by the owner only; read by the deadlock check */
	uint64_t bit;           /* 1 << slot: its bit in a lock's `released` */
	struct ls__held held[LS__MAX_HELD];
	uint64_t chains[1 << LS__CHAIN_BITS];          /* full mode: chains already checked */
};

extern _Thread_local struct ls__fast *ls__self __attribute__((__tls_model__("initial-exec")));
/* ls__self->tag | LS__UNTRACKED, the word of a hold with no held entry;
 * ~0u (never a lock word) until the thread has its slot. */
extern _Thread_local unsigned ls__utag __attribute__((__tls_model__("initial-exec")));
/* The lock this thread took last with no held entry, if it still holds it
 * so; else NULL.  The release compares with it instead of reloading the
 * lock word: a load of the word just written by the CAS waits for the
 * locked instruction, and the release store then waits for that load
 * (measured here: +2.7 ns a pair, a quarter of the whole). */
extern _Thread_local struct ls__lockrt *ls__ulast __attribute__((__tls_model__("initial-exec")));
/* With validation on, ls__ulast is a lazy hold (ls__fast_take) and this
 * is where it was taken. */
struct ls__site { const char *file; int line; };
extern _Thread_local struct ls__site ls__usite __attribute__((__tls_model__("initial-exec")));
extern int ls__val_mode;   /* 0 off, 1 ranks, 2 full (validator.c) */
extern int ls__sched_mode; /* 0: no stress or replay hooks (replay.c) */
extern int ls__irq_mode;   /* 1: the scenario has interrupt handlers: irq usage is checked (runtime.c) */
/* The one word the inline path reads to choose its way: ls__val_mode
 * (LS__FM_OFF, LS__FM_RANKS, LS__FM_FULL) when neither stress, replay nor
 * interrupt handlers are on, else LS__FM_SLOW: one load and compare where
 * three loads were (runtime.c keeps it, rt_fmode_update()). */
extern int ls__fmode;
#define LS__FM_OFF 0
#define LS__FM_RANKS 1
#define LS__FM_FULL 2
#define LS__FM_SLOW 3

void ls__acquire_slow(struct ls__lockrt *l, int kind, bool shared, bool rec, LS__SITE);
void ls__release_slow(struct ls__lockrt *l, bool shared, LS__SITE);
void ls__rank_slow(struct ls__fast *f, struct ls__lockrt *l, int rank, LS__SITE);
int ls__class_slow(struct ls__lockrt *l);
void ls__order_slow(struct ls__fast *f, int cls, bool shared, uint64_t chain, LS__SITE);
void ls__released_slow(struct ls__lockrt *l, uint64_t bit);

#define LS__INLINE inline __attribute__((__always_inline__))
#define LS__LIKELY(x) __builtin_expect(!!(x), 1)
#define LS__UNLIKELY(x) __builtin_expect(!!(x), 0)

/* The chain key of (class, shared) taken on top of chain prev; never 0. */
LS__INLINE uint64_t ls__chain_next(uint64_t prev, int cls, bool shared)
{
	uint64_t x = (prev ^ ((uint64_t)cls << 1 | shared)) * 0x9e3779b97f4a7c15ull;
	return (x ^ x >> 31) | 1;
}

#define LS__NO_RANK (-0x7fffffff - 1)

/* Rank and order checks of the out-of-line path, before taking the lock
 * (an inversion is told even if the run then deadlocks on it), for a
 * thread holding n entries in mode (ls__val_mode; 0: the rank only, for the
 * level, nothing checked).  Returns the class; *chain the key (full mode,
 * else 0), *rank the effective rank (LS__NO_RANK: none). */
LS__INLINE int ls__fast_check(struct ls__fast *f, struct ls__lockrt *l, int n, int mode, bool shared,
			      bool order, uint64_t *chain, int *rank, LS__SITE)
{
	*chain = 0;
	*rank = LS__NO_RANK;
	if (l->rank) {
		int r = l->rank - 1;
		if (LS__UNLIKELY(l->bias_flag != NULL) && __atomic_load_n(l->bias_flag, __ATOMIC_RELAXED))
			r += l->bias;
		*rank = r;
		if (LS__UNLIKELY(f->level > r) && mode != 0)
			ls__rank_slow(f, l, r, file, line);
	}
	/* relaxed: the class is only an index here; what the slow paths read
	 * about it they read under the validator's lock.  Assigned in every
	 * mode, so that the lock gets its fcls and a later acquisition is
	 * inline (a reader has a held entry with validation off too). */
	int cls = __atomic_load_n(&l->cls, __ATOMIC_RELAXED) - 1;
	if (LS__UNLIKELY(cls < 0))
		cls = ls__class_slow(l);
	if (mode != 2)
		return cls;
	uint64_t c = ls__chain_next(n ? f->held[n - 1].chain : 0, cls, shared);
	*chain = c;
	if (order && n && LS__UNLIKELY(f->chains[c >> (64 - LS__CHAIN_BITS)] != c))
		ls__order_slow(f, cls, shared, c, file, line);
	return cls;
}

/* The thread's bit in l's `released` mask, set the first time. */
LS__INLINE void ls__fast_released(struct ls__fast *f, struct ls__lockrt *l)
{
	uint64_t bit = f->bit;
	if (LS__UNLIKELY(!(__atomic_load_n(&l->released, __ATOMIC_RELAXED) & bit)))
		ls__released_slow(l, bit);
}

/* Push entry n (the thread holds n) of lock l. */
LS__INLINE void ls__fast_push(struct ls__fast *f, int n, struct ls__lockrt *l, bool shared, int cls,
			      uint64_t chain, int rank, bool nests, LS__SITE)
{
	struct ls__held *h = &f->held[n];
	bool raised = !shared && rank != LS__NO_RANK;
	unsigned flags = (shared ? LS__H_SHARED : 0) | (raised ? LS__H_RAISED : 0) | (nests ? LS__H_NESTS : 0);
	h->lock = l;
	h->file = file;
	h->line = line;
	h->saved_level = f->level;
	h->chain = chain;
	h->cls = cls;
	h->flags = flags;
	if (raised)
		f->level = rank;
	__atomic_store_n(&f->nheld, n + 1, __ATOMIC_RELEASE);
}

/* Pop the innermost entry h: the thread holds n after. */
LS__INLINE void ls__fast_pop(struct ls__fast *f, const struct ls__held *h, int n)
{
	if (h->flags & LS__H_RAISED)
		f->level = h->saved_level;
	__atomic_store_n(&f->nheld, n, __ATOMIC_RELEASE);
}

/* The validated inline acquisition, ranks and full modes (fm), exclusive
 * (shared: readers of an rwlock or rwsem).  Everything is read before the
 * CAS and nothing after it but stores: a load after the locked instruction
 * waits for it.
 * Lazy holds: with nothing held (no entry, no lazy hold, level 0) an
 * exclusive acquisition of a fast lock (fcls: class known, no bias flag,
 * not registered recursive) that this thread has released before (its bit
 * in `released` is set) pushes no held entry: it is the validation-off
 * hold (tag | LS__UNTRACKED in the word, ls__ulast) plus its site in TLS
 * (ls__usite), and its release is the validation-off release.  Nothing is
 * lost: at level 0 no rank is out of order, with nothing held there is no
 * edge to record, and the release has no bit to set; the entry the push
 * would have stored is made from ulast and usite (ls__fast_unlazy) before
 * anything reads it: the thread's next acquisition, inline, and every
 * out-of-line call of the thread (runtime.c, rt_me), its exit included.
 * Other threads find the holder by the tag in the word, as for an
 * untracked hold; one in a deadlock cycle waits out of line, so its
 * entries are made.  The hold leaves the rank level alone: only the
 * thread reads its level, after the entry has raised it.  Measured here
 * (lockbench, minimum of 200 interleaved rounds): full 4.33 -> 2.17 ns a
 * pair (the CAS lock: 2.16), 86 -> 34 instructions; with a lock held
 * (entries pushed and popped as before) 5.30 -> 5.45 ns, 104 -> 109.
 * Testing the level with the count, (n | lvl) == 0, and no rank compare
 * saves a cycle a pair.  Before it, packing the entry's fields into fewer,
 * wider stores, a copy of the depth in TLS, or the thread's state in TLS
 * instead of its slot each measured slower than the eager push.
 * lazy: ulast is a lazy hold (validation on; off, it is only the release's
 * hint).  True when it took the lock; false: nothing done (but a lazy hold
 * given its entry), the caller goes out of line, which checks again
 * (finding the same: a report, a new chain, a full stack, a lock that is
 * not fast) and waits. */
/* The lazy hold u of thread f becomes its held entry, in mode fm
 * (LS__FM_FULL: with its chain key): what the inline push would have
 * stored at the acquisition (the level it saves is still the level then).
 * Its word loses LS__UNTRACKED, as a tracked hold's. */
LS__INLINE void ls__fast_unlazy(struct ls__fast *f, struct ls__lockrt *u, int fm)
{
	int rk = u->rank;
	ls__ulast = NULL;
	ls__fast_push(f, f->nheld, u, false, u->fcls - 1, fm == LS__FM_FULL ? u->chain0 : 0,
		      rk ? rk - 1 : LS__NO_RANK, false, ls__usite.file, ls__usite.line);
	__atomic_store_n(&u->word, ls__utag & ~LS__UNTRACKED, __ATOMIC_RELAXED);
}

LS__INLINE bool ls__fast_take(struct ls__fast *f, struct ls__lockrt *l, int fm, int kind, bool shared,
			      bool lazy, LS__SITE)
{
	int n = f->nheld;
	int fc = __atomic_load_n(&l->fcls, __ATOMIC_ACQUIRE);
	int rk = l->rank; /* rank + 1; no bias flag when fc is set */
	int lvl = f->level;
	if (lazy && LS__LIKELY((n | lvl) == 0)) {
		/* a lazy hold only with no held entry and the level at its start
		 * (0): with an entry, there is none to look for */
		struct ls__lockrt *u = ls__ulast;
		if (LS__LIKELY(u == NULL)) {
			/* nothing held at level 0: no rank can be out of order */
			if (!shared && LS__LIKELY(fc != 0) &&
			    LS__LIKELY(__atomic_load_n(&l->released, __ATOMIC_RELAXED) & f->bit)) {
				unsigned v = 0;
				if (LS__UNLIKELY(!__atomic_compare_exchange_n(&l->word, &v, ls__utag, false,
									      __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)))
					return false;
				ls__ulast = l;
				ls__usite.file = file;
				ls__usite.line = line;
				return true;
			}
		} else {
			ls__fast_unlazy(f, u, fm);
			n = 1;
			lvl = f->level;
		}
	}
	if (LS__UNLIKELY(fc == 0) || LS__UNLIKELY(n >= LS__MAX_HELD) || LS__UNLIKELY(rk != 0 && lvl >= rk))
		return false;
	uint64_t chain = 0;
	if (fm == LS__FM_FULL) {
		/* with nothing held there is no edge to record, and the key is
		 * the lock's own; else one compare with the thread's cache */
		if (!shared && n == 0) {
			chain = l->chain0;
		} else {
			chain = ls__chain_next(n ? f->held[n - 1].chain : 0, fc - 1, shared);
			if (LS__UNLIKELY(n && f->chains[chain >> (64 - LS__CHAIN_BITS)] != chain))
				return false;
		}
	}
	unsigned v;
	if (shared) {
		v = __atomic_load_n(&l->word, __ATOMIC_RELAXED);
		if (LS__UNLIKELY(v & LS__WRITER) ||
		    LS__UNLIKELY(kind == LS_K_RWSEM && __atomic_load_n(&l->wwait, __ATOMIC_RELAXED)) ||
		    LS__UNLIKELY(!__atomic_compare_exchange_n(&l->word, &v, v + 1, false, __ATOMIC_ACQUIRE,
							      __ATOMIC_RELAXED)))
			return false;
	} else {
		v = 0;
		unsigned tag = ls__utag & ~LS__UNTRACKED; /* f->tag, without waiting for f */
		if (LS__UNLIKELY(!__atomic_compare_exchange_n(&l->word, &v, tag, false, __ATOMIC_ACQUIRE,
							      __ATOMIC_RELAXED)))
			return false;
	}
	struct ls__held *h = &f->held[n];
	bool raised = !shared && rk != 0;
	h->lock = l;
	h->file = file;
	h->line = line;
	h->saved_level = lvl;
	h->chain = chain;
	h->cls = fc - 1;
	h->flags = (shared ? LS__H_SHARED : 0) | (raised ? LS__H_RAISED : 0);
	if (raised)
		f->level = rk - 1;
	__atomic_store_n(&f->nheld, n + 1, __ATOMIC_RELEASE);
	return true;
}

LS__INLINE void ls__acquire(void *lock, int kind, LS__SITE)
{
	struct ls__lockrt *l = (struct ls__lockrt *)lock;
	struct ls__fast *f = ls__self;
	int fm = ls__fmode;
	if (LS__LIKELY(fm == LS__FM_OFF) && LS__LIKELY(f != NULL)) {
		/* A busy lock, or a recursive one re-taken, goes out of line
		 * (which then gives it a held entry: a release handles both). */
		unsigned v = 0;
		if (LS__LIKELY(__atomic_compare_exchange_n(&l->word, &v, ls__utag, false, __ATOMIC_ACQUIRE,
							   __ATOMIC_RELAXED))) {
			ls__ulast = l;
			return;
		}
	} else if (LS__LIKELY(fm != LS__FM_SLOW) && LS__LIKELY(f != NULL) &&
		   LS__LIKELY(ls__fast_take(f, l, fm, kind, false, true, file, line))) {
		return;
	}
	ls__acquire_slow(l, kind, false, false, file, line);
}

LS__INLINE void ls__acquire_shared(void *lock, int kind, LS__SITE)
{
	struct ls__lockrt *l = (struct ls__lockrt *)lock;
	struct ls__fast *f = ls__self;
	int fm = ls__fmode;
	/* with validation off too: a reader always has a held entry */
	if (LS__LIKELY(fm != LS__FM_SLOW) && LS__LIKELY(f != NULL) &&
	    LS__LIKELY(ls__fast_take(f, l, fm == LS__FM_OFF ? LS__FM_RANKS : fm, kind, true, fm != LS__FM_OFF,
				     file, line)))
		return;
	ls__acquire_slow(l, kind, true, false, file, line);
}

LS__INLINE void ls__release(void *lock, int kind, LS__SITE)
{
	struct ls__lockrt *l = (struct ls__lockrt *)lock;
	(void)kind;
	/* Taken last with validation off, or lazily with it on: no held
	 * entry.  (An untracked hold that is not the last one taken goes out
	 * of line.) */
	if (LS__LIKELY(ls__ulast == l)) {
		ls__ulast = NULL;
		__atomic_store_n(&l->word, 0u, __ATOMIC_RELEASE);
		return;
	}
	struct ls__fast *f = ls__self;
	if (LS__LIKELY(ls__fmode != LS__FM_SLOW) && LS__LIKELY(f != NULL)) {
		/* the innermost held entry, exclusive, not nested */
		int n = f->nheld - 1;
		const struct ls__held *h = &f->held[n >= 0 ? n : 0];
		if (LS__LIKELY(n >= 0) && LS__LIKELY(h->lock == l) &&
		    LS__LIKELY(!(h->flags & (LS__H_SHARED | LS__H_NESTS)))) {
			ls__fast_pop(f, h, n);
			ls__fast_released(f, l);
			__atomic_store_n(&l->word, 0u, __ATOMIC_RELEASE);
			return;
		}
	}
	ls__release_slow(l, false, file, line);
}

LS__INLINE void ls__release_shared(void *lock, int kind, LS__SITE)
{
	struct ls__lockrt *l = (struct ls__lockrt *)lock;
	struct ls__fast *f = ls__self;
	(void)kind;
	if (LS__LIKELY(ls__fmode != LS__FM_SLOW) && LS__LIKELY(f != NULL)) {
		int n = f->nheld - 1;
		const struct ls__held *h = &f->held[n >= 0 ? n : 0];
		if (LS__LIKELY(n >= 0) && LS__LIKELY(h->lock == l) && LS__LIKELY(h->flags & LS__H_SHARED)) {
			ls__fast_pop(f, h, n);
			ls__fast_released(f, l);
			__atomic_fetch_sub(&l->word, 1u, __ATOMIC_RELEASE);
			return;
		}
	}
	ls__release_slow(l, true, file, line);
}


/* A fine-grained scheduling point: `lockspin run --replay` compiles an
 * instrumented copy of the spec with `ls__point(__FILE__, __LINE__); `
 * before each C statement that reads or writes modelled state (the
 * extractor's IrPoint list), so that a replay can stop a thread between two
 * plain statements.  Outside replay it is one predictable branch; specs
 * never write it. */
void ls__point_slow(LS__SITE);

LS__INLINE void ls__point(LS__SITE)
{
	if (LS__UNLIKELY(ls__sched_mode))
		ls__point_slow(file, line);
}

/* A run-time check of the statement after an ls__point() in the same
 * instrumented copy: ok false reports `verdict` (null-deref, out-of-bounds,
 * division-by-zero, out-of-range) at file:line and ends the run before the
 * statement would crash or store the value.  Specs never write it. */
void ls__check(int ok, const char *verdict, const char *text, LS__SITE);


/* ---- operations --------------------------------------------------------- */
#define ls_mutex_lock(l) ls__acquire((l), LS_K_MUTEX, LS__HERE)
#define ls_mutex_unlock(l) ls__release((l), LS_K_MUTEX, LS__HERE)
#define ls_mutex_trylock(l) ls__tryacquire((l), LS_K_MUTEX, LS__HERE)
#define ls_spin_lock(l) ls__acquire((l), LS_K_SPIN, LS__HERE)
#define ls_spin_unlock(l) ls__release((l), LS_K_SPIN, LS__HERE)
#define ls_spin_trylock(l) ls__tryacquire((l), LS_K_SPIN, LS__HERE)
#define ls_spin_lock_recursive(l) ls__acquire_rec((l), LS_K_SPIN, LS__HERE)
#define ls_spin_unlock_recursive(l) ls__release_rec((l), LS_K_SPIN, LS__HERE)
#define ls_write_lock(l) ls__acquire((l), LS_K_RWLOCK, LS__HERE)
#define ls_write_unlock(l) ls__release((l), LS_K_RWLOCK, LS__HERE)
#define ls_write_trylock(l) ls__tryacquire((l), LS_K_RWLOCK, LS__HERE)
#define ls_read_lock(l) ls__acquire_shared((l), LS_K_RWLOCK, LS__HERE)
#define ls_read_unlock(l) ls__release_shared((l), LS_K_RWLOCK, LS__HERE)
#define ls_read_trylock(l) ls__tryacquire_shared((l), LS_K_RWLOCK, LS__HERE)
#define ls_down_write(l) ls__acquire((l), LS_K_RWSEM, LS__HERE)
#define ls_up_write(l) ls__release((l), LS_K_RWSEM, LS__HERE)
#define ls_down_read(l) ls__acquire_shared((l), LS_K_RWSEM, LS__HERE)
#define ls_up_read(l) ls__release_shared((l), LS_K_RWSEM, LS__HERE)
#define ls_downgrade_write(l) ls__downgrade((l), LS_K_RWSEM, LS__HERE)

/* Interrupts: flags = ls_irq_save(); ... ls_irq_restore(flags); */
#define ls_irq_save() ls__irq_save(LS__HERE)
#define ls_irq_restore(flags) ls__irq_restore((flags), LS__HERE)
#define ls_irq_disable() ls__irq_disable(LS__HERE)
#define ls_irq_enable() ls__irq_enable(LS__HERE)
#define ls_might_sleep() ls__might_sleep("might_sleep()", LS__HERE)

/* Atomics (see ls__atomic_fetch_add): the old value.  A load or store of
 * one object is one model step as it is (one access). */
#if defined(LS_FRONTEND)
#define ls_atomic_fetch_add(p, v) ls__atomic_fetch_add((p), (v), LS__HERE)
#define ls_atomic_fetch_or(p, v) ls__atomic_fetch_or((p), (v), LS__HERE)
#define ls_atomic_fetch_and(p, v) ls__atomic_fetch_and((p), (v), LS__HERE)
#define ls_atomic_fetch_xor(p, v) ls__atomic_fetch_xor((p), (v), LS__HERE)
#define ls_atomic_xchg(p, v) ls__atomic_xchg((p), (v), LS__HERE)
#define ls_atomic_cmpxchg(p, o, n) ls__atomic_cmpxchg((p), (o), (n), LS__HERE)
#define ls_atomic_load(p) (*(p))
#define ls_atomic_store(p, v) ((void)(*(p) = (v)))
#else
#define ls_atomic_fetch_add(p, v) __atomic_fetch_add((p), (v), __ATOMIC_SEQ_CST)
#define ls_atomic_fetch_or(p, v) __atomic_fetch_or((p), (v), __ATOMIC_SEQ_CST)
#define ls_atomic_fetch_and(p, v) __atomic_fetch_and((p), (v), __ATOMIC_SEQ_CST)
#define ls_atomic_fetch_xor(p, v) __atomic_fetch_xor((p), (v), __ATOMIC_SEQ_CST)
#define ls_atomic_xchg(p, v) __atomic_exchange_n((p), (v), __ATOMIC_SEQ_CST)
/* the old value: what *p held when it was not o, else o */
#define ls_atomic_cmpxchg(p, o, n) \
	({ __typeof__(*(p)) ls__cx_old = (o); \
	   __atomic_compare_exchange_n((p), &ls__cx_old, (n), 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST); \
	   ls__cx_old; })
#define ls_atomic_load(p) __atomic_load_n((p), __ATOMIC_SEQ_CST)
#define ls_atomic_store(p, v) __atomic_store_n((p), (v), __ATOMIC_SEQ_CST)
#endif

#define LS__CAT2(a, b) a##b
#define LS__CAT(a, b) LS__CAT2(a, b)
/* Scoped lock, like Linux guard(mutex)(&m): released when the scope ends.
 * kind is one of MUTEX, SPIN, RWLOCK, RWSEM (exclusive side). */
#define ls_guard(kind, l) \
	void *LS__CAT(ls__guard_, __LINE__) __attribute__((cleanup(ls__guard_release), unused)) = \
		ls__guard((l), LS_K_##kind, LS__HERE)

#define ls_assert(cond) ls__assert((ls__assert_point(LS__HERE), !!(cond)), #cond, LS__HERE)
#define ls_assert_held(l) ls__assert_held((l), #l, LS__HERE)
#define ls_assert_not_held(l) ls__assert_not_held((l), #l, LS__HERE)
#define ls_choose(n) ls__choose((n), LS__HERE)
/* A point of progress: an infinite execution that passes no ls_progress()
 * while a thread keeps retrying is a livelock (checked only in specs that
 * use it, with weak fairness). */
#define ls_progress() ls__progress(LS__HERE)

/* Start a thread running fn(arg) in the scenario.  fn takes one pointer (or
 * no argument at all; pass NULL). */
#define ls_thread(fn, arg) \
	ls__thread((ls__entry_fn)(void (*)(void))(fn), (void *)(arg), #fn, #arg, LS__HERE)

/* An interrupt handler: fn(arg) runs at most once, at any moment at which
 * scenario thread number cpu (0 for the first ls_thread()) has interrupts
 * enabled; while it runs, thread cpu does not.  It starts with interrupts
 * disabled and must leave them so.  fn is a thread function, or has Linux's
 * irq_handler_t shape, irqreturn_t fn(int irq, void *dev_id) (irq is 0). */
#define ls_irq_thread(fn, arg, cpu) \
	ls__irq_thread((ls__entry_fn)(void (*)(void))(fn), (void *)(arg), (cpu), \
		       !__builtin_types_compatible_p(__typeof__(fn), void(void *)), #fn, #arg, LS__HERE)

/* A softirq handler (a tasklet, a timer, NET_RX): fn(arg) runs at most once,
 * at any moment at which scenario thread number cpu has bottom halves and
 * interrupts enabled; while it runs, thread cpu does not.  It runs with
 * bottom halves disabled and interrupts enabled.  fn takes one pointer. */
#define ls_softirq_thread(fn, arg, cpu) \
	ls__softirq_thread((ls__entry_fn)(void (*)(void))(fn), (void *)(arg), (cpu), #fn, #arg, LS__HERE)
#define ls_bh_disable() ls__bh_disable(LS__HERE)
#define ls_bh_enable() ls__bh_enable(LS__HERE)

/* The scenario: which threads run, with which arguments.  Assignments to
 * modelled state before the first ls_thread() set the initial state. */
#define LS_SCENARIO \
	void ls_scenario(void) LS__ANN("scenario"); \
	void ls_scenario(void)

/* A design variant: its name, the preprocessor defines that select its
 * code ("" for none, space separated, NAME or NAME=VALUE), the verdict it is
 * expected to get and why. */
#define LS_VARIANT(name, defines, expect, why) \
	extern const char ls__variant_##name[] \
		LS__ANN("variant " #name "|" defines "|" expect "|" why)

#endif /* LOCKSPIN_H */
