/*
 * runtime.c - lock semantics, per-thread state and scenario threads.
 *
 * Locks are a word each, taken with a CAS and waited for by spinning, then
 * yielding: a zeroed lock is a free lock, nothing to initialise, no futex.
 * The uncontended path touches only the lock and the caller's thread state
 * (initial-exec TLS): no allocation, no global lock.  A blocked thread
 * publishes what it waits for and runs the wait-for check (validator.c) now
 * and then, so a real deadlock is reported instead of hanging.
 *
 * Semantics, as the model has them:
 *   mutex, spinlock  exclusive
 *   rwlock           Linux rwlock_t: readers share and may nest; a writer
 *                    waits for the readers; waiting writers do not block readers
 *   rwsem            rw_semaphore: a waiting writer blocks new readers
 *   recursive        ls__acquire_rec, or a lock registered recursive:
 *                    re-taking it while held nests
 * Rank levels follow Xen's mm-locks.h: check on every acquisition unless a
 * recursive lock is re-taken; exclusive acquisitions set the level to the
 * lock's rank, shared ones do not; the outermost unlock restores the level
 * saved when the lock was taken.  Trylocks that succeed count as acquisitions.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "rt.h"

#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct rt_thread rt_threads[RT_MAX_THREADS];
int rt_nthreads;
static int rt_nadopted;

_Thread_local struct ls__fast *ls__self __attribute__((tls_model("initial-exec")));
_Thread_local unsigned ls__utag __attribute__((tls_model("initial-exec"))) = ~0u;
_Thread_local struct ls__lockrt *ls__ulast __attribute__((tls_model("initial-exec")));
_Thread_local struct ls__site ls__usite __attribute__((tls_model("initial-exec")));

/* The external definitions of the inline fast path in lockspin.h. */
extern inline uint64_t ls__chain_next(uint64_t prev, int cls, bool shared);
extern inline int ls__fast_check(struct ls__fast *f, struct ls__lockrt *l, int n, int mode, bool shared,
				 bool order, uint64_t *chain, int *rank, const char *file, int line);
extern inline void ls__fast_push(struct ls__fast *f, int n, struct ls__lockrt *l, bool shared, int cls,
				 uint64_t chain, int rank, bool nests, const char *file, int line);
extern inline void ls__fast_released(struct ls__fast *f, struct ls__lockrt *l);
extern inline bool ls__fast_take(struct ls__fast *f, struct ls__lockrt *l, int fm, int kind, bool shared,
				 bool lazy, const char *file, int line);
extern inline void ls__fast_unlazy(struct ls__fast *f, struct ls__lockrt *u, int fm);
extern inline void ls__fast_pop(struct ls__fast *f, const struct ls__held *h, int n);
extern inline void ls__acquire(void *lock, int kind, const char *file, int line);
extern inline void ls__acquire_shared(void *lock, int kind, const char *file, int line);
extern inline void ls__release(void *lock, int kind, const char *file, int line);
extern inline void ls__release_shared(void *lock, int kind, const char *file, int line);
extern inline void ls__point(const char *file, int line);

/* ls__val_mode (the validator's default, full) until stress, replay or an
 * interrupt handler sends every operation out of line. */
int ls__fmode = LS__FM_FULL;

void rt_fmode_update(void)
{
	ls__fmode = ls__sched_mode || ls__irq_mode ? LS__FM_SLOW : ls__val_mode;
}

#define LD(p) __atomic_load_n((p), __ATOMIC_ACQUIRE)
#define ST(p, v) __atomic_store_n((p), (v), __ATOMIC_RELEASE)
#define RLX(p) __atomic_load_n((p), __ATOMIC_RELAXED)
#define CAS(p, o, n) __atomic_compare_exchange_n((p), &(o), (n), false, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

/* A thread the scenario did not start (main, a test): give it a slot from
 * the top so that scenario thread ids stay the ls_thread() order. */
struct rt_thread *rt_adopt(void)
{
	int slot = RT_MAX_THREADS - 1 - __atomic_fetch_add(&rt_nadopted, 1, __ATOMIC_RELAXED);
	if (slot < rt_nthreads) {
		fprintf(stderr, "lockspin: bug: more than %d threads\n", RT_MAX_THREADS);
		abort();
	}
	struct rt_thread *t = &rt_threads[slot];
	t->id = slot;
	t->f.tag = RT_WRITER | (unsigned)(slot + 1);
	t->f.bit = 1ull << slot;
	t->active = true;
	t->pt = pthread_self();
	ls__utag = t->f.tag | RT_UNTRACKED;
	ls__self = &t->f;
	return t;
}

/* With validation on, ls__ulast is a lazy hold (lockspin.h,
 * ls__fast_take): every out-of-line call of the thread starts here (rt_me,
 * and its exit), and from here on the validator reads the hold as a held
 * entry.  (Off, an untracked hold has no site and the validator reads
 * none; the mode changes with nothing held.) */
