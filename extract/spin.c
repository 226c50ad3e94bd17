/*
 * spin.c - run SPIN over one model: spin -a, cc pan.c (cached), pan, and for
 * a violation the trail files replayed with `spin -t -p`, one for each
 * violation that may be new (spin_trail_skip).  The programs run
 * through proc.c; their output is decoded into IR by pml_decode.c, named as
 * verdicts by classify.c, and the order markers become the lock-order graph
 * in lockgraph.c.
 *
 * How pan is run (measured choices, see SPIN-NOTES.md):
 *   - -DSAFETY -DBFS -DMEMLIM=<mb>, compiled by tcc, or by cc -O0 for a
 *     model known to be search bound (spin_cc).  The binary is cached in
 *     the workdir by a hash of the model text and the flags: an unchanged
 *     model is not recompiled.
 *   - Breadth-first search: the counterexample is a shortest one (DFS
 *     trails were 2 to 14 times longer; people read these traces).  BFS
 *     keeps partial order reduction.  pan's depth bound -m still limits BFS
 *     and "max search depth too small" still means inconclusive.
 *   - Neither -E nor -A: we want invalid end states (deadlocks) and
 *     assertions.  Never bitstate or hash-compact here: a verdict of ok
 *     must come from an exhaustive search (swarm.c runs the bitstate
 *     swarm of --mode swarm|auto, which never says ok).  One core: `make
 *     bench` (harness/bench/swarm.sh) runs -DNCORE=2 and -DBFS_PAR beside
 *     one core on 8 philosophers; here NCORE=2 stored 1.6x the states
 *     (partial order reduction is lost) and took 3.5 to 5x as long as one
 *     core's DFS, BFS_PAR 1.0x the time of BFS (6.43 s against 6.49 s).
 *   - With ls_progress() in the IR and a clean safety search, a second pan
 *     built with -DNP (no -DSAFETY) runs `-l -f` (weak fairness) for
 *     non-progress cycles (livelock).
 *   - -w sized to the model (spin_hash_arg), not pan's 128 MB default.
 *   - After a violation, pan -e for every distinct one, capped and bounded
 *     (spin_all_violations).
 *   - Lock order: the model's order markers that pan's unreached report does
 *     not list are the lock-order graph (pml_decode_order).
 */
#define _POSIX_C_SOURCE 200809L
#include "proc.h"
#include "stages.h"
#include "swarm.h"

#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- running a command ------------------------------------------------------ */
/* spin, cc and pan: output captured, in the work directory (proc.c). */
static ProcResult spin_run(const char *dir, char *const argv[], int time_limit, const char *progress_label)
{
	ProcOptions o = { .dir = dir, .output = PROC_CAPTURE, .time_limit = time_limit,
			  .progress_label = progress_label };
	return proc_run(argv, &o);
}

static const char *path_in(const char *dir, const char *name)
{
	return xprintf("%s/%s", dir, name);
}

/* pan keeps the state vector in a fixed buffer of VECTORSZ bytes (1024
 * unless compiled otherwise) and aborts a search whose vector is larger,
 * naming the size it needs.  That size is a property of the model, so it
 * is kept beside it (WORK/.../vectorsz) and every pan of that model is
 * built with it (spin_build reads it: the swarm's pan too): found once,
 * warm runs never abort again. */
static long spin_vectorsz;

static void spin_vectorsz_load(const char *dir)
{
	char *v = read_file(path_in(dir, "vectorsz"), NULL);
	spin_vectorsz = v ? strtol(v, NULL, 10) : 0;
}

bool spin_vectorsz_grow(const char *dir, const char *pan_output)
{
	spin_vectorsz_load(dir);
	const char *m = strstr(pan_output, "VECTORSZ too small");
	const char *n = m ? strstr(m, "N>") : NULL;
	long need = n ? strtol(n + 2, NULL, 10) : 0;
	if (need <= 0 || need <= spin_vectorsz || need > (1L << 24))
		return false;
	spin_vectorsz = (need / 1024 + 2) * 1024;
	const char *text = xprintf("%ld\n", spin_vectorsz);
	if (!write_file(path_in(dir, "vectorsz"), text, strlen(text)))
		die("cannot write '%s': %s", path_in(dir, "vectorsz"), strerror(errno));
	return true;
}

/*
 * Which compiler builds pan.  pan.c is some 14,000 lines whatever the
 * model, and make check's models are small (the largest stores 43,000
 * states): compiling is most of their cost.  Measured here (CPU seconds,
 * perf stat task-clock), all 112 pans of make check: gcc -O0 45.2 s,
 * clang-19 -O0 30.9 s, gcc -O1 far more; tcc 13 ms a pan (1.5 s).  tcc's
 * code is slower: 8 philosophers' ok variant (737,551 states, BFS) took
 * 2.67 s against gcc -O0's 2.00 s and -O2's 1.19 s, and -O2's compile of
 * a 10-thread model took 24 s.  So tcc, unless the last search of this
 * work folder stored SPIN_SEARCH_BOUND states or more (pan.states: the
 * 0.9 us a state tcc loses then outweighs the 0.3 s of compile gcc
 * loses), or the caller's searches are bound by time, not by states (the
 * swarm: slower code is less coverage); then cc -O0, also when tcc is not
 * installed.  pan's output and trails are the same bytes whichever
 * compiled it (checked on all 112 models, pan -e too), so the compiler is
 * not part of the binary's key: a binary is not rebuilt because the size
 * the folder recorded moved past the bound.
 */
