/*
 * stages.h - the entry point of every pipeline stage, one file each.
 * main.c reads as the pipeline by calling these in order.
 */
#ifndef LS_STAGES_H
#define LS_STAGES_H

#include "trace.h"
#include <stdint.h>

/* frontend.c: C file -> IR, through libclang.  The only file that includes
 * <clang-c/Index.h>.  Both print file:line:col: error: diagnostics and return
 * NULL on bad input.  extra_args are extra compiler arguments (-I, -D). */
/* A side-car program: the upstream files and the side-car that annotates
 * them are one program, checked under the side-car's name (pass it as the
 * spec path); ccdb: compile_commands.json, whose recorded flags each file
 * (also a spec of its own) is parsed with.  Either may be NULL.  False
 * after errors. */
bool frontend_program(const char *sidecar, const char **files, int nfiles, const char *ccdb);
IrVariant *frontend_variants(const char *path, const char **extra_args, int nextra, int *nvariants);
IrProgram *frontend_extract(const char *path, const IrVariant *v, const char **extra_args, int nextra);

/* promela.c (lock operations: pml_lock.c): IR -> Promela text.  The only
 * files that know Promela syntax (with pml_tags.h, the tag formats they
 * share with pml_decode.c).  Returns
 * the map of what it emitted, which the decoders read instead of the text. */
typedef struct PmlMarker {
	int stmt;             /* the IR statement (lock acquisition) it precedes */
	int held, taken;      /* IrLock ids: `held` held while `taken` is acquired */
	bool implied;         /* no tag of its own: every run that enters stmt holds
			       * `held` and takes `taken`, so it is reached exactly when
			       * stmt's entry tag is */
} PmlMarker;
typedef struct PmlMap {
	const IrStmt **stmt;        /* by IR statement id (1..nstmts), the id its tags carry */
	int *thread;                /* by statement id: the thread whose proctype has it, -1 */
	bool *lock_entry;           /* by statement id: its entry tag is PML_TAG_LOCK (a lock
				     * operation on one constant lock), not PML_TAG_ENTER */
	const char **proc;          /* by thread id: its proctype, as pan's reports name it */
	int *first_lock;            /* by thread id: the statement id of the lock acquisition
				     * the thread starts with when its entry tag is inside the
				     * acquisition's atomic, after the guard (promela.c): a
				     * thread that printed no tag and is not at a valid end
				     * waits there.  0: none */
	const IrStmt **first_acq;   /* [thread * nlocks + lock]: the thread's first statement
				     * (in IR walk order) that may acquire the lock, or NULL */
	const char **var;           /* by IrVar id: the model's name of the variable, as
				     * `spin -g` prints it */
	PmlMarker *markers;         /* every order marker, in model order (none when no
				     * thread acquires two or more distinct locks) */
	int nmarkers;
} PmlMap;
const PmlMap *pml_emit(const IrProgram *p, StrBuf *out);

/* pml_decode.c: pan's and spin's output about the model emitted with map,
 * back into IR. */
/* Decode the output of `spin -t -p -k TRAIL MODEL` into a Trail.  NULL if the
 * output does not belong to this model. */
Trail *pml_decode_trail(const IrProgram *p, const PmlMap *map, const char *spin_output);
/* Map pan's "unreached in proctype" report to IR statements worth a warning
 * (lock operations and assertions). */
int pml_decode_unreached(const IrProgram *p, const PmlMap *map, const char *pan_output, const IrStmt ***out);
/* The "lock held while lock acquired" pairs (lockgraph.h) of every order
 * marker of the model that pan's unreached report does not list, each pair
 * once (loc: the acquisition; held_loc: the first acquisition of the held
 * lock in that thread).  0 pairs if the model has no order markers. */
int pml_decode_order(const IrProgram *p, const PmlMap *map, const char *pan_output, LockPair **out);
/* Make pan's unreached report exact for merged statements: rewrite the
 * pan.t spin -a wrote (path) without its static reached marks.  false on an
 * I/O error. */
bool pml_unreached_prepare(const char *pan_t);

/* spin.c: run spin -a, compile pan, run it, replay the trail. */
/* check --mode: pan's exhaustive search, a swarm of bitstate searches
 * (swarm.c), or exhaustive falling back to swarm when it runs out. */
typedef enum SearchMode { SEARCH_EXHAUSTIVE, SEARCH_SWARM, SEARCH_AUTO } SearchMode;
typedef struct SpinOptions {
	const char *workdir;    /* where model.pml, pan.c, pan and the trail go */
	long max_depth;         /* pan -m */
	long memory_mb;         /* pan -DMEMLIM */
	int time_limit;         /* seconds; 0: none */
	bool progress;          /* print a progress line for long searches */
	const PmlMap *map;      /* what pml_emit returned with the model text */
	SearchMode mode;        /* check --mode (default exhaustive) */
	int swarm_jobs;         /* --swarm-jobs: bitstate searches; 0: 4 per local core */
	const char *swarm_hosts; /* --swarm-hosts: GNU parallel logins; NULL: ":" (local) */
} SpinOptions;
/* The search defaults, the one place: the options of check and run start
 * from these (main.c), and so does everything else that searches. */
