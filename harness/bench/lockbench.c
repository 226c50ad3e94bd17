/* lockbench.c - the cost of a lock+unlock pair, like for like:
 *
 *   lockbench uncontended ROUNDS PAIRS [COUNTS]   one thread, ns per pair
 *   lockbench contended THREADS ROUNDS PAIRS [THINK]  THREADS on one lock
 *   lockbench count CASE PAIRS                    one case, for callgrind
 *   cc -O2 -Iharness harness/bench/lockbench.c harness/runtime.c \
 *      harness/validator.c harness/replay.c -lpthread -o lockbench
 *
 * The machine the bench runs on is shared, and its load moves a median 2x
 * between two runs: so the cases are interleaved, round-robin, each round
 * timing one batch of PAIRS pairs per case (starting at a different case
 * each round), and the table gives the minimum (the cost with the least
 * interference) and the median over the rounds.  Instruction counts come
 * from `count` under callgrind (--collect-atstart=no: only the timed loop
 * is counted), minus the empty loop's: they do not depend on the load.
 * COUNTS is a file of "CASE instructions-per-pair" lines to print with the
 * times.
 *
 * Baselines: an inline test-and-set lock (one CAS to lock, one release
 * store to unlock, the same spin-yield-sleep wait as the runtime's), glibc's
 * pthread_spin and pthread_mutex (normal).  "+1 held" runs the pair with
 * another lock already held, so full mode looks the (outer, inner) chain up
 * on every acquisition.  The contended case keeps THREADS workers alive
 * across rounds (a lockspin thread keeps its slot), starts each round only
 * once every worker is running, counts under the lock (a lost update fails
 * the run) and reports the handoffs: the share of acquisitions that took
 * the lock from another thread, so that a run whose threads did not
 * overlap says so.  Between pairs each worker does THINK steps of work
 * outside the lock (else the releasing thread re-takes the lock before
 * another core's request arrives: 0 % handoffs), and the rounds are short
 * (2000 pairs) so that a round the workers start together is likely to
 * run together; the rounds with >= CONTENDED_PCT handoffs ("shared") give
 * the cost under contention, and their count how often that happened on
 * the machine's load. */
#define _GNU_SOURCE
#include "../rt.h"

#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#if defined(__has_include)
#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#define LB_HAVE_CALLGRIND 1
#endif
#endif

/* ---- the inline CAS lock ------------------------------------------------ */

static unsigned cas_word;
static long cas_busy; /* acquisitions that found it taken (contended case) */