#define SPIN_SEARCH_BOUND 200000

static bool spin_big(const char *dir)
{
	char *text = read_file(path_in(dir, "pan.states"), NULL);
	return text && atol(text) >= SPIN_SEARCH_BOUND;
}

/* cc (or tcc) flags... -o exe pan.c in dir: false if the compiler could not
 * be run at all. */
static bool spin_cc(const char *dir, const char *cc, char *const ccflags[], int nflags, const char *vflag,
		    const char *exe)
{
	char *cc_argv[32];
	int n = 0;
	cc_argv[n++] = (char *)cc;
	if (strcmp(cc, "tcc") != 0)
		cc_argv[n++] = "-O0";
	for (int i = 0; i < nflags && n < 26; i++)
		cc_argv[n++] = ccflags[i];
	if (vflag)
		cc_argv[n++] = (char *)vflag;
	cc_argv[n++] = "-o";
	cc_argv[n++] = (char *)exe;
	cc_argv[n++] = "pan.c";
	cc_argv[n] = NULL;
	ProcOptions o = { .dir = dir, .output = PROC_CAPTURE, .phase = "cc" };
	ProcResult r = proc_run(cc_argv, &o);
	if (r.exec_failed)
		return false;
	if (r.status != 0)
		die("compiling pan.c in '%s' failed (%s):\n%s", dir, cc, r.output);
	return true;
}

/*
 * spin runs every model through the C preprocessor (sh -c "gcc -E ...",
 * for spin -a and for every spin -t), though lockspin's models use none of
 * it but the "# LINE "file"" markers, which spin's own lexer reads: cat
 * (-Pcat) gives spin the same text, and pan.c and spin's output are the
 * same bytes (all of make check's models), at a third of spin's CPU.  Only
 * for a text with nothing a preprocessor would change: no directive but
 * line markers, no // comment, no backslash-newline; else spin's default.
 */
bool spin_plain(const char *text)
{
	if (!text || strstr(text, "//") || strstr(text, "\\\n"))
		return false;
	for (const char *l = text; l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		const char *q = l;
		while (*q == ' ' || *q == '\t')
			q++;
		if (*q == '#' && !(q[1] == ' ' && q[2] >= '0' && q[2] <= '9'))
			return false;
	}
	return true;
}

/* "-Pcat" for a plain model text, else "-p", which spin -t gives anyway
 * (spin -a ignores it: it prints nothing then) */
static char *spin_pre(const char *text, bool trail)
{
	return spin_plain(text) ? "-Pcat" : trail ? "-p" : NULL;
}

/* spin -a + cc, unless the cached binary was built from the same text. */
void spin_build(const char *dir, const char *model_text, const char *exe, char *const ccflags[], int nflags,
		bool time_bound)
{
	spin_vectorsz_load(dir);
	uint64_t h = cache_fnv(CACHE_FNV_SEED, model_text, strlen(model_text));
	for (int i = 0; i < nflags; i++)
		h = cache_fnv(h, ccflags[i], strlen(ccflags[i]));
	const char *vflag = spin_vectorsz > 0 ? xprintf("-DVECTORSZ=%ld", spin_vectorsz) : NULL;
	if (vflag)
		h = cache_fnv(h, vflag, strlen(vflag));
	const char *stamp = xprintf("%016llx\n", (unsigned long long)h);
	const char *stamp_path = path_in(dir, xprintf("%s.hash", exe));
	char *old = read_file(stamp_path, NULL);
	struct stat sb;
	const char *model_path = path_in(dir, "model.pml");
	char *old_model = read_file(model_path, NULL);
	if (old && strcmp(old, stamp) == 0 && stat(path_in(dir, exe), &sb) == 0 && old_model &&
	    strcmp(old_model, model_text) == 0)
		return;
	if (!old_model || strcmp(old_model, model_text) != 0)
		if (!write_file(model_path, model_text, strlen(model_text)))
			die("cannot write '%s': %s", model_path, strerror(errno));
	unlink(stamp_path);

	char *pre = spin_pre(model_text, false);
	char *spin_argv[] = { "spin", "-a", pre ? pre : "model.pml", pre ? "model.pml" : NULL, NULL };
	ProcResult r = spin_run(dir, spin_argv, 0, NULL);
	if (r.exec_failed)
		die("cannot run 'spin': is SPIN installed and on PATH?");
	if (r.status != 0 || strstr(r.output, "syntax error") || strstr(r.output, "Error:"))
		die("spin -a rejected the generated model '%s':\n%s", model_path, r.output);
	if (!pml_unreached_prepare(path_in(dir, "pan.t")))
		die("cannot rewrite '%s': %s", path_in(dir, "pan.t"), strerror(errno));

	bool tcc = !time_bound && !spin_big(dir);
	if (!(tcc && spin_cc(dir, "tcc", ccflags, nflags, vflag, exe)) && !spin_cc(dir, "cc", ccflags, nflags, vflag, exe))
		die("cannot run 'cc' to compile pan");
	write_file(stamp_path, stamp, strlen(stamp));
}