static inline void rt_lazy_flush(struct rt_thread *t)
{
	struct ls__lockrt *u = ls__ulast;
	if (unlikely(u != NULL) && ls__val_mode != VAL_OFF && RLX(&u->word) == (t->f.tag | RT_UNTRACKED))
		ls__fast_unlazy(&t->f, u, ls__val_mode);
}

static inline struct rt_thread *rt_me(void)
{
	struct ls__fast *f = ls__self;
	if (unlikely(!f))
		return rt_adopt();
	rt_lazy_flush((struct rt_thread *)f);
	return (struct rt_thread *)f;
}

int rt_eff_rank(const struct ls__lockrt *l)
{
	int r = l->rank - 1;
	if (l->bias_flag && RLX(l->bias_flag))
		r += l->bias;
	return r;
}

static int rt_eff_rank_or_none(const struct ls__lockrt *l)
{
	return l->rank ? rt_eff_rank(l) : LS__NO_RANK;
}

const char *rt_lock_name(const struct ls__lockrt *l, char *buf, size_t n)
{
	if (l->name)
		return l->name;
	snprintf(buf, n, "lock@%p", (const void *)l);
	return buf;
}

int ls_register_lock(void *lock, int kind, const char *cls, const char *name, int rank,
		     const bool *bias_flag, int bias, bool recursive)
{
	struct ls__lockrt *l = lock;
	if (!l || kind < LS_K_MUTEX || kind >= LS_K__END || !name || rank < -1)
		return EINVAL;
	l->name = name;
	l->rank = rank + 1;
	l->bias_flag = bias_flag;
	l->bias = bias;
	l->recursive = recursive;
	l->cls = 0;
	l->fcls = 0;
	/* a class per (name, effective rank), resolved at first acquisition */
	return cls ? val_set_class(l, cls) : 0;
}

/* ---- waiting --------------------------------------------------------- */

static void rt_wait_begin(struct rt_thread *t, struct ls__lockrt *l, bool shared,
			  const char *file, int line)
{
	t->wait_shared = shared;
	t->wait_file = file;
	t->wait_line = line;
	__atomic_fetch_add(&t->wait_seq, 1, __ATOMIC_RELAXED);
	ST(&t->waiting_for, l);
}

static void rt_wait_end(struct rt_thread *t)
{
	ST(&t->waiting_for, (struct ls__lockrt *)NULL);
}

/* rt_pause(), and check the wait-for graph once the spinning is over, once
 * more while yielding, then every 16th sleep.  A check costs a trylock and
 * a walk of the blocked threads; a cycle it finds is confirmed only if all
 * of its threads are still in the same waits a moment later (validator.c),
 * so checking early costs a real deadlock nothing but reports it within
 * microseconds instead of milliseconds (a replay of a deadlock ends there). */
static void rt_backoff(struct rt_thread *t, unsigned n)
{
	if ((rt_pause(n) && n % 16 == 0) || n == 64 || n == 256)
		val_deadlock_check(t);
}

/* want: the word to hold it with, the thread's tag (| RT_UNTRACKED). */
static void rt_lock_excl(struct rt_thread *t, struct ls__lockrt *l, int kind, unsigned want,
			 const char *file, int line)
{
	unsigned v = 0;
	if (likely(CAS(&l->word, v, want)))
		return;
	if (kind == LS_K_RWSEM)
		__atomic_fetch_add(&l->wwait, 1, __ATOMIC_RELAXED);
	rt_wait_begin(t, l, false, file, line);
	for (unsigned n = 0;; n++) {
		v = 0;
		if (RLX(&l->word) == 0 && CAS(&l->word, v, want))
			break;
		rt_backoff(t, n);
	}
	rt_wait_end(t);
	if (kind == LS_K_RWSEM)
		__atomic_fetch_sub(&l->wwait, 1, __ATOMIC_RELAXED);
}

static bool rt_try_shared(struct ls__lockrt *l, int kind)
{
	unsigned v = RLX(&l->word);
	while (!(v & RT_WRITER)) {
		if (kind == LS_K_RWSEM && RLX(&l->wwait))
			return false;
		if (CAS(&l->word, v, v + 1))
			return true;
	}
	return false;
}

static void rt_lock_shared(struct rt_thread *t, struct ls__lockrt *l, int kind,
			   const char *file, int line)
{
	if (likely(rt_try_shared(l, kind)))
		return;
	rt_wait_begin(t, l, true, file, line);
	for (unsigned n = 0; !rt_try_shared(l, kind); n++)
		rt_backoff(t, n);
	rt_wait_end(t);
}

/* ---- held stack ------------------------------------------------------ */

