/*
 * trace.h - a counterexample told in C: the one model every presenter reads
 * (report.c: trace.txt and schedule.txt, diagram.c, sarif.c, html.c).
 *
 *   IrProgram + CheckResult (Trail) --trace_project()--> CTrace
 *
 * main.c projects each counterexample once (the primary one and every
 * also-found one); the presenters only lay the CTrace out.  So every rule
 * that depends on the verdict is decided here, once, and not again by each
 * presenter:
 *  - waits: only a deadlock's threads are stuck.  Where a failed check ends
 *    the trail, the other threads simply had not run further, so a trail's
 *    stopped threads become CWaits for V_DEADLOCK (and for the hypothetical
 *    paths of a potential deadlock), for no other verdict;
 *  - scenario: which trace the lockdep scenario and the diagram show
 *    (lockdep's hypothetical paths for a potential deadlock, whose trail
 *    does not block);
 *  - per step: the short form (brief), whether it is in the brief form and
 *    whether it writes what the failing check reads (the causal step is
 *    the last such write), whether it is a row of the lockdep
 *    scenario, whether it shows the held set, whether it is an acquisition
 *    that closes the deadlock cycle; per lane: whether it is in the cycle.
 *
 * trace_project() replays the Trail over the IR: it names every step
 * (thread, file:line, the C text of that line, the action), keeps the locks
 * each thread holds after every step (with where each was taken), and at the
 * end builds the wait-for graph, finds its cycle and the lock chain.  It
 * sees no Promela and no libclang, only IR statements and SrcLocs.
 *
 * Conventions read from the Trail (verdict.h):
 *  - The step that executes Trail.failed in Trail.failed_thread (the last
 *    such step) is the failing check.  It is shown as failed and changes no
 *    lock state: a rank check or an unlock check fires before the operation.
 *    If the trail does not contain it, a step is appended for it.
 *  - Thread names are T<id + 1> (the Promela pid), with IrThread.name.
 *  - Trail.failed_lock/failed_level/failed_rank, when set, name the lock,
 *    the thread's level and the (biased) rank of a failed lock check.
 *  - V_POTENTIAL_DEADLOCK: the chain is the first cycle of
 *    CheckResult.edges, whose from/to are order classes (lockgraph.h); each
 *    class is named by its first lock (lockgraph_class_lock).  Without a
 *    trail the scenario is lockdep's: one hypothetical path per edge takes
 *    its `from` lock, then waits for `to`.
 *
 * All memory is arena memory.
 */
#ifndef LS_TRACE_H
#define LS_TRACE_H

#include "verdict.h"

/* One lock a thread holds. */
typedef struct CHeld {
	int lock;            /* IrLock id */
	bool shared;
	int count;           /* recursion depth */
	int step;            /* index in CTrace.steps of the acquisition, -1 if none */
	SrcLoc loc;          /* where it was taken */
	int level;           /* rank level after taking it (-1: no ranks) */
} CHeld;

typedef struct CHeldSet {
	CHeld *v;            /* in acquisition order (lockdep's #0, #1, ...) */
	int n;
} CHeldSet;

typedef enum CStepKind {
	CS_ACQUIRE = 1,      /* lock taken (or, on a failed step, about to be) */
	CS_RELEASE,
	CS_TRYLOCK_OK,
	CS_TRYLOCK_FAIL,
	CS_ASSERT,
	CS_CHOOSE,           /* an assignment or condition with ls_choose() */
	CS_ASSIGN,
	CS_BRANCH,           /* if / loop test */
	CS_PROGRESS,
	CS_OTHER,            /* skip, goto, break, continue, label */
	CS_DOWNGRADE,        /* downgrade_write(): the write hold becomes a read hold */
} CStepKind;

typedef struct CStep {
	int n;               /* 1-based step number */
	int thread;          /* IrThread id (lane) */
	const IrStmt *stmt;  /* NULL for a synthetic step */
	CStepKind kind;
	bool shared;         /* lock step on the shared side */
	bool recursive;
	int lock;            /* lock id, -1 */
	int value;           /* CS_CHOOSE: the value chosen, -1 unknown; CS_BRANCH: taken */
	bool taken;          /* S_IF / S_LOOP: the condition held */
	bool failed;         /* the failing check */
	SrcLoc loc;
	const char *text;    /* the C source line, "" if unknown */
	const char *action;  /* "acquire d0.pod_lock", "assert 'x' failed", "assign count" */
	const char *brief;   /* short form for scenario and diagram: "lock(a);" */
	int level_before, level_after; /* -1: no ranks */
	CHeldSet held;       /* what `thread` holds after the step */
	bool held_changed;
	bool lockish;        /* a lock step or an assertion: shows the held set */
	bool scenario_row;   /* a lock step: a row of the lockdep scenario */
	bool cycle_acquire;  /* takes a lock that another thread of the cycle waits for */
	const ValChange *changes; /* modelled globals it changed (trail_value_name) */
	int nchanges;
	bool writes_read;    /* writes state the failing check reads */
	bool in_brief;       /* a step of the brief form (CTrace.full) */
} CStep;