/* ---- pan's statistics ------------------------------------------------------------ */
static double num_before(const char *out, const char *what)
{
	const char *w = strstr(out, what);
	if (!w)
		return -1;
	const char *c = w;
	while (c > out && (c[-1] == ' ' || c[-1] == '\t'))
		c--;
	while (c > out && (strchr("0123456789.e+-", c[-1])))
		c--;
	return atof(c);
}

void spin_parse_stats(CheckResult *r, const char *out)
{
	double v;
	if ((v = num_before(out, " states, stored")) >= 0)
		r->states = (long)v;
	if ((v = num_before(out, " transitions (= ")) >= 0)
		r->transitions = (long)v;
	if ((v = num_before(out, "\ttotal actual memory usage")) >= 0)
		r->memory_mb = v;
	const char *e = strstr(out, "pan: elapsed time ");
	if (e)
		r->seconds = atof(e + 18);
}

/*
 * pan's hash table (-w): 2^w slots, zeroed by every run.  pan's default,
 * -w24, is 128 MB and a tenth of a second per run, longer than most of
 * these searches; a table far too small costs time in collisions.  So it
 * is sized to the model: twice the states the last search of this work
 * folder stored (<dir>/pan.states), 2^20 slots for a model not searched
 * before.  The lines of pan's output that depend on it are left out of
 * spin.txt (results.c), so the results are the same bytes whatever size
 * a run chose.
 */
static long hash_prev; /* states stored by the last check of this work folder */
static long hash_most; /* the most a search of this check stored */

static void spin_hash_start(const char *dir)
{
	char *text = read_file(path_in(dir, "pan.states"), NULL);
	hash_prev = text ? atol(text) : 0;
	hash_most = 0;
}

static const char *spin_hash_arg(void)
{
	long states = hash_prev > hash_most ? hash_prev : hash_most;
	int w = 20;
	if (states > 0)
		for (w = 12; w < 28 && (1L << w) < 2 * states; w++)
			;
	return xprintf("-w%d", w);
}

static void spin_hash_note(const char *dir, const char *pan_output)
{
	double v = num_before(pan_output, " states, stored");
	if (v <= hash_most)
		return;
	hash_most = (long)v;
	const char *line = xprintf("%ld\n", hash_most);
	write_file(path_in(dir, "pan.states"), line, strlen(line));
}

static const char *spin_incomplete(const char *out, const ProcResult *rr)
{
	if (rr->timed_out)
		return "time limit reached";
	if (strstr(out, "max search depth too small"))
		return "max search depth too small";
	if (strstr(out, "out of memory") || strstr(out, "MEMLIM"))
		return "out of memory";
	if (rr->status >= 128)
		return NULL; /* a crash: a tool failure, not a verdict */
	return NULL;
}

void spin_replay_into(const IrProgram *p, const PmlMap *map, CheckResult *r, const char *dir,
			     const char *model,
			     const char *trail, bool deadlock, bool cycle)
{
	char *argv[] = { "spin", "-t", spin_pre(read_file(dir ? path_in(dir, model) : model, NULL), true), "-p", "-g",
			 "-k", (char *)trail, (char *)model, NULL };
	ProcResult rr = spin_run(dir, argv, 0, NULL);
	if (rr.exec_failed)
		die("cannot run 'spin' to replay the trail");
	r->spin_output = rr.output;
	Trail *tr = pml_decode_trail(p, map, rr.output);
	if (!tr)
		die("the trail '%s' does not belong to the model of '%s' (variant %s):\n%s", trail, p->spec,
		    p->variant, rr.output);
	r->trail = tr;
	if (tr->cycle_start >= 0)
		cycle = true;
	int rv = classify_replay_error(rr.output);
	if (rv >= 0)
		classify_runtime(p, r, tr, rv);
	else
		classify_trail(p, r, tr, deadlock, cycle);
}

/* ---- the lock-order graph ------------------------------------------------------------- */
/* The lock-order graph of every explored execution (from pan's unreached
 * report of the order markers); a cycle makes an otherwise clean result a
 * potential deadlock (lockgraph.c). */
static void spin_order(const IrProgram *p, const PmlMap *map, CheckResult *r, const char *pan_output)
{
	LockPair *pairs;
	int n = pml_decode_order(p, map, pan_output, &pairs);
	lockgraph_build(p, pairs, n, r);
}