__attribute__((noinline)) static void cas_wait(unsigned *w)
{
	__atomic_fetch_add(&cas_busy, 1, __ATOMIC_RELAXED);
	for (unsigned n = 0;; n++) {
		unsigned v = 0;
		if (__atomic_load_n(w, __ATOMIC_RELAXED) == 0 &&
		    __atomic_compare_exchange_n(w, &v, 1, false, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
			return;
		rt_pause(n);
	}
}

static inline __attribute__((always_inline)) void cas_lock(unsigned *w)
{
	unsigned v = 0;
	if (__builtin_expect(!__atomic_compare_exchange_n(w, &v, 1, false, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED), 0))
		cas_wait(w);
}

static inline __attribute__((always_inline)) void cas_unlock(unsigned *w)
{
	__atomic_store_n(w, 0, __ATOMIC_RELEASE);
}

/* ---- the cases ------------------------------------------------------------ */

static pthread_mutex_t pm = PTHREAD_MUTEX_INITIALIZER;
static pthread_spinlock_t ps;
static ls_mutex_t m, outer;
static long counter; /* under the lock in the contended case */

enum { C_EMPTY, C_CAS, C_SPIN, C_MUTEX, C_OFF, C_RANKS, C_FULL, C_OFF_HELD, C_FULL_HELD, NCASES };
static const char *const case_name[NCASES] = {
	"empty-loop", "cas", "pthread-spin", "pthread-mutex", "off", "ranks", "full", "off+1", "full+1"
};
static const char *const case_label[NCASES] = {
	"empty loop (subtracted from instructions)",
	"inline CAS lock (CAS + release store)",
	"pthread_spin_lock/unlock",
	"pthread_mutex_lock/unlock",
	"lockspin, validation off",
	"lockspin, ranks only",
	"lockspin, full (ranks + class graph)",
	"lockspin, validation off, +1 held",
	"lockspin, full, +1 held",
};

/* Each loop is its own function, as a spec's code is: the inline fast path
 * is inlined into it. */
__attribute__((noinline)) static void loop_empty(long n)
{
	for (long i = 0; i < n; i++) {
		__asm__ volatile("" ::: "memory");
		counter++;
		__asm__ volatile("" ::: "memory");
	}
}

__attribute__((noinline)) static void loop_cas(long n)
{
	for (long i = 0; i < n; i++) {
		cas_lock(&cas_word);
		counter++;
		cas_unlock(&cas_word);
	}
}

__attribute__((noinline)) static void loop_spin(long n)
{
	for (long i = 0; i < n; i++) {
		pthread_spin_lock(&ps);
		counter++;
		pthread_spin_unlock(&ps);
	}
}

__attribute__((noinline)) static void loop_mutex(long n)
{
	for (long i = 0; i < n; i++) {
		pthread_mutex_lock(&pm);
		counter++;
		pthread_mutex_unlock(&pm);
	}
}

__attribute__((noinline)) static void loop_ls(long n)
{
	for (long i = 0; i < n; i++) {
		ls_mutex_lock(&m);
		counter++;
		ls_mutex_unlock(&m);
	}
}

static void set_mode(const char *mode)
{
	if (val_set_mode(mode)) {
		fprintf(stderr, "lockbench: bad mode %s\n", mode);
		exit(2);
	}
}

/* One batch of case c (nothing held before or after). */
static void run_case(int c, long n)
{
	switch (c) {
	case C_EMPTY: loop_empty(n); break;
	case C_CAS: loop_cas(n); break;
	case C_SPIN: loop_spin(n); break;
	case C_MUTEX: loop_mutex(n); break;
	case C_OFF: set_mode("off"); loop_ls(n); break;
	case C_RANKS: set_mode("ranks"); loop_ls(n); break;
	case C_FULL: set_mode("full"); loop_ls(n); break;
	case C_OFF_HELD:
	case C_FULL_HELD:
		set_mode(c == C_OFF_HELD ? "off" : "full");
		ls_mutex_lock(&outer);
		loop_ls(n);
		ls_mutex_unlock(&outer);
		break;
	}
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static int find_case(const char *s)
{
	for (int c = 0; c < NCASES; c++)
		if (!strcmp(case_name[c], s))
			return c;
	fprintf(stderr, "lockbench: unknown case '%s'\n", s);
	exit(2);
}

static void *nothing(void *p) { return p; }

/* A process that has never started a thread is __libc_single_threaded, and
 * glibc then takes and drops a pthread_mutex with plain loads and stores,
 * no atomic at all.  Every spec runs threads: start one, as they do. */
static void multithreaded(void)
{
	pthread_t pt;
	if (pthread_create(&pt, NULL, nothing, NULL) || pthread_join(pt, NULL)) {
		fprintf(stderr, "lockbench: cannot start a thread\n");
		exit(3);
	}
}

static void setup(void)
{
	multithreaded();
	pthread_spin_init(&ps, PTHREAD_PROCESS_PRIVATE);
	ls_register_lock(&m, LS_K_MUTEX, "bench.m", "m", 16, NULL, 0, false);
	ls_register_lock(&outer, LS_K_MUTEX, "bench.outer", "outer", 8, NULL, 0, false);
	/* adopt this thread and fill the chain cache before timing */
	run_case(C_FULL, 1000);
	run_case(C_FULL_HELD, 1000);
}

/* ---- uncontended ---------------------------------------------------------- */

static int uncontended(int rounds, long pairs, const char *counts)
{
	double *t = malloc(sizeof *t * (size_t)rounds * NCASES);
	double ins[NCASES];
	if (!t)
		return 2;
	for (int c = 0; c < NCASES; c++)
		ins[c] = -1;
	FILE *f = counts ? fopen(counts, "r") : NULL;
	if (f) {
		char name[64];
		double v;
		while (fscanf(f, "%63s %lf", name, &v) == 2)
			for (int c = 0; c < NCASES; c++)
				if (!strcmp(case_name[c], name))
					ins[c] = v;
		fclose(f);
	}
	setup();
	for (int r = 0; r < rounds; r++)
		for (int k = 0; k < NCASES; k++) {
			int c = (r + k) % NCASES;
			double t0 = now();
			run_case(c, pairs);
			t[c * rounds + r] = (now() - t0) / (double)pairs;
		}
	double base_min = 0, base_med = 0;
	printf("%-44s %8s %8s %8s %8s %8s\n", "case", "min ns", "+CAS", "median", "+CAS", "instr");
	for (int c = 1; c < NCASES; c++) {
		double *x = t + c * rounds;
		qsort(x, (size_t)rounds, sizeof *x, cmp);
		double mn = x[0], md = x[rounds / 2];
		if (c == C_CAS) {
			base_min = mn;
			base_med = md;
		}
		char ib[32] = "-";
		if (ins[c] >= 0 && ins[C_EMPTY] >= 0)
			snprintf(ib, sizeof ib, "%.1f", ins[c] - ins[C_EMPTY]);
		printf("%-44s %8.2f %+8.2f %8.2f %+8.2f %8s\n", case_label[c], mn, mn - base_min, md,
		       md - base_med, ib);
	}
	free(t);
	return 0;
}

/* ---- callgrind: instructions in the loop alone ------------------------------ */

static int count(const char *name, long pairs)
{
	int c = find_case(name);
	setup();
	run_case(c, pairs / 10); /* warm: first-time paths out of the count */
#ifdef LB_HAVE_CALLGRIND
	CALLGRIND_TOGGLE_COLLECT;
	run_case(c, pairs);
	CALLGRIND_TOGGLE_COLLECT;
	return 0;
#else
	(void)pairs;
	fprintf(stderr, "lockbench: built without valgrind/callgrind.h\n");
	return 3;
#endif
}

/* ---- contended ------------------------------------------------------------- */

#define MAX_WORKERS 8
#define CONTENDED_PCT 5.0
enum { K_THINK, K_CAS, K_SPIN, K_MUTEX, K_OFF, K_FULL, NK };
static const char *const k_label[NK] = {
	"no lock (the work outside it alone)", "inline CAS lock", "pthread_spin", "pthread_mutex",
	"lockspin, validation off", "lockspin, full"
};
static int cur_case, quit, round_no, done, ready;
static long cur_pairs;
/* Under the lock: its last holder, and how often the holder changed (a
 * handoff: the lock went from one thread to another).  Threads run one
 * after another hand it off once per round; threads really contending,
 * about every acquisition. */
static int last_owner;
static long handoffs;
static double round_start; /* when the last worker of the round arrived */

/* Wait for *p to reach v.  Spinning, not a barrier: every worker starts a
 * round within nanoseconds of the others, or the first would be done
 * before the last wakes up and the "contended" run would be threads one
 * after another. */
static void await(int *p, int v)
{
	for (unsigned n = 0; __atomic_load_n(p, __ATOMIC_ACQUIRE) != v; n++)
		if (n % 256 == 255)
			sched_yield(); /* more workers than cores */
		else
			__builtin_ia32_pause();
}

#define HANDOFF(me) \
	do { \
		counter++; \
		if (last_owner != (me)) { \
			last_owner = (me); \
			handoffs++; \
		} \
	} while (0)

/* Work outside the lock, the same in every case: without it the thread
 * that releases takes the lock again before another core's request for
 * its line arrives, and "several threads on one lock" measures one thread
 * at a time (0 % handoffs, as measured here before).  think_iters
 * dependent steps; THINK_NS is what they take alone. */
static long think_iters;
static inline __attribute__((always_inline)) void think(void)
{
	for (long j = 0; j < think_iters; j++)
		__asm__ volatile("" ::: "memory");
}

/* The contended loops: the uncontended ones with the handoff count and
 * the work outside the lock. */
#define CLOOP(name, lock, unlock) \
	__attribute__((noinline)) static void name(long n, int me) \
	{ \
		for (long i = 0; i < n; i++) { \
			lock; \
			HANDOFF(me); \
			unlock; \
			think(); \
		} \
	}
/* no lock: each worker its own counter, no handoffs */
__attribute__((noinline)) static void cloop_think(long n, int me)
{
	static long own[MAX_WORKERS + 1];
	for (long i = 0; i < n; i++) {
		__atomic_store_n(&own[me], own[me] + 1, __ATOMIC_RELAXED);
		think();
	}
}
CLOOP(cloop_cas, cas_lock(&cas_word), cas_unlock(&cas_word))
CLOOP(cloop_spin, pthread_spin_lock(&ps), pthread_spin_unlock(&ps))
CLOOP(cloop_mutex, pthread_mutex_lock(&pm), pthread_mutex_unlock(&pm))
CLOOP(cloop_ls, ls_mutex_lock(&m), ls_mutex_unlock(&m))

/* A round: every worker announces it is running (ready), and none starts
 * before all are: with no more workers than free cores they hammer the
 * lock at the same time. */
static void *worker(void *p)
{
	int me = (int)(intptr_t)p;
	for (int r = 1;; r++) {
		await(&round_no, r);
		if (quit)
			return NULL;
		long n = cur_pairs;
		int all = __atomic_load_n(&ready, __ATOMIC_RELAXED) >> 8;
		if ((__atomic_add_fetch(&ready, 1, __ATOMIC_ACQ_REL) & 0xff) == all)
			round_start = now(); /* the last to arrive: the clock starts */
		while ((__atomic_load_n(&ready, __ATOMIC_ACQUIRE) & 0xff) != all)
			__builtin_ia32_pause();
		switch (cur_case) {
		case K_THINK: cloop_think(n, me); break;
		case K_CAS: cloop_cas(n, me); break;
		case K_SPIN: cloop_spin(n, me); break;
		case K_MUTEX: cloop_mutex(n, me); break;
		default: cloop_ls(n, me); break;
		}
		__atomic_fetch_add(&done, 1, __ATOMIC_RELEASE);
	}
	return p;
}

static int contended(int threads, int rounds, long pairs, long think_n)
{
	think_iters = think_n;
	if (threads < 1 || threads > MAX_WORKERS)
		return 2;
	double *t = malloc(sizeof *t * (size_t)rounds * NK), *h = malloc(sizeof *h * (size_t)rounds * NK);
	pthread_t pt[MAX_WORKERS];
	if (!t || !h)
		return 2;
	multithreaded();
	pthread_spin_init(&ps, PTHREAD_PROCESS_PRIVATE);
	ls_register_lock(&m, LS_K_MUTEX, "bench.m", "m", 16, NULL, 0, false);
	for (int i = 0; i < threads; i++)
		if (pthread_create(&pt[i], NULL, worker, (void *)(intptr_t)(i + 1)))
			return 3;
	long want = 0;
	counter = 0;
	for (int r = 0; r < rounds; r++)
		for (int k = 0; k < NK; k++) {
			int c = (r + k) % NK;
			if (c == K_OFF || c == K_FULL)
				set_mode(c == K_OFF ? "off" : "full");
			cur_case = c;
			cur_pairs = pairs;
			done = 0;
			ready = threads << 8; /* the count of workers to wait for, and none yet */
			handoffs = 0;
			last_owner = 0;
			__atomic_add_fetch(&round_no, 1, __ATOMIC_RELEASE);
			await(&done, threads);
			/* from the moment all were running, not from the start signal */
			t[c * rounds + r] = (now() - round_start) / (double)(pairs * threads);
			/* the first acquisition of the round counts one: not a handoff */
			h[c * rounds + r] = 100.0 * (double)(handoffs - 1) / (double)(pairs * threads);
			if (c != K_THINK)
				want += pairs * threads;
		}
	quit = 1;
	__atomic_add_fetch(&round_no, 1, __ATOMIC_RELEASE);
	for (int i = 0; i < threads; i++)
		pthread_join(pt[i], NULL);
	if (counter != want) {
		printf("lockbench: lost updates under the lock: %ld of %ld\n", counter, want);
		return 1;
	}
	printf("(the inline CAS lock found the lock taken at %.1f%% of its acquisitions)\n",
	       100.0 * (double)cas_busy / (double)(want / (NK - 1)));
	/* A round the threads really shared: at least CONTENDED_PCT handoffs.
	 * On a loaded machine a worker is often descheduled for a whole round
	 * (then the round is one thread after another, 0 %); the figures over
	 * the shared rounds are the cost under contention, the count says
	 * how many there were. */
	printf("%-34s %7s %7s %7s %7s %9s %11s %7s\n", "case", "min ns", "median", "+CAS", "shared", "handoffs",
	       "shared ns", "+CAS");
	double cas_med = 0, cas_sh = 0;
	for (int c = 0; c < NK; c++) {
		double *x = t + c * rounds, *y = h + c * rounds, sh[rounds], shh[rounds];
		int ns = 0;
		for (int r = 0; r < rounds; r++)
			if (c != K_THINK && y[r] >= CONTENDED_PCT) {
				sh[ns] = x[r];
				shh[ns++] = y[r];
			}
		qsort(x, (size_t)rounds, sizeof *x, cmp);
		qsort(sh, (size_t)ns, sizeof *sh, cmp);
		qsort(shh, (size_t)ns, sizeof *shh, cmp);
		double md = x[rounds / 2], smd = ns ? sh[ns / 2] : 0;
		if (c == K_CAS)
			cas_med = md, cas_sh = smd;
		if (c == K_THINK) {
			printf("%-34s %7.1f %7.1f\n", k_label[c], x[0], md);
			continue;
		}
		printf("%-34s %7.1f %7.1f %+7.1f %3d/%-3d", k_label[c], x[0], md, md - cas_med, ns, rounds);
		if (ns)
			printf(" %8.1f%% %11.1f %+7.1f\n", shh[ns / 2], smd, cas_sh ? smd - cas_sh : 0.0);
		else
			printf(" %9s %11s %7s\n", "-", "-", "-");
	}
	free(t);
	free(h);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 4 && !strcmp(argv[1], "uncontended"))
		return uncontended(atoi(argv[2]), atol(argv[3]), argc > 4 ? argv[4] : NULL);
	if ((argc == 5 || argc == 6) && !strcmp(argv[1], "contended"))
		return contended(atoi(argv[2]), atoi(argv[3]), atol(argv[4]), argc == 6 ? atol(argv[5]) : 100);
	if (argc == 4 && !strcmp(argv[1], "count"))
		return count(argv[2], atol(argv[3]));
	fprintf(stderr, "usage: lockbench uncontended ROUNDS PAIRS [COUNTS] | contended THREADS ROUNDS PAIRS [THINK] |"
		" count CASE PAIRS\n");
	return 2;
}
