/*
 * swarm.c - past one machine's exhaustive limit: swarm verification
 * (Holzmann, Joshi and Groce, "Swarm Verification Techniques", IEEE TSE
 * 2011; the method of SPIN's swarm tool).  Instead of one exhaustive search
 * that runs out of memory, many small bitstate searches (-DBITSTATE: one to
 * three bits per state, so memory no longer grows with the states), each
 * diversified so that they explore different parts of the state space:
 *   - its own hash functions (-h) and randomisation seed (-RS), which
 *     drives the randomised transition and process orders compiled in
 *     (-DT_RAND -DP_RAND);
 *   - its own search order (-p_permute, -p_reverse, -t_reverse,
 *     -p_rotateN);
 *   - its own depth limit (-m: the full --max-depth, a tenth, a hundredth);
 *   - its own hash array size (-w): every second group of four searches has
 *     one 16 times smaller, which fills up and prunes at random, so it
 *     ends sooner and tries other prefixes of the interleavings.
 * GNU parallel runs them on every core here and, with --swarm-hosts, on the
 * logins of its --sshlogin list (the pan binary goes there with
 * --transferfile, a trail comes back with --return).  The first search
 * that finds a violation stops the rest (--halt now,fail=1).
 *
 * What it may say (README, Verdicts): a violation, with its trail decoded
 * like an exhaustive search's, so it has a trace, a diagram and a replay on
 * the real code; or no-violation-found, with the hash factor pan prints and
 * the coverage estimate made from it.  Never ok: a bitstate search may
 * take a new state for one it has seen and never explore past it.
 *
 * --mode auto runs the exhaustive search first and comes here only when it
 * ran out of memory, time or depth (spin.c's reasons, named below): a
 * result of a finished search is never replaced by a weaker one.
 *
 * Why not pan's own multi-core search (-DNCORE, -DBFS_PAR) for the
 * exhaustive search: `make bench` (harness/bench/swarm.sh) measures them
 * beside the single-core search on the same model.  On this project's
 * 2-CPU machines NCORE=2 loses partial order reduction (many times the
 * states and slower) and BFS_PAR is no faster than BFS; the bench prints
 * the ratios, and spin.c stays single-core.
 */
#define _POSIX_C_SOURCE 200809L
#include "proc.h"
#include "swarm.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* bits set per state (pan's default -k3), as the coverage estimate uses it */
#define SWARM_K 3

int swarm_parse_mode(const char *s)
{
	static const char *const names[] = { [SEARCH_EXHAUSTIVE] = "exhaustive", [SEARCH_SWARM] = "swarm",
					     [SEARCH_AUTO] = "auto" };
	for (int i = 0; i < (int)(sizeof(names) / sizeof(names[0])); i++)
		if (s && !strcmp(s, names[i]))
			return i;
	return -1;
}

/* The reasons spin.c gives for a search that stopped (spin_incomplete) that
 * a bitstate search gets past: memory and time, and a depth limit, which
 * the swarm varies. */
static bool swarm_helps(const char *why)
{
	return why && (!strcmp(why, "out of memory") || !strcmp(why, "time limit reached") ||
		       !strcmp(why, "max search depth too small"));
}

CheckResult *swarm_search(const IrProgram *p, const char *model_text, const SpinOptions *o)
{
	if (o->mode == SEARCH_SWARM)
		return swarm_check(p, model_text, o, NULL);
	CheckResult *r = spin_check(p, model_text, o);
	if (o->mode == SEARCH_AUTO && r->verdict == V_INCONCLUSIVE && swarm_helps(r->incomplete_why))
		return swarm_check(p, model_text, o, r);
	return r;
}

/* ---- one search of the swarm ------------------------------------------------ */
typedef struct SwarmJob {
	int id;              /* 1..n: parallel's {1}, the trail's suffix */
	long depth;          /* -m */
	int w;               /* -w */
	const char *order;   /* the search-order option */
	StrBuf out;          /* pan's output, from parallel's tagged lines */
	const char *text;    /* the same, in the arena ("" if none) */
	long states, transitions;
	double hash_factor;  /* 0: pan printed none (the search was stopped) */
	bool finished;       /* pan ended its search normally with no error */
	bool timed_out, depth_limited, no_memory, found;
	bool half_trail;     /* a trail, but the search was stopped before it said so */
} SwarmJob;

