/*
 * rt.h - runtime internals shared by the harness modules:
 *   runtime.c   lock semantics, per-thread state, threads, registration (rt_)
 *   validator.c rank checks, class graph, wait-for graph, reports into a
 *               sink (val_)
 *   replay.c    stress and replay scheduling at annotation points (sched_,
 *               replay_); installs the validator's sink in replay mode
 *   main.c      command line, and the driver: one forked child per run,
 *               its reports collected from a pipe (drv_)
 * Calls go runtime.c -> validator.c, replay.c; replay.c -> validator.c;
 * validator.c -> runtime.c only for lock names and ranks; main.c -> all.
 * Specs never include this; they see lockspin.h only, which also declares
 * the state the inline fast path reads (struct ls__fast, struct ls__held,
 * ls__val_mode, ls__sched_mode).
 */
#ifndef LS_RT_H
#define LS_RT_H

#include "lockspin.h"
#include <sched.h>
#include <stdint.h>
#include <time.h>

/* The verdict names the runtime reports, LS_V_DEADLOCK = "deadlock", ...:
 * the extractor's table (verdict.h), so a schedule's verdict line and a
 * report name the same thing. */
#define LS_VERDICT(id, name) static const char LS_V_##id[] __attribute__((unused)) = name;
#include "ls_verdicts.h"
#undef LS_VERDICT

#define RT_MAX_THREADS 64
#define RT_MAX_HELD LS__MAX_HELD
#define RT_MAX_CLASSES 256
#define RT_WRITER LS__WRITER
#define RT_UNTRACKED LS__UNTRACKED

/* Exit status of a run whose wait-for graph closed a cycle: the deadlock
 * path prints its report and _exit()s with it instead of hanging.  Runs are
 * children of the driver (main.c), which maps it back to "deadlock". */
#define RT_EXIT_DEADLOCK 86
/* Exit status of a replay child whose execution left its schedule. */
#define RT_EXIT_DIVERGED 87
/* Exit status of a run that reached what the model assumes and the native
 * program cannot do (a side-car program's walk over a list no code
 * initialised: native_side.c), its error on stderr: the driver exits 2. */
#define RT_EXIT_NATIVE 88

/* Annotation-point actions, as in the replay schedule. */
enum rt_action {
	RT_A_ACQUIRE, RT_A_ACQUIRE_SHARED, RT_A_RELEASE, RT_A_RELEASE_SHARED,
	RT_A_TRYLOCK, RT_A_ASSERT, RT_A_CHOOSE, RT_A_PROGRESS, RT_A_DOWNGRADE
};

/* A held entry (struct ls__held) and the per-thread fast-path state
 * (struct ls__fast) are in lockspin.h: the inline lock operations use them. */
struct rt_thread {
	struct ls__fast f;      /* first: ls__self points here; level, held stack, chain cache */
	int id;                 /* scenario order; adopted threads count down from the top */
	bool scenario;
	bool active;            /* slot in use */
	ls__entry_fn fn;
	void *arg;
	const char *fname, *aname, *file;
	int line;
	pthread_t pt;
	uint64_t rng;           /* stress delays and ls_choose */
	bool guard_release;     /* releasing a guard at scope end (no line of its own) */
	int assert_line;        /* ls__assert_point scheduled the ls__assert at this line; 0 */
	/* wait-for graph: set while blocked on a lock (atomics, read by others) */
	struct ls__lockrt *waiting_for;
	bool wait_shared;
	const char *wait_file;
	int wait_line;
	unsigned wait_seq;
	int exited;
	/* rank-violation sites this thread reported: a repeat costs a compare */
	struct { const char *file; int line; } rank_seen[8];
	unsigned nrank_seen;
	/* interrupts: a scenario thread is a CPU; an interrupt handler thread
	 * (ls_irq_thread) has irq_cpu = its CPU's id + 1 (0: not a handler) */
	int irq_cpu;
	bool irq_off;           /* interrupts disabled on this thread's CPU, as it set them */
	bool has_irq;           /* a handler is declared on this CPU: its irq-on usage counts */
	bool irq_linux;         /* fn is an irq_handler_t: called fn(0, arg) */
	bool softirq;           /* a softirq handler (ls_softirq_thread) of irq_cpu - 1 */
	bool has_softirq;       /* a softirq handler is declared on this CPU */
	int bh_off;             /* local_bh_disable() count on this thread's CPU */
};