#define SPIN_DEFAULTS { .max_depth = 1000000, .memory_mb = 8192, .time_limit = 600 }
CheckResult *spin_check(const IrProgram *p, const char *model_text, const SpinOptions *o);
/* A model text spin may read without the C preprocessor (spin -Pcat): no
 * directive but "# LINE" markers, no // comment, no backslash-newline. */
bool spin_plain(const char *text);
/* `lockspin trace MODEL TRAIL`: replay a trail made outside lockspin. */
CheckResult *spin_replay(const IrProgram *p, const char *model_path, const char *trail_path);
/* The warning for r->unreached[i], without location: "lock operation never
 * reached in any execution", or "... never reached through CHAIN". */
const char *spin_unreached_what(const CheckResult *r, int i);

/* classify.c: pan's and spin's error messages and a decoded Trail as verdicts. */
/* What pan's first error line ("pan:1: <message> (at depth N)") says:
 * -1 no error line; V_DEADLOCK (invalid end state), V_ASSERTION (an
 * assertion of the model: the trail tells which), V_LIVELOCK (a cycle),
 * V_OUT_OF_BOUNDS (pan's "invalid array index"); V_INCONCLUSIVE for any
 * other message, which *msg then holds (a tool failure, never a verdict). */
int classify_pan_error(const char *pan_output, const char **msg);
/* The run-time error `spin -t` reports while replaying a trail ("Error:
 * indexing array"): its verdict, or -1. */
int classify_replay_error(const char *spin_output);
/* r's verdict and detail from the decoded trail tr: deadlock when pan
 * reported an invalid end state, cycle for a non-progress cycle. */
void classify_trail(const IrProgram *p, CheckResult *r, const Trail *tr, bool deadlock, bool cycle);
/* r's verdict v (a run-time error of spin's replay, classify_replay_error)
 * with the failing statement of tr. */
void classify_runtime(const IrProgram *p, CheckResult *r, const Trail *tr, int v);
/* Two violations are the same when their keys are: the same verdict failing
 * at the same C place (a deadlock: waiting for the same locks). */
const char *classify_key(const CheckResult *v);

/* cache.c: the verdict cache of `check --changed REV` and `check --reuse`.
 * Searches p unless a result for the same model text, IR, search options,
 * lockspin binary and spin is in work/verdicts/ (then *reused) and either
 * reuse is set or rev is given and the spec and its headers did not change
 * since rev.  Every searched result (but a swarm's) is stored. */
CheckResult *cache_check(const IrProgram *p, const IrVariant *v, const char *pml, const SpinOptions *so,
			 const char *work, const char *rev, bool reuse, const char **cargs, int ncargs,
			 bool *reused);
/* A result for p's key is in work/verdicts/ (check -j --reuse checks such a
 * variant in lockspin itself rather than fork a job for it). */
bool cache_has(const IrProgram *p, const char *pml, const SpinOptions *so, const char *work);
/* The hash every cache key starts from (lockspin's version and binary,
 * spin's version); cache_prepare() computes it once, before check -j forks. */
uint64_t cache_self(void);
void cache_prepare(void);
bool cache_spec_changed(const char *rev, const char *spec, const char *defines, const char **cargs, int ncargs);
const char *cache_key(const char *model_text, const char *options);
/* FNV-1a of n bytes on top of h (start: CACHE_FNV_SEED); native.c keys its builds with it too. */
#define CACHE_FNV_SEED 1469598103934665603ull
uint64_t cache_fnv(uint64_t h, const char *s, size_t n);
void cache_store(const char *work, const char *key, const CheckResult *r);
CheckResult *cache_load(const char *work, const char *key, const IrProgram *p);

/* report.c + diagram.c: a counterexample told in C, from its one projection
 * (trace.c, trace_project; trace.h decides every verdict-specific rule). */
void report_trace_text(const CTrace *t, StrBuf *out);                          /* trace.txt */
void diagram_dot(const CTrace *t, StrBuf *out);                                /* trace.dot */
bool diagram_render_svg(const char *dot_text, const char *svg_path);           /* trace.svg */
void diagram_prepare(void); /* load Graphviz and its fonts once, before check -j forks */
/* schedule.txt: the counterexample as annotation points, for harness replay.
 * Format (one record per line, fields separated by one space):
 *   lockspin-schedule 1
 *   spec <path>
 *   variant <name>
 *   verdict <verdict-name>
 *   thread <id> <entry function> <argument text as written in ls_thread>
 *   step <n> <thread id> <file>:<line> <action> <lock instance name or ->
 *        action: acquire acquire-shared release release-shared
 *                trylock-ok trylock-fail assert choose=<value> progress
 *                point
 *   stuck <thread id> <file>:<line> <lock instance name>   (deadlock: where each waits)
 *   fail <thread id> <file>:<line> <verdict-name>         (the failing check)
 *   end
 * Steps are the scheduling points of native code: annotation points (lock
 * operations, assertions, ls_choose, ls_progress) and "point" steps, the
 * trail steps of IR statements with IrStmt.point set (plain C statements
 * over modelled state), at the file:line of their IrPoint, where the
 * instrumented copy of the spec calls ls__point().  Point steps are lenient
 * in replay (harness/replay.c).  For held-at-exit, `fail` names where the
 * lock still held was taken (the runtime reports it there). */
void report_schedule(const CTrace *t, StrBuf *out);

#endif