/* pan's estimate of how much of the reached state space one bitstate search
 * covers, from its hash factor hf (bits of the hash array per stored state)
 * and k bits per state: a new state is taken for a seen one when all its k
 * bits are already set, which at the search's final fill happens with
 * probability (1 - e^(-k/hf))^k.  An upper bound on the loss for the states
 * the search reached; nothing about the states beyond its depth limit or
 * its time. */
static double swarm_coverage(double hf)
{
	if (hf <= 0)
		return 0;
	return 100.0 * (1.0 - pow(1.0 - exp(-(double)SWARM_K / hf), SWARM_K));
}

/* How far a search that stopped got: its statistics, or when pan had no
 * memory left to print them, its last progress line ("States= 2e+06"). */
static double swarm_states_reached(const CheckResult *r)
{
	const char *st = NULL;
	for (const char *q = r->pan_output ? strstr(r->pan_output, "States=") : NULL; q; q = strstr(q + 1, "States="))
		st = q + 7;
	return r->states > 0 || !st ? (double)r->states : strtod(st, NULL);
}

/* 99.99 rather than a rounded 100: a swarm never covers for certain */
const char *swarm_percent(double c)
{
	return c >= 99.995 ? ">= 99.99" : xprintf("%.4g", c);
}

static int swarm_cores(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (int)n : 1;
}

/* log2 of the bits of one search's hash array (-w): half the memory a
 * search may have (--memory shared by the searches running at a time on
 * this machine), the other half for its depth-first stack; at most 2^30
 * bits (128 MB) so that a swarm on a shared machine stays a guest: many
 * small searches are the method, not one big one. */
static int swarm_hash_bits(long memory_mb, int slots)
{
	double bits = (double)memory_mb / slots / 2 * 1024 * 1024 * 8;
	int w = 20;
	while (w < 30 && (double)(1L << (w + 1)) <= bits)
		w++;
	return w;
}

static const char *swarm_order(int id, int nthreads)
{
	switch (id % 4) {
	case 1: return "-p_permute";
	case 2: return "-p_reverse";
	case 3: return "-t_reverse";
	default: return xprintf("-p_rotate%d", nthreads > 1 ? 1 + id / 4 % (nthreads - 1) : 0);
	}
}

/* parallel --tagstring {1}: every output line is "<id>\t<pan's line>". */
static void swarm_split(SwarmJob *jobs, int n, const char *out, StrBuf *other)
{
	for (const char *l = out; l && *l;) {
		const char *nl = strchr(l, '\n');
		size_t len = nl ? (size_t)(nl - l) + 1 : strlen(l);
		char *end;
		long id = strtol(l, &end, 10);
		if (end != l && *end == '\t' && id >= 1 && id <= n)
			sb_addn(&jobs[id - 1].out, end + 1, len - (size_t)(end + 1 - l));
		else
			sb_addn(other, l, len);
		l += len;
	}
}

static void swarm_read_job(SwarmJob *j, const char *dir)
{
	j->text = j->out.len ? sb_detach_arena(&j->out) : "";
	sb_release(&j->out);
	const char *out = j->text;
	CheckResult st = { 0 };
	spin_parse_stats(&st, out);
	j->states = st.states;
	j->transitions = st.transitions;
	const char *hf = strstr(out, "hash factor: ");
	j->hash_factor = hf ? atof(hf + 13) : 0;
	j->timed_out = strstr(out, "Interrupted") != NULL;
	j->depth_limited = strstr(out, "max search depth too small") != NULL;
	j->no_memory = strstr(out, "out of memory") != NULL;
	/* a search stopped while it wrote its trail leaves half a trail: only
	 * one that printed its error and its statistics counts */
	const char *msg;
	j->found = access(xprintf("%s/model.pml.sw%d", dir, j->id), R_OK) == 0 && classify_pan_error(out, &msg) >= 0 &&
		   strstr(out, " states, stored");
	j->half_trail = !j->found && access(xprintf("%s/model.pml.sw%d", dir, j->id), R_OK) == 0;
	j->finished = !j->found && !j->timed_out && !j->no_memory && strstr(out, "errors: 0") != NULL;
}