/* ---- every distinct violation ------------------------------------------------------------------ */
/*
 * BFS stops at the first error, but a design can be wrong in two ways at
 * once (Xen 4.8's vGIC has both the ABBA and the affinity race).  So a
 * second search writes a trail for every error (pan -e), and the first,
 * hence shortest, trail of every distinct violation (classify_key) is kept.
 * The primary verdict becomes the spec's expected one when it is among
 * them: the other violations are still reported, never hidden.
 *
 * The cost must grow with the interleavings, not with the errors: one
 * planted bug can be reached in thousands of ways, each an error of pan's.
 *   - pan -e stops after MAX_TRAILS trails (-c); the violations are those of
 *     the first MAX_TRAILS errors in breadth-first order.  When it stopped
 *     there, a search without -e (no trails) runs to the end, for the
 *     number of errors and for the lock-order graph, which needs every
 *     execution.
 *   - Both are bounded in time (ALL_SECONDS); one that stops there makes the
 *     result incomplete (the violations are those it reached, the count
 *     "at least"), never the verdict inconclusive: a violation was found.
 *   - A trail is replayed with `spin -t` only when it can show a violation
 *     no trail replayed before has shown (spin_trail_skip): most of the
 *     trails of one bug are told apart from the first without spin.
 */
#define MAX_TRAILS 256
/* The time bound of the searches for every violation: this, or ten times
 * the safety search that found the first, whichever is longer (and never
 * past --timeout). */
#define ALL_SECONDS 10

/* A trail file of pan: per step, the process and the transition it took
 * ("depth:pid:transition" lines; pan's header line has negative numbers). */
typedef struct PanTrail {
	int n;
	int *pid, *tr;
	bool assertion; /* pan's error for it is an assertion of the model */
} PanTrail;

static PanTrail *spin_trail_read(const char *path, const char *pan_msg)
{
	char *text = read_file(path, NULL);
	if (!text)
		return NULL;
	PanTrail *t = arena_alloc(sizeof(*t));
	int cap = 0;
	for (char *ln = text; *ln;) {
		long d, pid, tr;
		if (sscanf(ln, "%ld:%ld:%ld", &d, &pid, &tr) == 3 && d >= 0 && pid >= 0 && tr >= 0) {
			if (t->n == cap) {
				cap = cap ? 2 * cap : 64;
				int *np = arena_array((size_t)cap, sizeof(int)), *nt = arena_array((size_t)cap, sizeof(int));
				if (t->n) {
					memcpy(np, t->pid, (size_t)t->n * sizeof(int));
					memcpy(nt, t->tr, (size_t)t->n * sizeof(int));
				}
				t->pid = np;
				t->tr = nt;
			}
			t->pid[t->n] = (int)pid;
			t->tr[t->n++] = (int)tr;
		}
		char *nl = strchr(ln, '\n');
		ln = nl ? nl + 1 : ln + strlen(ln);
	}
	t->assertion = pan_msg && !strncmp(pan_msg, "assertion violated", 18) && !strstr(pan_msg, "invalid array index");
	return t;
}

/* Whether a is a proper prefix of b. */
static bool spin_trail_extends(const PanTrail *a, const PanTrail *b)
{
	if (a->n >= b->n)
		return false;
	for (int i = 0; i < a->n; i++)
		if (a->pid[i] != b->pid[i] || a->tr[i] != b->tr[i])
			return false;
	return true;
}

/*
 * What decides the violation a trail shows, when its first error is its
 * last step.  A thread's decoded state (the statement it is in, the locks
 * it holds and has released, whether it is at its exit) comes from the
 * tags of its own steps, and a tag's text is its transition's (the one
 * run-time value, a biased rank, reaches only the detail): so for a failed
 * assertion, the failing process and its own transitions; for an invalid
 * end state or a run-time error, where every process is, so every
 * process's transitions, and pan's message.
 */
static const char *spin_trail_raw_key(const PanTrail *t, const char *pan_msg)
{
	StrBuf sb;
	sb_init(&sb);
	int maxpid = -1;
	for (int i = 0; i < t->n; i++)
		maxpid = t->pid[i] > maxpid ? t->pid[i] : maxpid;
	int only = t->assertion && t->n ? t->pid[t->n - 1] : -1;
	sb_addf(&sb, "%s", t->assertion ? "assertion" : pan_msg ? pan_msg : "?");
	for (int pid = 0; pid <= maxpid; pid++) {
		if (only >= 0 && pid != only)
			continue;
		sb_addf(&sb, "|%d:", pid);
		for (int i = 0; i < t->n; i++)
			if (t->pid[i] == pid)
				sb_addf(&sb, "%d,", t->tr[i]);
	}
	return sb_detach_arena(&sb);
}

/*
 * Whether trail k (t) can be left unreplayed: it shows a violation an
 * earlier trail showed.
 *   - It extends a trail whose error is a failed assertion: it runs through
 *     that assertion and fails it the same way (spin reports the first
 *     error on a trail; pan -e goes on past a failed assertion).
 *   - Its raw key (spin_trail_raw_key) is one of a trail replayed before
 *     whose first error was its last step.  A trail whose first error comes
 *     earlier extends the trail pan wrote for that error (breadth first, the
 *     path to a state is fixed when the state is stored), so the first test
 *     has it.
 */
static bool spin_trail_skip(const PanTrail *t, PanTrail *const *earlier, int nearlier, const PtrVec *raw_seen,
			    const char *raw)
{
	/* the test of this rule (075-jobs.sh) replays every trail */
	const char *every = getenv("LOCKSPIN_REPLAY_EVERY_TRAIL");
	if (every && *every)
		return false;
	for (int i = 0; i < nearlier; i++)
		if (earlier[i] && earlier[i]->assertion && spin_trail_extends(earlier[i], t))
			return true;
	for (int i = 0; i < raw_seen->len; i++)
		if (!strcmp(raw_seen->data[i], raw))
			return true;
	return false;
}

