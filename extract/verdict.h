/*
 * verdict.h - what a SPIN run tells about one IrProgram, in IR terms.
 *
 * spin.c fills a CheckResult from pan's output and, for a violation, a Trail
 * decoded from `spin -t` (through pml_decode.c, with the map of what
 * promela.c emitted).  trace.c projects it (trace.h), and the
 * presenters read the projection; none of them sees Promela or pan text.
 */
#ifndef LS_VERDICT_H
#define LS_VERDICT_H

#include "ir.h"
#include "lockgraph.h"

/* V_OK = 0, V_DEADLOCK, ...: the one table, shared with the harness. */
typedef enum Verdict {
#define LS_VERDICT(id, name) V_##id,
#include "../harness/ls_verdicts.h"
#undef LS_VERDICT
	V_NVERDICTS
} Verdict;

const char *verdict_name(Verdict v);     /* "ok", "deadlock", "double-unlock", ... */
int verdict_parse(const char *s);        /* -1 if unknown */

/* A modelled global the step changed (spin -t -g): IrVar `var`, element
 * `index` of its Promela array (instance * arrlen + array index). */
typedef struct ValChange {
	int var, index;
	int before, after;
} ValChange;

/* One executed step of the counterexample, in IR terms. */
typedef struct TrailStep {
	int thread;           /* IrThread id */
	const IrStmt *stmt;   /* the IR statement executed */
	int lock;             /* S_LOCK: the resolved lock id; else -1 */
	bool taken;           /* S_LOCK trylock: succeeded; S_IF/S_LOOP: condition true */
	int level_before;     /* rank level before/after (-1: the model has no ranks) */
	int level_after;
	int chosen;           /* ls_choose in this statement: the value chosen, else -1 */
	ValChange *changes;   /* the globals this step changed, in spin's order */
	int nchanges;
} TrailStep;

typedef struct Trail {
	TrailStep *steps;
	int nsteps;
	int nthreads;
	/* Per thread, the statement it is stopped at when the trail ends (a
	 * blocked lock acquisition in a deadlock), NULL if it finished. */
	const IrStmt **stuck;
	int *stuck_lock;      /* the lock id it waits for there, or -1 */
	/* The check that failed: an S_ASSERT, an S_LOCK (unlock check, rank
	 * check), or NULL with failed_thread >= 0 for held-at-exit. */
	const IrStmt *failed;
	int failed_thread;    /* -1 if none */
	int failed_lock;      /* lock id of a failed lock check (unlock, rank), else -1 */
	int failed_level;     /* rank check: the thread's level when it failed, else -1 */
	int failed_rank;      /* rank check: the (biased) rank it tried to take, else -1 */
	int cycle_start;      /* livelock: first step of the repeated cycle, else -1 */
} Trail;

/* One distinct violation: its verdict, a one-line detail and the shortest
 * counterexample for it. */
typedef struct Violation {
	Verdict verdict;
	const char *detail;
	Trail *trail;
	const char *spin_output;
} Violation;

typedef struct CheckResult {
	Verdict verdict;
	bool complete;             /* the exhaustive search finished */
	const char *incomplete_why; /* "max search depth too small", "out of memory", ... */
	const char *detail;        /* one line: "assertion 'gpc->valid' failed", ... */
	long states;               /* states stored */
	long transitions;
	double seconds;            /* pan's search time */
	double memory_mb;
	const char *pan_output;    /* pan's own output, verbatim */
	const char *spin_output;   /* `spin -t -p` output for a violation, verbatim */
	Trail *trail;              /* NULL if no violation */
	/* Lock operations and assertions that no execution reaches (pan's
	 * "unreached in proctype"), as IR statements: a vacuous check is not a proof. */
	const IrStmt **unreached;
	/* per entry: NULL when no inlined copy of the C statement is reached;
	 * else the call chain of the copy that is not, "spec/x.c:266 ->
	 * spec/x.c:133" (spin_unreached_what() words both) */
	const char **unreached_via;
	int nunreached;
	/* Every distinct violation (verdict and place) a full search finds, in
	 * breadth-first order; the primary one above is among them. */
	Violation *all;
	int nall;
	/* The errors pan's all-violations search counted (pan -e; each an
	 * erroneous interleaving, up to the states it had already stored), 0
	 * when it did not run; errors_counted: that search ran to its end, so
	 * the count is every one (else: at least that many). */
	long errors;
	bool errors_counted;
	OrderEdge *edges;          /* lock-order graph over all explored executions (lockgraph.h) */
	int nedges;
	/* swarm.c: NULL when pan searched exhaustively; else how the result
	 * was searched, "swarm" or "swarm after the exhaustive search stopped
	 * (out of memory)" (--mode auto).  Never cached, never "ok". */
	const char *search;
	double hash_factor;        /* swarm: the lowest hash factor pan printed, 0 if none */
	double coverage;           /* swarm: the lowest coverage estimate from it, percent */
} CheckResult;

#endif