static inline void rt_push(struct rt_thread *t, struct ls__lockrt *l, bool shared, int cls,
			   uint64_t chain, int rank, bool nests, const char *file, int line)
{
	if (unlikely(t->f.nheld == RT_MAX_HELD)) {
		fprintf(stderr, "lockspin: bug: more than %d locks held at %s:%d\n", RT_MAX_HELD, file, line);
		abort();
	}
	ls__fast_push(&t->f, t->f.nheld, l, shared, cls, chain, rank, nests, file, line);
}

static inline int rt_find_held(const struct rt_thread *t, const struct ls__lockrt *l)
{
	for (int i = t->f.nheld - 1; i >= 0; i--)
		if (t->f.held[i].lock == l)
			return i;
	return -1;
}

/* The innermost entry of l held on the given side, or -1. */
static inline int rt_find_held_side(const struct rt_thread *t, const struct ls__lockrt *l, bool shared)
{
	for (int i = t->f.nheld - 1; i >= 0; i--)
		if (t->f.held[i].lock == l && !(t->f.held[i].flags & LS__H_SHARED) == !shared)
			return i;
	return -1;
}

/* t holds l exclusively: its tag is in the word (with RT_UNTRACKED when the
 * validation-off fast path took it and pushed no entry). */
static inline bool rt_mine(const struct rt_thread *t, const struct ls__lockrt *l)
{
	return (RLX(&l->word) & ~RT_UNTRACKED) == t->f.tag;
}

static inline bool rt_untracked(const struct rt_thread *t, const struct ls__lockrt *l)
{
	return RLX(&l->word) == (t->f.tag | RT_UNTRACKED);
}

/* t holds l on either side. */
static inline bool rt_holds(const struct rt_thread *t, const struct ls__lockrt *l)
{
	return rt_find_held(t, l) >= 0 || rt_untracked(t, l);
}

/* Re-taking a lock that t holds and may nest.  A hold the validation-off
 * fast path took gets its held entry now (site: the re-take), so that the
 * nesting unwinds as any other. */
static inline bool rt_recursive_again(struct rt_thread *t, struct ls__lockrt *l, bool rec,
				      const char *file, int line)
{
	if (!(rec || l->recursive) || !rt_mine(t, l))
		return false;
	if (rt_untracked(t, l)) {
		if (ls__ulast == l)
			ls__ulast = NULL;
		rt_push(t, l, false, 0, 0, rt_eff_rank_or_none(l), true, file, line);
		__atomic_store_n(&l->word, t->f.tag, __ATOMIC_RELAXED);
	} else {
		/* its release must see the depth: out of line */
		int i = rt_find_held_side(t, l, false);
		if (i >= 0)
			t->f.held[i].flags |= LS__H_NESTS;
	}
	return true;
}

/* Checks before blocking, so that an order inversion is told even when the
 * run then deadlocks on it: the same checks as the inline path. */
static inline int rt_check(struct rt_thread *t, struct ls__lockrt *l, bool shared, bool order,
			   uint64_t *chain, int *rank, const char *file, int line)
{
	return ls__fast_check(&t->f, l, t->f.nheld, ls__val_mode, shared, order, chain, rank, file, line);
}

/* ---- interrupts ----------------------------------------------------------
 * A scenario thread is a CPU; ls_irq_thread() declares a handler of one.
 * Natively a handler is an ordinary thread (a process cannot interrupt one
 * of its threads at an arbitrary instruction), so the deadlock itself is
 * left to the model; the runtime checks lockdep's usage rule instead, per
 * CPU as the model has it: a lock taken in a handler of CPU c must never be
 * taken by c with interrupts enabled (shared in the handler against
 * shared on the CPU is fine: rwlock_t readers do not wait for readers). */
int ls__irq_mode;

static void rt_irq_usage(struct rt_thread *t, struct ls__lockrt *l, bool shared, const char *file, int line)
{
	if (likely(!ls__irq_mode))
		return;
	if (t->softirq) {
		/* the model's handlers do not nest: a hard interrupt during a
		 * softirq is not checked, natively either */
		uint64_t bit = 1ull << (t->irq_cpu - 1);
		__atomic_fetch_or(shared ? &l->sirq_in_s : &l->sirq_in_x, bit, __ATOMIC_RELAXED);
		uint64_t on = RLX(&l->sirq_on_x) | (shared ? 0 : RLX(&l->sirq_on_s));
		if (on & bit)
			val_irq_inversion(t, l, t->irq_cpu - 1, true, true, file, line);
		return;
	}
	if (t->has_softirq && !t->irq_off && !t->bh_off && t->scenario && !t->irq_cpu) {
		uint64_t bit = 1ull << t->id;
		__atomic_fetch_or(shared ? &l->sirq_on_s : &l->sirq_on_x, bit, __ATOMIC_RELAXED);
		uint64_t in = RLX(&l->sirq_in_x) | (shared ? 0 : RLX(&l->sirq_in_s));
		if (in & bit)
			val_irq_inversion(t, l, t->id, false, true, file, line);
	}
	if (t->irq_cpu) {
		int c = t->irq_cpu - 1;
		uint64_t bit = 1ull << c;
		__atomic_fetch_or(shared ? &l->irq_in_s : &l->irq_in_x, bit, __ATOMIC_RELAXED);
		uint64_t on = RLX(&l->irq_on_x) | (shared ? 0 : RLX(&l->irq_on_s));
		if (on & bit)
			val_irq_inversion(t, l, c, true, false, file, line);
	} else if (t->has_irq && !t->irq_off && t->scenario) {
		uint64_t bit = 1ull << t->id;
		__atomic_fetch_or(shared ? &l->irq_on_s : &l->irq_on_x, bit, __ATOMIC_RELAXED);
		uint64_t in = RLX(&l->irq_in_x) | (shared ? 0 : RLX(&l->irq_in_s));
		if (in & bit)
			val_irq_inversion(t, l, t->id, false, false, file, line);
	}
}