extern struct rt_thread rt_threads[RT_MAX_THREADS];
extern int rt_nthreads;           /* scenario threads recorded */
/* The values of ls__val_mode (validator.c) and ls__sched_mode (replay.c),
 * declared in lockspin.h because the fast path reads them. */
enum val_mode { VAL_OFF, VAL_RANKS, VAL_FULL };
enum sched_mode { SCHED_NONE, SCHED_STRESS, SCHED_REPLAY };

void ls_scenario(void);

/* The wait of one try at a taken lock, the n-th: spin a little, then
 * yield, then sleep 200 us; true when it slept.  Inline, so that
 * lockbench's CAS baseline waits exactly as the runtime does. */
static inline bool rt_pause(unsigned n)
{
	if (n < 64) {
		__builtin_ia32_pause();
		return false;
	}
	if (n < 1024) {
		sched_yield();
		return false;
	}
	struct timespec ts = { 0, 200 * 1000 };
	nanosleep(&ts, NULL);
	return true;
}

/* runtime.c */
struct rt_thread *rt_adopt(void);
int rt_run_threads(void);                 /* start recorded threads together, join */
const char *rt_lock_name(const struct ls__lockrt *l, char *buf, size_t n);
int rt_eff_rank(const struct ls__lockrt *l);
void rt_fmode_update(void);               /* ls__fmode from the val, sched and irq modes */

/* validator.c */
int val_set_mode(const char *s);           /* "off" | "ranks" | "full"; EINVAL */
void val_set_report_fd(int fd);            /* driver pipe; -1: none */
void val_set_quiet(bool q);
/* Where reports go.  report() is called once per distinct problem, under
 * the validator's lock: machine is the "<verdict> <tid> <file>:<line>
 * <detail>\n" line(s), text the human form.  It returns true when the run
 * has its answer; the validator then ends the process (exit status 1). */
struct val_sink {
	bool (*report)(const char *machine, const char *text);
};
extern const struct val_sink val_print_sink; /* stderr, $LOCKSPIN_REPORT, the driver's pipe */
void val_set_sink(const struct val_sink *s); /* NULL: val_print_sink, the default */
void val_report(const char *verdict, const struct rt_thread *t, const char *file, int line,
		const char *detail, const char *fmt, ...) __attribute__((format(printf, 6, 7)));
void val_rank_violation(struct rt_thread *t, struct ls__lockrt *l, int rank, const char *file, int line);
/* lockdep's irq usage rule: a lock taken in t, an interrupt handler of cpu
 * (or by the CPU cpu with interrupts enabled, when t is that CPU), is also
 * taken the other way on the same CPU */
void val_irq_inversion(struct rt_thread *t, struct ls__lockrt *l, int cpu, bool in_handler, bool soft, const char *file,
		       int line);
int val_class(struct ls__lockrt *l);
/* the class of subclass sub (mutex_lock_nested) of class c */
int val_subclass(int c, int sub);
int val_set_class(struct ls__lockrt *l, const char *cls);
void val_order(struct rt_thread *t, int cls, bool shared, const char *file, int line);
void val_bad_unlock(struct rt_thread *t, struct ls__lockrt *l, bool twice, const char *file, int line);
/* release of the side of l that t does not hold (it holds the other) */
void val_bad_side(struct rt_thread *t, struct ls__lockrt *l, bool shared, const char *file, int line);
void val_held_at_exit(struct rt_thread *t);
void val_deadlock_check(struct rt_thread *t);
void val_diverged(const struct rt_thread *t, const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
unsigned val_nreports(void);

/* replay.c: scheduling points.  sched_before may return a value for choose. */
void sched_set_stress(uint64_t seed);
int replay_load(const char *path, char *err, size_t errlen);
void sched_thread_start(struct rt_thread *t);
int sched_before(struct rt_thread *t, enum rt_action a, struct ls__lockrt *l,
		 const char *file, int line);
void sched_after(struct rt_thread *t, enum rt_action a, struct ls__lockrt *l,
		 const char *file, int line, int outcome);
void sched_point(struct rt_thread *t, const char *file, int line); /* ls__point in replay */
void sched_thread_end(struct rt_thread *t);
bool replay_expected(const char **verdict, int *tid, const char **file, int *line);
bool replay_stuck_at(int tid, const char *file, int line);
bool rt_same_file(const char *a, const char *b);

#endif