/* parallel's argv: the logins, the stop rule, the file transfers a remote
 * login needs (parallel ignores them for ":", this machine), and the
 * command each search runs under its time limit (SIGINT: pan prints its
 * statistics and stops).  Its exit status says whether it found one.
 * Each search runs its own name of pan (pan_swarm.N, a hard link here): on
 * a remote login the searches share the home directory (--workdir would
 * move this machine's searches away from pan too), and one search's
 * --cleanup must not remove the pan another is about to start. */
static char **swarm_argv(const SpinOptions *o)
{
	static char *argv[24];
	int n = 0;
	const char *hosts = o->swarm_hosts ? o->swarm_hosts : ":";
	argv[n++] = "parallel";
	argv[n++] = "--will-cite";
	if (access(hosts, R_OK) == 0) {
		argv[n++] = "--sshloginfile";
		argv[n++] = (char *)hosts;
	} else {
		argv[n++] = "--sshlogin";
		argv[n++] = (char *)hosts;
	}
	static char *const rest[] = {
		"--halt", "now,fail=1", "--colsep", "\t", "--tagstring", "{1}", "-a", "swarm-jobs.tsv",
		"--transferfile", "pan_swarm.{1}", "--return", "model.pml.sw{1}", "--cleanup",
		"timeout -k 5 -s INT {7} ./pan_swarm.{1} -RS{2} -h{3} {4} -m{5} -w{6} -tsw{1}; test ! -e model.pml.sw{1}",
	};
	for (size_t i = 0; i < sizeof(rest) / sizeof(rest[0]); i++)
		argv[n++] = rest[i];
	argv[n] = NULL;
	return argv;
}

static const char *swarm_hosts_text(const SpinOptions *o)
{
	const char *h = o->swarm_hosts ? o->swarm_hosts : ":";
	return !strcmp(h, ":") ? "this machine" : access(h, R_OK) == 0 ? xprintf("the logins in %s", h) : h;
}

/* The trail of search id for `spin -t`.  A pan built with -DPERMUTED heads
 * its trail with the search order it used (lines -5: to -8:), for `pan -r`
 * to search the same way again; spin refuses such a trail ("used search
 * permutation").  The steps themselves name the process and the transition
 * taken, whatever the order they were found in, so without that header the
 * trail is the same execution for spin (the decoder then checks that every
 * step belongs to the model). */
static const char *swarm_trail(const char *dir, int id)
{
	const char *name = xprintf("model.pml.sw%d", id);
	char *text = read_file(xprintf("%s/%s", dir, name), NULL);
	if (!text)
		die("cannot read the trail '%s/%s': %s", dir, name, strerror(errno));
	StrBuf sb;
	sb_init(&sb);
	for (char *l = text; *l;) {
		size_t n = strcspn(l, "\n");
		if (!(l[0] == '-' && l[1] >= '5' && l[1] <= '8' && l[2] == ':'))
			sb_addf(&sb, "%.*s\n", (int)n, l);
		l += n + (l[n] == '\n');
	}
	const char *out = xprintf("%s.trail", name);
	if (!write_file(xprintf("%s/%s", dir, out), sb.buf, sb.len))
		die("cannot write '%s/%s': %s", dir, out, strerror(errno));
	sb_release(&sb);
	return out;
}