/* The registry gave the lock its rank (the model's, from the first
 * mm_lock), so these are the plain operations. */
void ls__mm_acquire(void *lock, int kind, int level, bool rec, const char *file, int line)
{
	(void)level;
	ls__acquire_slow(lock, kind, false, rec, file, line);
}

void ls__mm_acquire_shared(void *lock, int kind, int level, const char *file, int line)
{
	(void)level;
	ls__acquire_slow(lock, kind, true, false, file, line);
}

bool ls__held_by_me(const void *lock, const char *file, int line)
{
	(void)file, (void)line;
	return rt_holds(rt_me(), lock);
}

bool ls__is_locked(const void *lock, const char *file, int line)
{
	(void)file, (void)line;
	return RLX(&((const struct ls__lockrt *)lock)->word) != 0;
}

int ls__cpu_id(const char *file, int line)
{
	(void)file, (void)line;
	struct rt_thread *t = rt_me();
	return t->irq_cpu ? t->irq_cpu - 1 : t->id;
}

void *ls__container_of(void *outer, const void *inner, const char *member)
{
	(void)inner, (void)member;
	return outer;
}

unsigned long ls__irq_save(const char *file, int line)
{
	(void)file, (void)line;
	struct rt_thread *t = rt_me();
	unsigned long was = t->irq_off;
	t->irq_off = true;
	return was;
}

void ls__irq_restore(unsigned long flags, const char *file, int line)
{
	(void)file, (void)line;
	rt_me()->irq_off = flags != 0;
}

bool ls__irqs_disabled(const char *file, int line)
{
	(void)file, (void)line;
	return rt_me()->irq_off;
}

/* mutex_lock_nested(), down_read_nested(): with full validation the
 * acquisition's class is lockdep's (class, subclass) (val_subclass), so its
 * order edges are the subclass's; the checks are rt_check's otherwise. */
static void rt_acquire_nested(struct ls__lockrt *l, int kind, bool shared, int sub, const char *file, int line)
{
	if (sub <= 0 || ls__val_mode != VAL_FULL || l->recursive) {
		ls__acquire_slow(l, kind, shared, false, file, line);
		return;
	}
	struct rt_thread *t = rt_me();
	enum rt_action a = shared ? RT_A_ACQUIRE_SHARED : RT_A_ACQUIRE;
	if (unlikely(ls__sched_mode))
		sched_before(t, a, l, file, line);
	rt_irq_usage(t, l, shared, file, line);
	uint64_t chain;
	int rank, n = t->f.nheld;
	int cls = val_subclass(rt_check(t, l, shared, false, &chain, &rank, file, line), sub);
	chain = ls__chain_next(n ? t->f.held[n - 1].chain : 0, cls, shared);
	if (n && t->f.chains[chain >> (64 - LS__CHAIN_BITS)] != chain)
		ls__order_slow(&t->f, cls, shared, chain, file, line);
	if (shared)
		rt_lock_shared(t, l, kind, file, line);
	else
		rt_lock_excl(t, l, kind, t->f.tag, file, line);
	rt_push(t, l, shared, cls, chain, rank, false, file, line);
	if (unlikely(ls__sched_mode))
		sched_after(t, a, l, file, line, 1);
}

void ls__acquire_nested(void *lock, int kind, int subclass, const char *file, int line)
{
	rt_acquire_nested(lock, kind, false, subclass, file, line);
}

void ls__acquire_shared_nested(void *lock, int kind, int subclass, const char *file, int line)
{
	rt_acquire_nested(lock, kind, true, subclass, file, line);
}

void ls__irq_disable(const char *file, int line)
{
	(void)file, (void)line;
	rt_me()->irq_off = true;
}

void ls__irq_enable(const char *file, int line)
{
	(void)file, (void)line;
	rt_me()->irq_off = false;
}

void ls__bh_disable(const char *file, int line)
{
	(void)file, (void)line;
	rt_me()->bh_off++;
}