/* A thread stopped at a lock it cannot take when the trail ends. */
typedef struct CWait {
	int thread;
	int lock;
	SrcLoc loc;
	const char *text;
	int holders[8];      /* threads holding `lock` (readers may be several;
			      * trace_same_lock: a lock of its class, synthetic) */
	int nholders;
} CWait;

/* An edge of the lock chain: `to` requested while `from` was held. */
typedef struct CChainEdge {
	int from, to;        /* lock ids */
	int thread;          /* -1 for an edge from CheckResult.edges */
	SrcLoc loc, from_loc;  /* where `to` was requested, where `from` was taken */
	int from_sub, to_sub;  /* their lockdep subclasses (OrderEdge) */
} CChainEdge;

typedef struct CTrace {
	const IrProgram *p;
	const CheckResult *r;
	int nlanes;
	const char **lane_names;  /* "T1 pod_fault(&d0)" */
	CStep *steps;
	int nsteps;
	CHeldSet *final_held;     /* per lane, when the trail ends */
	CWait *waits;
	int nwaits;
	int *cycle;               /* lanes of the wait-for cycle, lowest first */
	int ncycle;
	CChainEdge *chain;        /* chain[i].to == chain[i + 1].from, last wraps */
	int nchain;
	bool synthetic;           /* lanes are lockdep's hypothetical paths
				   * (potential deadlock without a trail) */
	int failed_step;          /* index in steps, -1 */
	int fail_level, fail_rank; /* failed rank check: level > rank, else -1 */
	int cycle_start;          /* livelock: index in steps, -1 */
	bool has_levels;
	/* Where the violation is, for a reader and for replay: the failing
	 * check; for held-at-exit where the first lock still held was taken
	 * (the runtime reports it there); a deadlock's first wait; the first
	 * chain edge.  file NULL if none. */
	SrcLoc fail_loc;
	int fail_thread;          /* its thread, -1 */
	bool *lane_in_cycle;      /* per lane: in the wait-for cycle (every
				   * hypothetical path is) */
	/* What the lockdep scenario and the diagram show: lockdep's hypothetical
	 * paths (synthetic) for a potential deadlock with a chain, whose trail
	 * does not block; this trace itself otherwise.  Never NULL. */
	const struct CTrace *scenario;
	/* The causal step: the last step before the failing check that writes
	 * state the check reads (an assertion's or a run-time check's
	 * condition), -1 if none.  The diagram draws an arrow from it to the
	 * failing step. */
	int causal_step;
	/* Which form the presenters show: every step (--full), or only the
	 * steps with in_brief: lock operations, the writes of the state the
	 * failing check reads, the failing step (and a livelock's cycle start). */
	bool full;
	int nbrief;               /* steps with in_brief */
} CTrace;

/* Called once per counterexample, by main.c (and `lockspin trace`); the
 * brief form unless full. */
CTrace *trace_project(const IrProgram *p, const CheckResult *r, bool full);
/* Whether a presenter shows step i of t (the form t->full chose). */
bool trace_shows(const CTrace *t, int i);
/* "gpcs[0].valid: 0 -> 1, count: 1 -> 2", "" if none. */
const char *trace_changes_text(const CTrace *t, const CStep *s);
/* The CheckResult of r's also-found violation v, for trace_project: r's
 * search figures with v's verdict, detail and trail. */
const CheckResult *trace_also_result(const CheckResult *r, const Violation *v);

/* Names and small helpers shared by report.c and diagram.c. */
const char *trace_lock_name(const CTrace *t, int lock);       /* instance name */
const char *trace_loc(SrcLoc loc);                            /* "spec/x.c:12" */
const char *trace_src(SrcLoc loc);      /* its C line, blanks collapsed, "" if unknown */
const char *trace_lane_short(const CTrace *t, int lane);      /* "T1", or "P1" (synthetic) */
const char *trace_held_text(const CTrace *t, const CHeldSet *h); /* "{a, b}" */
const CWait *trace_wait_of(const CTrace *t, int lane);        /* NULL if not stuck */
int trace_lock_rank(const CTrace *t, int lock);               /* class rank, -1 */
const char *trace_class_name(const CTrace *t, int lock);      /* its order class's name */
/* Lock a blocks a waiter for lock b: the same lock, or in lockdep's
 * hypothetical paths (synthetic) the same order class. */
bool trace_same_lock(const CTrace *t, int a, int b);

#endif