/* ---- the swarm ---------------------------------------------------------------- */
CheckResult *swarm_check(const IrProgram *p, const char *model_text, const SpinOptions *o,
			 const CheckResult *exhaustive)
{
	const char *dir = o->workdir;
	if (!mkdir_p(dir))
		die("cannot create '%s': %s", dir, strerror(errno));
	/* cc -O0 (time bound, spin.c's spin_build): an -O0 pan was only 14 %
	 * slower (SPIN-NOTES.md), and -O2 of a 10-thread model's pan.c took
	 * 24 s of CPU here.  Built with the model's recorded VECTORSZ; a swarm
	 * whose pan asked for more is built and run again (a model --mode
	 * swarm searches first has no record yet). */
	char *flags[] = { "-w", "-DSAFETY", "-DBITSTATE", "-DT_RAND", "-DP_RAND", "-DPERMUTED" };
again:
	spin_build(dir, model_text, "pan_swarm", flags, (int)(sizeof(flags) / sizeof(flags[0])), true);

	int slots = swarm_cores();
	int n = o->swarm_jobs > 0 ? o->swarm_jobs : 4 * slots;
	long depth = o->max_depth > 0 ? o->max_depth : 10000;
	long memory = o->memory_mb > 0 ? o->memory_mb : 4096;
	/* --timeout bounds the swarm as it bounds one search: each search gets
	 * its share of the cores' time */
	int limit = o->time_limit > 0 ? o->time_limit : 600;
	int each = limit * slots / n > 0 ? limit * slots / n : 1;
	int w = swarm_hash_bits(memory, slots);
	SwarmJob *jobs = arena_array((size_t)n, sizeof(*jobs));
	StrBuf tsv;
	sb_init(&tsv);
	for (int i = 0; i < n; i++) {
		SwarmJob *j = &jobs[i];
		j->id = i + 1;
		long d = i % 3 == 0 ? depth : i % 3 == 1 ? depth / 10 : depth / 100;
		j->depth = d < 1000 ? (depth < 1000 ? depth : 1000) : d;
		j->order = swarm_order(j->id, p->nthreads);
		sb_init(&j->out);
		/* {1} id, {2} -RS seed, {3} -h hash, {4} order, {5} -m, {6} -w, {7} seconds */
		j->w = i / 4 % 2 && w - 4 >= 18 ? w - 4 : w;
		sb_addf(&tsv, "%d\t%d\t%d\t%s\t%ld\t%d\t%d\n", j->id, 7919 * j->id, i % 500, j->order, j->depth,
			j->w, each);
		unlink(xprintf("%s/model.pml.sw%d", dir, j->id));
		const char *exe = xprintf("%s/pan_swarm.%d", dir, j->id);
		unlink(exe);
		if (link(xprintf("%s/pan_swarm", dir), exe) != 0)
			die("cannot link '%s' to its pan: %s", exe, strerror(errno));
	}
	const char *tsv_path = xprintf("%s/swarm-jobs.tsv", dir);
	if (!write_file(tsv_path, tsv.buf, tsv.len))
		die("cannot write '%s': %s", tsv_path, strerror(errno));
	sb_release(&tsv);

	const char *label = o->progress ? xprintf("%s %s (swarm)", p->spec, p->variant) : NULL;
	ProcOptions po = { .dir = dir, .output = PROC_CAPTURE, .progress_label = label,
			   /* a hung ssh login: every search one after another, and a minute */
			   .time_limit = each * n + 60 };
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ProcResult pr = proc_run(swarm_argv(o), &po);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (pr.exec_failed)
		die("cannot run 'parallel': --mode %s needs GNU parallel (apt-get install parallel)",
		    exhaustive ? "auto" : "swarm");
	if (strstr(pr.output, "VECTORSZ too small") && spin_vectorsz_grow(dir, pr.output))
		goto again;
	StrBuf other;
	sb_init(&other);
	swarm_split(jobs, n, pr.output, &other);

	CheckResult *r = spin_new_result();
	StrBuf all;
	sb_init(&all);
	if (exhaustive)
		sb_addf(&all, "=== exhaustive search (stopped: %s) ===\n%s", exhaustive->incomplete_why,
			exhaustive->pan_output ? exhaustive->pan_output : "");
	int found = 0, finished = 0, timed = 0, deep = 0, results = 0, half = 0;
	double min_hf = 0;
	long max_states = 0, max_transitions = 0;
	for (int i = 0; i < n; i++) {
		SwarmJob *j = &jobs[i];
		swarm_read_job(j, dir);
		sb_addf(&all, "=== swarm search %d of %d: pan -RS%d -h%d %s -m%ld -w%d, at most %d s ===\n", j->id, n,
			7919 * j->id, i % 500, j->order, j->depth, j->w, each);
		sb_add(&all, *j->text ? j->text : "(stopped before it printed anything: another search had found a violation)\n");
		half += j->half_trail;
		if (!*j->text)
			continue;
		results++;
		if (j->found && !found)
			found = j->id;
		finished += j->finished;
		timed += j->timed_out;
		deep += j->depth_limited;
		if (j->hash_factor > 0 && (min_hf == 0 || j->hash_factor < min_hf))
			min_hf = j->hash_factor;
		if (j->states > max_states) {
			max_states = j->states;
			max_transitions = j->transitions;
		}
	}
	if (other.len)
		sb_addf(&all, "=== GNU parallel ===\n%s", other.buf);
	sb_release(&other);
	r->pan_output = sb_detach_arena(&all);
	if (!results)
		die("no search of the swarm ran (GNU parallel, logins: %s) in '%s':\n%s", swarm_hosts_text(o), dir,
		    pr.output);

	const char *why = exhaustive ? exhaustive->incomplete_why : NULL;
	r->search = why ? xprintf("swarm after the exhaustive search stopped (%s)", why) : "swarm";
	r->hash_factor = min_hf;
	r->coverage = swarm_coverage(min_hf);
	r->complete = false;
	/* the swarm's wall time (timings.tsv, SUMMARY.md's time class), and
	 * the exhaustive search's before it */
	r->seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9 +
		     (exhaustive ? exhaustive->seconds : 0);
	r->states = max_states;
	r->transitions = max_transitions;
	if (found) {
		SwarmJob *j = &jobs[found - 1];
		const char *msg;
		int pv = classify_pan_error(j->text, &msg);
		if (pv == V_INCONCLUSIVE)
			die("pan reported an error lockspin does not know, '%s', in '%s'", msg, dir);
		bool deadlock = pv == V_DEADLOCK;
		spin_replay_into(p, o->map, r, dir, "model.pml", swarm_trail(dir, j->id), deadlock, false);
		r->incomplete_why = xprintf("%sfound by swarm search %d of %d; a swarm is not exhaustive, so other "
					    "violations may exist", why ? xprintf("%s; ", why) : "", j->id, n);
		r->states = j->states;
		r->transitions = j->transitions;
		return r;
	}
	if (half) {
		/* never no-violation-found when a search may have found one */
		r->verdict = V_INCONCLUSIVE;
		r->incomplete_why = "a search of the swarm wrote a trail but was stopped before it finished";
		r->detail = xprintf("search incomplete: %s", r->incomplete_why);
		return r;
	}
	r->verdict = V_NO_VIOLATION_FOUND;
	r->incomplete_why = xprintf("%sa swarm of bitstate searches is not exhaustive", why ? xprintf("%s; ", why) : "");
	StrBuf d;
	sb_init(&d);
	if (exhaustive)
		sb_addf(&d, "the exhaustive search stopped (%s) after %.0f states; ", why, swarm_states_reached(exhaustive));
	sb_addf(&d, "%d bitstate searches on %s found no violation (%d finished, %d stopped at the time limit, "
		    "%d at a depth limit); up to %ld states in one search; hash factor %s%.4g (best if > 100), "
		    "coverage estimate %s %%; not a proof", n, swarm_hosts_text(o), finished, timed, deep,
		max_states, n > 1 ? ">= " : "", min_hf, swarm_percent(r->coverage));
	if (spec_has_progress(p))
		sb_add(&d, "; deadlocks and assertions only: the swarm runs no non-progress (livelock) search");
	r->detail = sb_detach_arena(&d);
	return r;
}