/* an enable without its disable is the model's assertion, where the model
 * has the count: on a CPU with a softirq handler (the assertion is then a
 * scheduling point of replay, as the model's step is) */
void ls__bh_enable(const char *file, int line)
{
	struct rt_thread *t = rt_me();
	const struct rt_thread *cpu = t->irq_cpu ? &rt_threads[t->irq_cpu - 1] : t;
	if (cpu->has_softirq)
		ls__assert(t->bh_off > 0, "local_bh_enable() with bottom halves enabled", file, line);
	if (t->bh_off > 0)
		t->bh_off--;
}

void ls__might_sleep(const char *text, const char *file, int line)
{
	struct rt_thread *t = rt_me();
	ls__assert(!t->irq_off, text, file, line);
}

void ls__acquire_slow(struct ls__lockrt *l, int kind, bool shared, bool rec,
		       const char *file, int line)
{
	struct rt_thread *t = rt_me();
	enum rt_action a = shared ? RT_A_ACQUIRE_SHARED : RT_A_ACQUIRE;
	if (unlikely(ls__sched_mode))
		sched_before(t, a, l, file, line);
	rt_irq_usage(t, l, shared, file, line);
	if (!shared && rt_recursive_again(t, l, rec, file, line)) {
		l->depth++;
	} else {
		uint64_t chain;
		int rank, cls = rt_check(t, l, shared, true, &chain, &rank, file, line);
		if (shared)
			rt_lock_shared(t, l, kind, file, line);
		else
			rt_lock_excl(t, l, kind, t->f.tag, file, line);
		rt_push(t, l, shared, cls, chain, rank, !shared && (rec || l->recursive), file, line);
	}
	if (unlikely(ls__sched_mode))
		sched_after(t, a, l, file, line, 1);
}

static bool rt_tryacquire(struct ls__lockrt *l, int kind, bool shared, const char *file, int line)
{
	struct rt_thread *t = rt_me();
	if (unlikely(ls__sched_mode))
		sched_before(t, RT_A_TRYLOCK, l, file, line);
	bool ok;
	if (!shared && rt_recursive_again(t, l, false, file, line)) {
		l->depth++;
		ok = true;
	} else {
		unsigned v = 0;
		ok = shared ? rt_try_shared(l, kind) : CAS(&l->word, v, t->f.tag);
		if (ok) {
			/* lockdep: a trylock cannot wait, so no edge into it */
			uint64_t chain;
			int rank, cls = rt_check(t, l, shared, false, &chain, &rank, file, line);
			rt_push(t, l, shared, cls, chain, rank, !shared && l->recursive, file, line);
		}
	}
	if (unlikely(ls__sched_mode))
		sched_after(t, RT_A_TRYLOCK, l, file, line, ok);
	return ok;
}

/* As the model has it: this thread released l before, at any time. */
static bool rt_released_before(const struct rt_thread *t, const struct ls__lockrt *l)
{
	return RLX(&l->released) & t->f.bit;
}

/* A thread's first release of l.  Atomic: readers release side by side. */
void ls__released_slow(struct ls__lockrt *l, uint64_t bit)
{
	__atomic_fetch_or(&l->released, bit, __ATOMIC_RELAXED);
}

void ls__release_slow(struct ls__lockrt *l, bool shared, const char *file, int line)
{
	struct rt_thread *t = rt_me();
	enum rt_action a = shared ? RT_A_RELEASE_SHARED : RT_A_RELEASE;
	if (unlikely(ls__sched_mode))
		sched_before(t, a, l, file, line);
	/* the side released must be the side held: read-unlocking a write-held
	 * lock (or write-unlocking a read-held one) releases what is not held */
	int i = rt_find_held_side(t, l, shared);
	if (!shared && rt_untracked(t, l)) {
		/* taken by the validation-off fast path: no entry to drop */
		if (ls__ulast == l)
			ls__ulast = NULL;
		ST(&l->word, 0u);
	} else if (unlikely(i < 0)) {
		/* leave the lock alone: another thread (or this one, on the
		 * other side) holds it */
		if (ls__val_mode != VAL_OFF) {
			if (rt_holds(t, l))
				val_bad_side(t, l, shared, file, line);
			else
				val_bad_unlock(t, l, rt_released_before(t, l), file, line);
		}
	} else if (!(t->f.held[i].flags & LS__H_SHARED) && l->depth > 0) {
		l->depth--;
	} else {
		struct ls__held h = t->f.held[i];
		int n = t->f.nheld - 1;
		ls__fast_pop(&t->f, &h, n);
		for (int j = i; j < n; j++) {
			t->f.held[j] = t->f.held[j + 1];
			/* out of order: the entries above get new chain keys */
			t->f.held[j].chain = ls__chain_next(j ? t->f.held[j - 1].chain : 0, t->f.held[j].cls,
							   t->f.held[j].flags & LS__H_SHARED);
		}
		ls__fast_released(&t->f, l);
		if (h.flags & LS__H_SHARED)
			__atomic_fetch_sub(&l->word, 1, __ATOMIC_RELEASE);
		else
			ST(&l->word, 0u);
	}
	if (unlikely(ls__sched_mode))
		sched_after(t, a, l, file, line, 1);
}