/* Whether spin's replay of a trail of nsteps steps reports an error of the
 * model (a failed assertion, a bad index) before its last step, or at all
 * when pan's error was not an assertion: then the trail's raw key says
 * nothing about the violation it shows. */
static bool spin_failed_early(const char *spin_output, int nsteps, bool assertion)
{
	const char *a = strstr(spin_output, "Error: assertion violated");
	const char *x = strstr(spin_output, "Error: indexing array");
	const char *e = a && (!x || a < x) ? a : x;
	if (!e)
		return false;
	if (!assertion)
		return true;
	/* the step line after the error: "  22:\tproc  2 (...)" */
	const char *nl = strchr(e, '\n');
	while (nl) {
		const char *c = nl + 1;
		while (*c == ' ')
			c++;
		char *end;
		long d = strtol(c, &end, 10);
		if (end != c && *end == ':')
			return d < nsteps;
		nl = strchr(c, '\n');
	}
	return false;
}

/* pan -e's error message for each trail it wrote: "pan:N: MSG (at depth D)"
 * is printed only when MSG differs from the previous error's, and "pan:
 * wrote model.pmlK.trail" follows each error. */
static const char **spin_trail_messages(const char *out, int max)
{
	const char **msg = arena_array((size_t)max + 2, sizeof(char *));
	const char *cur = NULL;
	for (const char *l = out; l && *l;) {
		const char *nl = strchr(l, '\n');
		size_t n = nl ? (size_t)(nl - l) : strlen(l);
		int k;
		const char *m;
		if (!strncmp(l, "pan:", 4) && l[4] >= '0' && l[4] <= '9' && classify_pan_error(xstrndup(l, n), &m) >= 0)
			cur = m;
		else if (sscanf(l, "pan: wrote model.pml%d.trail", &k) == 1 && k >= 1 && k <= max)
			msg[k] = cur;
		l = nl ? nl + 1 : NULL;
	}
	return msg;
}

/* "errors: N" at the end of pan's output, -1 if none. */
static long spin_errors(const char *out)
{
	const char *e = strstr(out, ", errors: ");
	return e ? atol(e + 10) : -1;
}

/* The trail of the safety search and every trail of pan -e:
 * r->all.  primary_msg: pan's error for model.pml.trail. */
