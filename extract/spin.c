/*
 * spin.c - run SPIN over one model: spin -a, cc pan.c (cached), pan, and for
 * a violation the trail files replayed with `spin -t -p`.  The programs run
 * through proc.c; their output is decoded into IR by pml_decode.c, named as
 * verdicts by classify.c, and the order markers become the lock-order graph
 * in lockgraph.c.
 *
 * How pan is run (measured choices, see SPIN-NOTES.md):
 *   - cc -O0 -DSAFETY -DBFS -DMEMLIM=<mb>: small models are compile bound,
 *     and -O0 pan is only ~14 % slower.  The binary is cached in the workdir
 *     by a hash of the model text and the flags: an unchanged model is not
 *     recompiled.
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

static uint64_t fnv1a(uint64_t h, const char *s)
{
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ull;
	}
	return h;
}

static const char *path_in(const char *dir, const char *name)
{
	return xprintf("%s/%s", dir, name);
}

/* spin -a + cc, unless the cached binary was built from the same text. */
void spin_build(const char *dir, const char *model_text, const char *exe, char *const ccflags[],
		       int nflags)
{
	uint64_t h = fnv1a(1469598103934665603ull, model_text);
	for (int i = 0; i < nflags; i++)
		h = fnv1a(h, ccflags[i]);
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

	char *spin_argv[] = { "spin", "-a", "model.pml", NULL };
	ProcResult r = spin_run(dir, spin_argv, 0, NULL);
	if (r.exec_failed)
		die("cannot run 'spin': is SPIN installed and on PATH?");
	if (r.status != 0 || strstr(r.output, "syntax error") || strstr(r.output, "Error:"))
		die("spin -a rejected the generated model '%s':\n%s", model_path, r.output);

	char *cc_argv[32];
	int n = 0;
	cc_argv[n++] = "cc";
	for (int i = 0; i < nflags && n < 28; i++)
		cc_argv[n++] = ccflags[i];
	cc_argv[n++] = "-o";
	cc_argv[n++] = (char *)exe;
	cc_argv[n++] = "pan.c";
	cc_argv[n] = NULL;
	r = spin_run(dir, cc_argv, 0, NULL);
	if (r.exec_failed)
		die("cannot run 'cc' to compile pan");
	if (r.status != 0)
		die("compiling pan.c in '%s' failed:\n%s", dir, r.output);
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
	char *argv[] = { "spin", "-t", "-p", "-g", "-k", (char *)trail, (char *)model, NULL };
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
#define MAX_TRAILS 256

/*
 * BFS stops at the first error, but a design can be wrong in two ways at
 * once (Xen 4.8's vGIC has both the ABBA and the affinity race).  Search
 * again writing a trail for every error (pan -e -c0), replay the first
 * MAX_TRAILS and keep the first, hence shortest, of every distinct violation.  The
 * primary verdict becomes the spec's expected one when it is among them:
 * the other violations are still reported, never hidden.
 */
static void spin_all_violations(const IrProgram *p, const PmlMap *map, CheckResult *r, const char *dir, long depth,
				int time_limit,
				const char *label)
{
	char *argv[] = { "./pan", xprintf("-m%ld", depth), "-e", "-c0", NULL };
	for (int k = 1; access(path_in(dir, xprintf("model.pml%d.trail", k)), F_OK) == 0; k++)
		unlink(path_in(dir, xprintf("model.pml%d.trail", k)));
	ProcResult rr = spin_run(dir, argv, time_limit, label);
	/* the full search saw every execution: its order markers give the
	 * lock-order graph (for `lockspin run`'s conformance check) */
	if (!rr.exec_failed && !spin_incomplete(rr.output, &rr))
		spin_order(p, map, r, rr.output);
	PtrVec found = { 0 }, keys = { 0 };
	Violation first = { r->verdict, r->detail, r->trail, r->spin_output };
	vec_push(&found, arena_alloc(sizeof(Violation)));
	*(Violation *)found.data[0] = first;
	vec_push(&keys, (void *)classify_key(r));
	for (int k = 1; k <= MAX_TRAILS && !rr.exec_failed; k++) {
		const char *trail = xprintf("model.pml%d.trail", k);
		if (access(path_in(dir, trail), R_OK) != 0)
			break;
		CheckResult *v = spin_new_result();
		char *sargv[] = { "spin", "-t", "-p", "-g", "-k", (char *)trail, "model.pml", NULL };
		ProcResult sr = spin_run(dir, sargv, 0, NULL);
		Trail *tr = sr.exec_failed ? NULL : pml_decode_trail(p, map, sr.output);
		if (!tr)
			continue;
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
	char *npflags[] = { "-O0", "-w", "-DNP", xprintf("-DMEMLIM=%ld", memlim) };
	spin_build(dir, model_text, "pan_np", npflags, 4);
	unlink(path_in(dir, "model.pml.trail"));
	char *np_argv[] = { "./pan_np", "-l", "-f", xprintf("-m%ld", depth), NULL };
	ProcResult nr = spin_run(dir, np_argv, time_limit, label);
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
	char *flags[] = { "-O0", "-w", "-DSAFETY", "-DBFS", xprintf("-DMEMLIM=%ld", memlim) };
	spin_build(dir, model_text, "pan", flags, 5);
	unlink(path_in(dir, "model.pml.trail"));
	char *pan_argv[] = { "./pan", xprintf("-m%ld", depth), NULL };
	ProcResult rr = spin_run(dir, pan_argv, o->time_limit, label);
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
		if (!why)
			spin_all_violations(p, map, r, dir, depth, o->time_limit, label);
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