/* ---- the annotation entry points ---------------------------------------- */


void ls__acquire_rec(void *lock, int kind, const char *file, int line)
{
	ls__acquire_slow(lock, kind, false, true, file, line);
}


bool ls__tryacquire(void *lock, int kind, const char *file, int line)
{
	return rt_tryacquire(lock, kind, false, file, line);
}

bool ls__tryacquire_shared(void *lock, int kind, const char *file, int line)
{
	return rt_tryacquire(lock, kind, true, file, line);
}


/* downgrade_write(): the write hold becomes a read hold in one store, so
 * no writer can come in between (waiting readers may then enter). */
void ls__downgrade(void *lock, int kind, const char *file, int line)
{
	struct ls__lockrt *l = lock;
	struct rt_thread *t = rt_me();
	(void)kind;
	if (unlikely(ls__sched_mode))
		sched_before(t, RT_A_DOWNGRADE, l, file, line);
	if (!rt_mine(t, l)) {
		if (ls__val_mode != VAL_OFF)
			val_bad_unlock(t, l, rt_released_before(t, l), file, line);
	} else {
		int i = rt_find_held_side(t, l, false);
		if (rt_untracked(t, l)) {
			if (ls__ulast == l)
				ls__ulast = NULL;
			rt_push(t, l, true, 0, 0, LS__NO_RANK, false, file, line);
		} else if (i >= 0) {
			struct ls__held *h = &t->f.held[i];
			if (h->flags & LS__H_RAISED)
				t->f.level = h->saved_level;
			h->flags = LS__H_SHARED;
		}
		ST(&l->word, 1u);
	}
	if (unlikely(ls__sched_mode))
		sched_after(t, RT_A_DOWNGRADE, l, file, line, 1);
}

void ls__release_rec(void *lock, int kind, const char *file, int line)
{
	(void)kind;
	ls__release_slow(lock, false, file, line);
}


/* A guard's slot is its held entry's lock; the cleanup handler gets the
 * address of the local that holds it.  The release is reported at the
 * guard's own line (the scope end has no call site of its own). */
struct rt_guard {
	struct ls__lockrt *lock;
	const char *file;
	int line;
	bool shared;
	int irq;                /* 0; 1: enable interrupts after; 2: restore irq_flags; 3: enable bottom halves */
	bool irq_flags;
};
static __thread struct rt_guard rt_guards[RT_MAX_HELD] __attribute__((tls_model("initial-exec")));
static __thread int rt_nguards __attribute__((tls_model("initial-exec")));

static void *rt_guard_take(void *lock, int kind, bool shared, int irq, const char *file, int line)
{
	bool was = irq == 2 ? ls__irq_save(file, line) : false;
	if (irq == 1)
		ls__irq_disable(file, line);
	if (irq == 3)
		ls__bh_disable(file, line);
	ls__acquire_slow(lock, kind, shared, false, file, line);
	if (rt_nguards == RT_MAX_HELD) {
		fprintf(stderr, "lockspin: bug: more than %d guards at %s:%d\n", RT_MAX_HELD, file, line);
		abort();
	}
	struct rt_guard *g = &rt_guards[rt_nguards++];
	g->lock = lock;
	g->file = file;
	g->line = line;
	g->shared = shared;
	g->irq = irq;
	g->irq_flags = was;
	return g;
}

void *ls__guard(void *lock, int kind, const char *file, int line)
{
	return rt_guard_take(lock, kind, false, 0, file, line);
}

void *ls__guard_shared(void *lock, int kind, const char *file, int line)
{
	return rt_guard_take(lock, kind, true, 0, file, line);
}

void *ls__guard_irq(void *lock, int kind, const char *file, int line)
{
	return rt_guard_take(lock, kind, false, 1, file, line);
}

void *ls__guard_irqsave(void *lock, int kind, const char *file, int line)
{
	return rt_guard_take(lock, kind, false, 2, file, line);
}

void *ls__guard_shared_irq(void *lock, int kind, const char *file, int line)
{
	return rt_guard_take(lock, kind, true, 1, file, line);
}

void *ls__guard_shared_irqsave(void *lock, int kind, const char *file, int line)
{
	return rt_guard_take(lock, kind, true, 2, file, line);
}

void *ls__guard_bh(void *lock, int kind, const char *file, int line)
{
	return rt_guard_take(lock, kind, false, 3, file, line);
}

void *ls__guard_shared_bh(void *lock, int kind, const char *file, int line)
{
	return rt_guard_take(lock, kind, true, 3, file, line);
}