static void spin_all_violations(const IrProgram *p, const PmlMap *map, CheckResult *r, const char *dir, long depth,
				int time_limit, const char *label, const char *primary_msg)
{
	char *argv[] = { "./pan", xprintf("-m%ld", depth), (char *)spin_hash_arg(), "-e", xprintf("-c%d", MAX_TRAILS),
			 NULL };
	for (int k = 1; access(path_in(dir, xprintf("model.pml%d.trail", k)), F_OK) == 0; k++)
		unlink(path_in(dir, xprintf("model.pml%d.trail", k)));
	ProcResult rr = spin_run(dir, argv, time_limit, label);
	spin_hash_note(dir, rr.output);
	long errors = rr.exec_failed ? -1 : spin_errors(rr.output);
	const char *stop = rr.exec_failed ? "pan could not run" : spin_incomplete(rr.output, &rr);
	bool complete = !stop;
	const char *count_output = rr.output;
	if (complete && errors >= MAX_TRAILS) {
		/* stopped at the cap: count to the end, writing no trail (without
		 * -e pan writes the trail of error number -c, never of error 0) */
		char *cargv[] = { "./pan", xprintf("-m%ld", depth), (char *)spin_hash_arg(), "-c0", NULL };
		ProcResult cr = spin_run(dir, cargv, time_limit, label);
		spin_hash_note(dir, cr.output);
		stop = cr.exec_failed ? "pan could not run" : spin_incomplete(cr.output, &cr);
		complete = !stop;
		count_output = cr.output;
		if (!cr.exec_failed && spin_errors(cr.output) >= errors)
			errors = spin_errors(cr.output);
	}
	r->errors = errors > 0 ? errors : 0;
	r->errors_counted = complete;
	if (!complete) {
		/* the violations listed are those it reached, the lock-order graph
		 * is not known: say so (verdict.txt, order.txt) */
		r->complete = false;
		r->incomplete_why = xprintf("the search for every violation did not finish: %s%s", stop,
					    !strcmp(stop, "time limit reached") ? xprintf(" (%d s)", time_limit) : "");
	}
	/* the full search saw every execution: its order markers give the
	 * lock-order graph (for `lockspin run`'s conformance check) */
	if (complete)
		spin_order(p, map, r, count_output);

	PtrVec found = { 0 }, keys = { 0 }, raw_seen = { 0 };
	Violation first = { r->verdict, r->detail, r->trail, r->spin_output };
	vec_push(&found, arena_alloc(sizeof(Violation)));
	*(Violation *)found.data[0] = first;
	vec_push(&keys, (void *)classify_key(r));
	/* the safety search's trail is the first error: it failed at its end */
	const PanTrail *pt = spin_trail_read(path_in(dir, "model.pml.trail"), primary_msg);
	if (pt)
		vec_push(&raw_seen, (void *)spin_trail_raw_key(pt, primary_msg));
	const char **msgs = rr.exec_failed ? NULL : spin_trail_messages(rr.output, MAX_TRAILS);
	char *pre = spin_pre(read_file(path_in(dir, "model.pml"), NULL), true);
	PanTrail **trails = arena_array(MAX_TRAILS + 1, sizeof(PanTrail *));
	for (int k = 1; k <= MAX_TRAILS && msgs; k++) {
		const char *trail = xprintf("model.pml%d.trail", k);
		PanTrail *t = spin_trail_read(path_in(dir, trail), msgs[k]);
		if (!t)
			break;
		trails[k - 1] = t;
		const char *raw = spin_trail_raw_key(t, msgs[k]);
		if (spin_trail_skip(t, trails, k - 1, &raw_seen, raw))
			continue;
		CheckResult *v = spin_new_result();
		char *sargv[] = { "spin", "-t", pre, "-p", "-g", "-k", (char *)trail, "model.pml", NULL };
		ProcResult sr = spin_run(dir, sargv, 0, NULL);
		Trail *tr = sr.exec_failed ? NULL : pml_decode_trail(p, map, sr.output);
		if (!tr)
			continue;
		if (!spin_failed_early(sr.output, t->n, t->assertion))
			vec_push(&raw_seen, (void *)raw);
		v->trail = tr;
		v->spin_output = sr.output;
		int rv = classify_replay_error(sr.output);
		if (rv >= 0)
			classify_runtime(p, v, tr, rv);
		else
			classify_trail(p, v, tr, tr->failed_thread < 0, tr->cycle_start >= 0);
		const char *key = classify_key(v);
		bool dup = false;
		for (int i = 0; i < keys.len && !dup; i++)
			dup = !strcmp(keys.data[i], key);
		if (dup)
			continue;
		Violation *nv = arena_alloc(sizeof(*nv));
		*nv = (Violation){ v->verdict, v->detail, v->trail, v->spin_output };
		vec_push(&found, nv);
		vec_push(&keys, (void *)key);
	}
	r->nall = found.len;
	r->all = arena_array((size_t)found.len, sizeof(Violation));
	for (int i = 0; i < found.len; i++)
		r->all[i] = *(Violation *)found.data[i];
	int expect = verdict_parse(p->expect);
	if (expect < 0 || (Verdict)expect == r->verdict)
		return;
	for (int i = 0; i < r->nall; i++) {
		if (r->all[i].verdict != (Verdict)expect)
			continue;
		r->verdict = r->all[i].verdict;
		r->detail = r->all[i].detail;
		r->trail = r->all[i].trail;
		r->spin_output = r->all[i].spin_output;
		return;
	}
}

/* ---- unreached code -------------------------------------------------------------------------- */
static void collect_checks(const IrStmt *s, PtrVec *out)
{
	for (; s; s = s->next) {
		if (s->kind == S_LOCK || (s->kind == S_ASSERT && !s->violation))
			vec_push(out, (void *)s);
		collect_checks(s->body, out);
		collect_checks(s->then, out);
		collect_checks(s->els, out);
	}
}

static bool same_loc(SrcLoc a, SrcLoc b)
{
	return a.line == b.line && a.col == b.col && !strcmp(a.file, b.file);
}

static bool same_sites(const IrStmt *a, const IrStmt *b)
{
	return a->sites == b->sites || (a->sites && b->sites && !strcmp(a->sites, b->sites));
}

static bool stmt_listed(const IrStmt *const *v, int n, const IrStmt *s)
{
	for (int i = 0; i < n; i++)
		if (v[i] == s)
			return true;
	return false;
}

/* Every thread has its own inlined copy of each function, and a function
 * called from two places has a copy per call.  A C lock operation or
 * assertion is vacuous only when no copy of it is reached: then it "never
 * runs in any execution".  When some copies are reached, one that is not is
 * named by its call chain (the copies of one chain in several threads are
 * one C path: warned only when none of them is reached). */
static void spin_unreached(const IrProgram *p, const PmlMap *map, CheckResult *r, const char *pan_output)
{
	const IrStmt **un;
	int nun = pml_decode_unreached(p, map, pan_output, &un);
	PtrVec all = { 0 };
	for (int t = 0; t < p->nthreads; t++)
		collect_checks(p->threads[t]->body, &all);
	const IrStmt **keep = arena_array((size_t)nun + 1, sizeof(*keep));
	const char **via = arena_array((size_t)nun + 1, sizeof(*via));
	int nkeep = 0;
	for (int i = 0; i < nun; i++) {
		const IrStmt *u = un[i];
		bool any = false, chain = false, dup = false;
		/* a run-time check the front end added is not a check of the spec:
		 * the statement it guards is what matters */
		if (u->kind == S_ASSERT && u->violation)
			continue;
		for (int k = 0; k < all.len; k++) {
			const IrStmt *s = all.data[k];
			if (!same_loc(s->loc, u->loc) || stmt_listed(un, nun, s))
				continue;
			any = true;
			chain = chain || same_sites(s, u);
		}
		if (chain)
			continue;
		for (int k = 0; k < nkeep && !dup; k++)
			dup = same_loc(keep[k]->loc, u->loc) && (!any ? !via[k] : via[k] && same_sites(keep[k], u));
		if (dup)
			continue;
		keep[nkeep] = u;
		via[nkeep++] = !any ? NULL
			: u->sites ? xprintf("%s -> %s:%d", u->sites, u->loc.file, u->loc.line)
			: xprintf("%s:%d as the thread's own function", u->loc.file, u->loc.line);
	}
	r->unreached = keep;
	r->unreached_via = via;
	r->nunreached = nkeep;
}