void ls__guard_release(void *slot)
{
	struct rt_guard *g = *(struct rt_guard **)slot;
	if (!g)
		return;
	struct rt_thread *t = rt_me();
	t->guard_release = true;
	ls__release_slow(g->lock, g->shared, g->file, g->line);
	t->guard_release = false;
	if (g->irq == 3)
		ls__bh_enable(g->file, g->line);
	else if (g->irq)
		t->irq_off = g->irq == 2 && g->irq_flags;
	/* guards end in reverse order of their scopes */
	rt_nguards = (int)(g - rt_guards);
}

/* ls_assert(cond): the scheduling point comes before cond is evaluated. */
void ls__assert_point(const char *file, int line)
{
	if (likely(!ls__sched_mode))
		return;
	struct rt_thread *t = rt_me();
	sched_before(t, RT_A_ASSERT, NULL, file, line);
	t->assert_line = line;
}

void ls__assert(int ok, const char *text, const char *file, int line)
{
	struct rt_thread *t = rt_me();
	if (unlikely(ls__sched_mode)) {
		if (t->assert_line == line)
			t->assert_line = 0; /* scheduled by ls__assert_point */
		else
			sched_before(t, RT_A_ASSERT, NULL, file, line);
	}
	if (!ok)
		val_report(LS_V_ASSERTION, t, file, line, text, "assertion '%s' failed", text);
	if (unlikely(ls__sched_mode))
		sched_after(t, RT_A_ASSERT, NULL, file, line, ok);
}

void ls__check(int ok, const char *verdict, const char *text, const char *file, int line)
{
	if (ok)
		return;
	val_report(verdict, rt_me(), file, line, text, "%s", text);
	/* the statement would now dereference NULL, index outside the array,
	 * divide by zero or store what the model cannot hold: the run ends here */
	fflush(NULL);
	_exit(1);
}

/* The column of the list walk at file:line: a side-car program's wrapper
 * defines it from the front end's notes (native_side.c); 0 unknown. */
__attribute__((weak)) int ls__side_walk_col(const char *file, int line)
{
	(void)file;
	(void)line;
	return 0;
}

/* A side-car program's list walk (LS__LIST in the lock-API headers'
 * list.h) over head: the model walks it as untracked data, any number of
 * entries; a head no code initialised (zeros, or NULL plus an offset)
 * would be followed through NULL.  That the real code cannot do: an error
 * at the walk, and the run ends with RT_EXIT_NATIVE (the driver exits 2). */
void *ls__side_list(const void *head, const char *file, int line);
void *ls__side_list(const void *head, const char *file, int line)
{
	const struct { const void *next, *prev; } *l = head;
	if ((uintptr_t)head >= 4096 && l->next)
		return (void *)(uintptr_t)head;
	int col = ls__side_walk_col(file, line);
	char c[16] = "";
	if (col)
		snprintf(c, sizeof c, "%d:", col);
	fprintf(stderr, "%s:%d:%s error: natively, the list this walk follows has a %s head: no code initialised it "
		"(creation code, which no scenario runs, would INIT_LIST_HEAD it); the model walks it as untracked data, "
		"any number of entries, which the real code cannot: make it a list in the scenario (INIT_LIST_HEAD) or "
		"keep it out of an anonymous member of a global\n",
		file, line, c, (uintptr_t)head < 4096 ? "NULL" : "zeroed");
	fflush(NULL);
	_exit(RT_EXIT_NATIVE);
}

void ls__assert_held(const void *lock, const char *text, const char *file, int line)
{
	struct rt_thread *t = rt_me();
	ls__assert(rt_holds(t, lock), text, file, line);
}

void ls__assert_not_held(const void *lock, const char *text, const char *file, int line)
{
	struct rt_thread *t = rt_me();
	ls__assert(!rt_holds(t, lock), text, file, line);
}

static uint64_t rt_rand(struct rt_thread *t)
{
	/* xorshift64*: the stress seed reproduces a run's choices */
	uint64_t x = t->rng ? t->rng : 0x9e3779b97f4a7c15ull;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	t->rng = x;
	return x * 0x2545f4914f6cdd1dull;
}

int ls__choose(int n, const char *file, int line)
{
	struct rt_thread *t = rt_me();
	int v = -1;
	if (unlikely(ls__sched_mode))
		v = sched_before(t, RT_A_CHOOSE, NULL, file, line);
	if (v < 0 || v >= n)
		v = n > 0 ? (int)(rt_rand(t) % (uint64_t)n) : 0;
	if (unlikely(ls__sched_mode))
		sched_after(t, RT_A_CHOOSE, NULL, file, line, v);
	return v;
}

static unsigned long rt_progress_count;

void ls__progress(const char *file, int line)
{
	struct rt_thread *t = rt_me();
	if (unlikely(ls__sched_mode))
		sched_before(t, RT_A_PROGRESS, NULL, file, line);
	__atomic_fetch_add(&rt_progress_count, 1, __ATOMIC_RELAXED);
	if (unlikely(ls__sched_mode))
		sched_after(t, RT_A_PROGRESS, NULL, file, line, 1);
}

int ls__signal(const char *what, const char *file, int line)
{
	(void)what;
	return ls__choose(2, file, line);
}

/* ---- scenario threads -------------------------------------------------- */

void ls__thread(ls__entry_fn fn, void *arg, const char *fname, const char *aname,
		const char *file, int line)
{
	int id = rt_nthreads;
	if (id >= RT_MAX_THREADS - 1 - rt_nadopted) {
		fprintf(stderr, "lockspin: %s:%d: too many threads\n", file, line);
		return;
	}
	struct rt_thread *t = &rt_threads[id];
	t->id = id;
	t->f.tag = RT_WRITER | (unsigned)(id + 1);
	t->f.bit = 1ull << id;
	t->scenario = true;
	t->active = true;
	t->fn = fn;
	t->arg = arg;
	t->fname = fname;
	t->aname = aname;
	t->file = file;
	t->line = line;
	t->rng = (uint64_t)id * 0x9e3779b97f4a7c15ull + 1;
	t->irq_cpu = 0;
	t->irq_off = false;
	t->softirq = false;
	t->bh_off = 0;
	rt_nthreads = id + 1;
}

/* A handler (hard or soft interrupt) is an ordinary scenario thread of a
 * CPU thread declared before it; the mode word sends every lock operation
 * out of line once a handler exists, as the irq state is checked there.
 * Returns the handler's slot, or NULL when it was refused. */
static struct rt_thread *rt_handler_thread(ls__entry_fn fn, void *arg, int cpu, const char *what, const char *fname,
					   const char *aname, const char *file, int line)
{
	int id = rt_nthreads;
	if (cpu < 0 || cpu >= id || rt_threads[cpu].irq_cpu) {
		fprintf(stderr, "lockspin: %s:%d: %s '%s' of thread %d: no such CPU thread\n", file, line, what,
			fname, cpu);
		return NULL;
	}
	ls__thread(fn, arg, fname, aname, file, line);
	if (rt_nthreads != id + 1)
		return NULL;
	rt_threads[id].irq_cpu = cpu + 1;
	ls__irq_mode = 1;
	rt_fmode_update();
	return &rt_threads[id];
}

/* A hardware interrupt enters its handler with interrupts disabled. */
void ls__irq_thread(ls__entry_fn fn, void *arg, int cpu, bool linux_shape, const char *fname, const char *aname,
		    const char *file, int line)
{
	struct rt_thread *h = rt_handler_thread(fn, arg, cpu, "interrupt handler", fname, aname, file, line);
	if (!h)
		return;
	h->irq_linux = linux_shape;
	h->irq_off = true;
	rt_threads[cpu].has_irq = true;
}

/* A softirq runs with bottom halves disabled and interrupts enabled. */
void ls__softirq_thread(ls__entry_fn fn, void *arg, int cpu, const char *fname, const char *aname, const char *file,
			int line)
{
	struct rt_thread *h = rt_handler_thread(fn, arg, cpu, "softirq handler", fname, aname, file, line);
	if (!h)
		return;
	h->softirq = true;
	h->bh_off = 1;
	rt_threads[cpu].has_softirq = true;
}

static pthread_barrier_t rt_start;

static void *rt_thread_main(void *p)
{
	struct rt_thread *t = p;
	ls__utag = t->f.tag | RT_UNTRACKED; /* its tag was set by ls__thread */
	ls__self = &t->f;
	sched_thread_start(t);
	pthread_barrier_wait(&rt_start);
	if (t->irq_linux)
		((int (*)(int, void *))(void (*)(void))t->fn)(0, t->arg); /* irqreturn_t fn(int irq, void *dev_id) */
	else
		t->fn(t->arg);
	if (unlikely(ls__sched_mode))
		sched_thread_end(t);
	rt_lazy_flush(t);
	if (t->f.nheld && ls__val_mode != VAL_OFF)
		val_held_at_exit(t);
	/* locks stay held, as in the kernel: a waiter then reports a deadlock */
	ST(&t->exited, 1);
	return NULL;
}

int rt_run_threads(void)
{
	int n = rt_nthreads, err;
	if ((err = pthread_barrier_init(&rt_start, NULL, (unsigned)n + 1)))
		return err;
	for (int i = 0; i < n; i++) {
		if ((err = pthread_create(&rt_threads[i].pt, NULL, rt_thread_main, &rt_threads[i]))) {
			fprintf(stderr, "lockspin: cannot start thread %d: %s\n", i, strerror(err));
			abort(); /* the barrier would never open */
		}
	}
	pthread_barrier_wait(&rt_start);
	for (int i = 0; i < n; i++)
		pthread_join(rt_threads[i].pt, NULL);
	pthread_barrier_destroy(&rt_start);
	return 0;
}