const char *spin_unreached_what(const CheckResult *r, int i)
{
	const IrStmt *s = r->unreached[i];
	const char *what = s->kind == S_ASSERT ? "assertion" : "lock operation";
	if (!r->unreached_via || !r->unreached_via[i])
		return xprintf("%s never reached in any execution", what);
	return xprintf("%s never reached through %s (other calls reach it)", what, r->unreached_via[i]);
}

static bool has_progress(const IrStmt *s)
{
	for (; s; s = s->next)
		if (s->kind == S_PROGRESS || has_progress(s->body) || has_progress(s->then) || has_progress(s->els))
			return true;
	return false;
}

/* ---- livelock --------------------------------------------------------------------------------- */
bool spec_has_progress(const IrProgram *p)
{
	for (int t = 0; t < p->nthreads; t++)
		if (has_progress(p->threads[t]->body))
			return true;
	return false;
}

/* A search for non-progress cycles under weak fairness (-DNP, pan -l -f):
 * an infinite run that passes no ls_progress() while every thread that can
 * move eventually does.  Returns V_LIVELOCK with its lasso, V_OK, or
 * V_INCONCLUSIVE. */
static CheckResult *spin_livelock(const IrProgram *p, const PmlMap *map, const char *dir, const char *model_text,
				  long memlim,
				  long depth, int time_limit, const char *label)
{
	CheckResult *r = spin_new_result();
	char *npflags[] = { "-w", "-DNP", xprintf("-DMEMLIM=%ld", memlim) };
	spin_build(dir, model_text, "pan_np", npflags, 3, false);
	unlink(path_in(dir, "model.pml.trail"));
	char *np_argv[] = { "./pan_np", "-l", "-f", xprintf("-m%ld", depth), (char *)spin_hash_arg(), NULL };
	ProcResult nr = spin_run(dir, np_argv, time_limit, label);
	spin_hash_note(dir, nr.output);
	r->pan_output = nr.output;
	const char *nwhy = spin_incomplete(nr.output, &nr);
	bool nerr = strstr(nr.output, "errors: 0") == NULL && strstr(nr.output, "errors: ") != NULL;
	if (!nwhy && !nerr && nr.status != 0)
		die("pan (non-progress) failed (status %d) in '%s':\n%s", nr.status, dir, nr.output);
	if (nerr) {
		spin_replay_into(p, map, r, dir, "model.pml", "model.pml.trail", false, true);
	} else if (nwhy) {
		r->verdict = V_INCONCLUSIVE;
		r->complete = false;
		r->incomplete_why = xprintf("non-progress search: %s", nwhy);
		r->detail = xprintf("search incomplete: %s", r->incomplete_why);
	}
	return r;
}

/* A design can both break safety and starve (a restart loop): add the
 * livelock to the distinct violations, leading if the spec expects it. */
static void spin_add_livelock(const IrProgram *p, const PmlMap *map, CheckResult *r, const char *dir,
			      const char *model_text,
			      long memlim, long depth, int time_limit, const char *label)
{
	CheckResult *lr = spin_livelock(p, map, dir, model_text, memlim, depth, time_limit, label);
	if (lr->verdict != V_LIVELOCK)
		return;
	Violation *all = arena_array((size_t)r->nall + 2, sizeof(Violation));
	if (r->nall)
		memcpy(all, r->all, (size_t)r->nall * sizeof(Violation));
	else
		all[r->nall++] = (Violation){ r->verdict, r->detail, r->trail, r->spin_output };
	all[r->nall++] = (Violation){ lr->verdict, lr->detail, lr->trail, lr->spin_output };
	r->all = all;
	int expect = verdict_parse(p->expect);
	if (expect == V_LIVELOCK && r->verdict != V_LIVELOCK) {
		r->verdict = lr->verdict;
		r->detail = lr->detail;
		r->trail = lr->trail;
		r->spin_output = lr->spin_output;
	}
}

/* ---- entry points ---------------------------------------------------------------------------- */

CheckResult *spin_new_result(void)
{
	CheckResult *r = arena_alloc(sizeof(*r));
	r->verdict = V_OK;
	r->complete = true;
	return r;
}

CheckResult *spin_check(const IrProgram *p, const char *model_text, const SpinOptions *o)
{
	const char *dir = o->workdir;
	const PmlMap *map = o->map;
	if (!mkdir_p(dir))
		die("cannot create '%s': %s", dir, strerror(errno));
	CheckResult *r = spin_new_result();
	const char *label = o->progress ? xprintf("%s %s", p->spec, p->variant) : NULL;
	long memlim = o->memory_mb > 0 ? o->memory_mb : 4096;
	long depth = o->max_depth > 0 ? o->max_depth : 10000;

	/* safety: deadlocks and assertions */
	char *flags[] = { "-w", "-DSAFETY", "-DBFS", xprintf("-DMEMLIM=%ld", memlim) };
	spin_build(dir, model_text, "pan", flags, 4, false);
	unlink(path_in(dir, "model.pml.trail"));
	spin_hash_start(dir);
	char *pan_argv[] = { "./pan", xprintf("-m%ld", depth), (char *)spin_hash_arg(), NULL };
	ProcResult rr = spin_run(dir, pan_argv, o->time_limit, label);
	while (spin_vectorsz_grow(dir, rr.output)) {
		spin_build(dir, model_text, "pan", flags, 4, false);
		unlink(path_in(dir, "model.pml.trail"));
		rr = spin_run(dir, pan_argv, o->time_limit, label);
	}
	spin_hash_note(dir, rr.output);
	r->pan_output = rr.output;
	spin_parse_stats(r, rr.output);
	const char *why = spin_incomplete(rr.output, &rr);
	bool errors = strstr(rr.output, "errors: 0") == NULL && strstr(rr.output, "errors: ") != NULL;
	if (rr.status == 128 + SIGFPE)
		die("pan died of SIGFPE (an arithmetic error, such as a division by zero the model does not "
		    "guard) in '%s':\n%s", dir, rr.output);
	if (!why && !errors && rr.status != 0)
		die("pan failed (status %d) in '%s':\n%s", rr.status, dir, rr.output);
	if (!why && !strstr(rr.output, "errors: "))
		die("pan produced no result in '%s':\n%s", dir, rr.output);
	const char *pmsg;
	int pv = classify_pan_error(rr.output, &pmsg);
	if (errors && pv == V_INCONCLUSIVE)
		die("pan reported an error lockspin does not know, '%s', in '%s'", pmsg, dir);
	if (errors) {
		bool deadlock = pv == V_DEADLOCK;
		spin_replay_into(p, map, r, dir, "model.pml", "model.pml.trail", deadlock, false);
		r->complete = !why;
		/* the search for every violation is bounded apart: a bug found in
		 * a hundred states must not wait for a state space that takes
		 * minutes (ALL_SECONDS) */
		int all_limit = r->seconds * 10 > ALL_SECONDS ? (int)(r->seconds * 10) + 1 : ALL_SECONDS;
		if (o->time_limit > 0 && all_limit > o->time_limit)
			all_limit = o->time_limit;
		if (!why)
			spin_all_violations(p, map, r, dir, depth, all_limit, label, pmsg);
		if (!why && spec_has_progress(p))
			spin_add_livelock(p, map, r, dir, model_text, memlim, depth, o->time_limit, label);
		return r;
	}
	if (why) {
		r->verdict = V_INCONCLUSIVE;
		r->complete = false;
		r->incomplete_why = why;
		r->detail = xprintf("search incomplete: %s", why);
		return r;
	}

	/* liveness: non-progress cycles */
	if (spec_has_progress(p)) {
		CheckResult *lr = spin_livelock(p, map, dir, model_text, memlim, depth, o->time_limit, label);
		if (lr->verdict == V_LIVELOCK) {
			lr->pan_output = xprintf("%s\n%s", r->pan_output, lr->pan_output);
			lr->states = r->states;
			lr->transitions = r->transitions;
			lr->seconds += r->seconds;
			return lr;
		}
		if (lr->verdict == V_INCONCLUSIVE) {
			r->verdict = V_INCONCLUSIVE;
			r->complete = false;
			r->incomplete_why = lr->incomplete_why;
			r->detail = lr->detail;
			return r;
		}
	}

	/* pan's unreached report means something only after a complete search
	 * that found nothing: BFS stops at the first error. */
	spin_unreached(p, map, r, rr.output);
	spin_order(p, map, r, rr.output);
	return r;
}

CheckResult *spin_replay(const IrProgram *p, const char *model_path, const char *trail_path)
{
	CheckResult *r = spin_new_result();
	r->complete = false;
	char *dir = xstrdup(model_path);
	char *slash = strrchr(dir, '/');
	const char *model = model_path, *trail = trail_path;
	char cwd[4096];
	if (!getcwd(cwd, sizeof(cwd)))
		die("cannot get the current directory");
	if (slash) {
		*slash = 0;
		model = slash + 1;
		if (trail_path[0] != '/')
			trail = xprintf("%s/%s", cwd, trail_path);
	} else {
		dir = NULL;
	}
	/* the trail's tags are those pml_emit writes for p: its map decodes them */
	StrBuf text;
	sb_init(&text);
	const PmlMap *map = pml_emit(p, &text);
	sb_release(&text);
	spin_replay_into(p, map, r, dir, model, trail, true, false);
	return r;
}
