/*
 * replay.c - what happens at an annotation point besides the operation.
 *
 * Every annotation point is a scheduling point.  In stress mode it is a
 * chance of a yield or a short delay, drawn from the thread's seeded
 * generator.  In replay mode a thread passes a point only when the next step
 * of the schedule (written from a SPIN counterexample) names that thread and
 * that file:line; the step is consumed once the operation is done, so a
 * trylock sees the state the model saw.  Once every step is consumed the
 * threads run free: they go on to their `stuck` locks (a deadlock, which the
 * wait-for check reports) or past the failing check.  A thread with no
 * steps left waits at its next scheduling point until then.
 *
 * Fine-grained points (ls__point, before C statements over modelled state,
 * in the instrumented copy `lockspin run --replay` builds) are "point"
 * steps.  They are lenient, since native code cannot stop at every place
 * the model can (a loop test evaluated again, a statement inside a macro):
 *  - a thread at an ls__point whose file:line is one of its pending point
 *    steps before its next annotation step waits for that step's turn (its
 *    earlier pending point steps count as passed); the step stays in
 *    progress while the thread runs the statement, and is consumed at the
 *    thread's next scheduling point (or its end), so the next thread runs
 *    only once the statement is done;
 *  - an ls__point the schedule does not name there is passed without
 *    waiting;
 *  - a thread that reaches its next annotation step, or ends, passes its
 *    pending point steps.  Points alone never make a divergence.
 * A choose step is lenient the same way (replay_lenient): C's && and ||
 * may skip an ls_choose() the model evaluates with the whole condition.
 */
#define _GNU_SOURCE
#include "rt.h"

#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int ls__sched_mode;
static uint64_t sched_seed;

struct replay_step {
	int tid;
	char *file;
	int line;
	char action[32];
	char lock[96];
	bool point;     /* a fine-grained point step (action "point") */
	bool choose;    /* a choose=<value> step */
	bool done;      /* consumed, or passed (point steps) */
};

static struct replay_step *replay_steps;
static int replay_nsteps, replay_next;
static struct replay_step replay_fail, replay_stuck[RT_MAX_THREADS];
static int replay_nstuck;
static char replay_verdict[32], replay_fname[RT_MAX_THREADS][96];
static int replay_nthreads;
static int replay_seg[RT_MAX_THREADS]; /* point step in progress per thread, index + 1; 0: none */
static pthread_mutex_t replay_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t replay_cond = PTHREAD_COND_INITIALIZER;

static const char *const sched_action_name[] = {
	[RT_A_ACQUIRE] = "acquire", [RT_A_ACQUIRE_SHARED] = "acquire-shared",
	[RT_A_RELEASE] = "release", [RT_A_RELEASE_SHARED] = "release-shared",
	[RT_A_TRYLOCK] = "trylock", [RT_A_ASSERT] = "assert",
	[RT_A_CHOOSE] = "choose", [RT_A_PROGRESS] = "progress", [RT_A_DOWNGRADE] = "downgrade",
};

void sched_set_stress(uint64_t seed)
{
	ls__sched_mode = SCHED_STRESS;
	rt_fmode_update();
	sched_seed = seed;
}

/* __FILE__ is what the compiler was given; a schedule may say it longer or
 * shorter: the same file if one is a '/'-bounded suffix of the other. */
bool rt_same_file(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la < lb) {
		const char *t = a;
		a = b;
		b = t;
		size_t n = la;
		la = lb;
		lb = n;
	}
	return !strcmp(a + la - lb, b) && (la == lb || a[la - lb - 1] == '/');
}

/* "path:line" at the last colon */
static int replay_site(char *s, struct replay_step *st)
{
	char *c = strrchr(s, ':');
	if (!c)
		return EINVAL;
	*c = 0;
	st->file = strdup(s);
	st->line = atoi(c + 1);
	return 0;
}

/* The report is the violation the replayed schedule ends with: same
 * verdict, thread and file:line ("<verdict> <tid> <file>:<line> ..."). */
static bool replay_answered(const char *machine)
{
	const char *verdict, *file;
	int tid, line;
	if (!replay_expected(&verdict, &tid, &file, &line))
		return false;
	char v[32], site[512];
	int t;
	if (sscanf(machine, "%31s %d %511s", v, &t, site) != 3 || strcmp(v, verdict) || t != tid)
		return false;
	char *c = strrchr(site, ':');
	if (!c || atoi(c + 1) != line)
		return false;
	*c = '\0';
	return rt_same_file(site, file);
}

/* A replay asks one question: does this check fail here?  Reports are
 * printed as always; once one answers it, the run ends (the validator
 * _exit()s when the sink says so). */
static bool replay_report(const char *machine, const char *text)
{
	val_print_sink.report(machine, text);
	return replay_answered(machine);
}

static const struct val_sink replay_sink = { replay_report };

int replay_load(const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		snprintf(err, errlen, "cannot open '%s': %s", path, strerror(errno));
		return errno;
	}
	char line[1024], a[256], b[256], c[256], d[256];
	int n, lineno = 0, cap = 0, rc = 0;
	bool magic = false, end = false;
	while (!end && fgets(line, sizeof line, f)) {
		lineno++;
		line[strcspn(line, "\n")] = 0;
		struct replay_step st = { 0 };
		if (!magic) {
			magic = !strcmp(line, "lockspin-schedule 1");
			if (!magic)
				break;
		} else if (!strncmp(line, "step ", 5)) {
			if (sscanf(line, "step %d %d %255s %31s %95s", &n, &st.tid, a, st.action, st.lock) != 5 ||
			    replay_site(a, &st))
				goto bad;
			st.point = !strcmp(st.action, "point");
			st.choose = !strncmp(st.action, "choose=", 7);
			if (replay_nsteps == cap) {
				cap = cap ? 2 * cap : 64;
				replay_steps = realloc(replay_steps, (size_t)cap * sizeof *replay_steps);
				if (!replay_steps)
					abort();
			}
			replay_steps[replay_nsteps++] = st;
		} else if (!strncmp(line, "stuck ", 6)) {
			if (sscanf(line, "stuck %d %255s %95s", &st.tid, a, st.lock) != 3 ||
			    replay_nstuck == RT_MAX_THREADS || replay_site(a, &st))
				goto bad;
			replay_stuck[replay_nstuck++] = st;
		} else if (!strncmp(line, "fail ", 5)) {
			if (sscanf(line, "fail %d %255s %31s", &st.tid, a, st.action) != 3 || replay_site(a, &st))
				goto bad;
			free((char *)replay_fail.file); /* a second fail line replaces the first */
			replay_fail = st;
		} else if (!strncmp(line, "thread ", 7)) {
			c[0] = 0;
			if (sscanf(line, "thread %d %255s %255s", &n, b, c) < 2 || n < 0 || n >= RT_MAX_THREADS)
				goto bad;
			snprintf(replay_fname[n], sizeof replay_fname[n], "%.95s", b);
			if (n + 1 > replay_nthreads)
				replay_nthreads = n + 1;
		} else if (sscanf(line, "verdict %31s", replay_verdict) == 1 || sscanf(line, "spec %255s", d) == 1 ||
			   sscanf(line, "variant %255s", d) == 1 || !line[0]) {
			continue;
		} else if (!strcmp(line, "end")) {
			end = true;
		} else {
			goto bad;
		}
		continue;
bad:
		snprintf(err, errlen, "%s:%d: bad schedule line '%s'", path, lineno, line);
		rc = EINVAL;
		break;
	}
	fclose(f);
	if (!rc && !magic) {
		snprintf(err, errlen, "%s: not a lockspin schedule (want 'lockspin-schedule 1')", path);
		rc = EINVAL;
	}
	if (!rc && !end) {
		snprintf(err, errlen, "%s: no 'end' line", path);
		rc = EINVAL;
	}
	if (!rc) {
		ls__sched_mode = SCHED_REPLAY;
		rt_fmode_update();
		val_set_sink(&replay_sink);
	}
	return rc;
}

bool replay_expected(const char **verdict, int *tid, const char **file, int *line)
{
	*verdict = replay_verdict;
	*tid = replay_fail.file ? replay_fail.tid : -1;
	*file = replay_fail.file;
	*line = replay_fail.line;
	return replay_fail.file != NULL;
}

bool replay_stuck_at(int tid, const char *file, int line)
{
	for (int i = 0; i < replay_nstuck; i++)
		if (replay_stuck[i].tid == tid && replay_stuck[i].line == line && rt_same_file(replay_stuck[i].file, file))
			return true;
	return replay_nstuck == 0; /* no stuck records: accept any */
}

void sched_thread_start(struct rt_thread *t)
{
	if (ls__sched_mode == SCHED_STRESS)
		t->rng = (sched_seed + 1) * 0x9e3779b97f4a7c15ull ^ ((uint64_t)t->id << 32 | 0x5bd1e995u);
	if (ls__sched_mode == SCHED_REPLAY && t->id < replay_nthreads && strcmp(replay_fname[t->id], t->fname))
		val_diverged(t, t->file, t->line, "at step 0: thread %d runs %s, the schedule says %s",
			     t->id, t->fname, replay_fname[t->id]);
}

static void stress_point(struct rt_thread *t)
{
	uint64_t r = t->rng;
	r ^= r >> 12;
	r ^= r << 25;
	r ^= r >> 27;
	t->rng = r;
	r *= 0x2545f4914f6cdd1dull;
	switch (r % 16) {
	case 0: case 1: case 2: case 3:
		sched_yield();
		break;
	case 4: case 5:
		for (unsigned i = (unsigned)(r >> 40) % 4096; i; i--)
			__builtin_ia32_pause();
		break;
	case 6: {
		struct timespec ts = { 0, (long)((r >> 32) % 50000) };
		nanosleep(&ts, NULL);
		break;
	}
	default:
		break;
	}
}

static bool replay_match(const struct replay_step *st, struct rt_thread *t, enum rt_action a,
			 const char *file, int line)
{
	if (st->tid != t->id || !rt_same_file(st->file, file))
		return false;
	/* a guard's release has no line of its own: accept the scope's release */
	return st->line == line || (t->guard_release && a == RT_A_RELEASE && !strcmp(st->action, "release")) ||
	       (t->guard_release && a == RT_A_RELEASE_SHARED && !strcmp(st->action, "release-shared"));
}

static void replay_diverge(struct rt_thread *t, const char *file, int line, const char *why)
{
	int n = replay_next < replay_nsteps ? replay_next : replay_nsteps - 1;
	const struct replay_step *st = &replay_steps[n > 0 ? n : 0];
	val_diverged(t, file, line, "at step %d: thread %d reached %s:%d (%s); the schedule expects thread %d at %s:%d %s",
		     replay_next + 1, t->id, file, line, why, st->tid, st->file, st->line, st->action);
	fflush(NULL);
	_exit(RT_EXIT_DIVERGED);
}

/* ---- the replay engine; all of it under replay_lock -------------------------- */

/* Skip consumed and passed steps; wake the waiters if the turn moved. */
static void replay_advance(void)
{
	int from = replay_next;
	while (replay_next < replay_nsteps && replay_steps[replay_next].done)
		replay_next++;
	if (replay_next != from)
		pthread_cond_broadcast(&replay_cond);
}

/* The point step t was running is done: t has reached its next point. */
static void replay_end_segment(struct rt_thread *t)
{
	int k = replay_seg[t->id] - 1;
	if (k < 0)
		return;
	replay_seg[t->id] = 0;
	replay_steps[k].done = true;
	replay_advance();
}

/* t's next step not consumed yet, at or after `from`; -1 if none. */
static int replay_own_next(const struct rt_thread *t, int from)
{
	for (int i = from; i < replay_nsteps; i++)
		if (replay_steps[i].tid == t->id && !replay_steps[i].done)
			return i;
	return -1;
}

/* A step native code may not reach where the model does: a point (see
 * above), or an ls_choose() that C's && / || / ?: skip (the model picks a
 * value for the whole statement; when C skips the call, its value did not
 * matter).  Passed when the thread reaches a later step of its own. */
static bool replay_lenient(const struct replay_step *st)
{
	return st->point || st->choose;
}

/* t's lenient steps before step `upto` count as passed. */
static void replay_pass_points(const struct rt_thread *t, int upto)
{
	for (int i = replay_next; i < upto && i < replay_nsteps; i++)
		if (replay_steps[i].tid == t->id && replay_lenient(&replay_steps[i]))
			replay_steps[i].done = true;
	replay_advance();
}

/* Wait for the schedule to move on; false if it stalled. */
static bool replay_wait(const struct timespec *dl)
{
	return pthread_cond_timedwait(&replay_cond, &replay_lock, dl) != ETIMEDOUT;
}

/* Take replay_lock at one of t's scheduling points: the point step t was
 * running is done.  dl is when waiting for its turn counts as stalled. */
static void replay_enter(struct rt_thread *t, struct timespec *dl)
{
	clock_gettime(CLOCK_REALTIME, dl);
	dl->tv_sec += 5;
	pthread_mutex_lock(&replay_lock);
	replay_end_segment(t);
}

int sched_before(struct rt_thread *t, enum rt_action a, struct ls__lockrt *l, const char *file, int line)
{
	(void)l;
	if (ls__sched_mode == SCHED_STRESS) {
		stress_point(t);
		return -1;
	}
	if (!t->scenario)
		return -1; /* setup in ls_scenario() itself is not in the trail */
	int value = -1;
	struct timespec dl;
	replay_enter(t, &dl);
	while (replay_next < replay_nsteps) {
		int j = replay_own_next(t, replay_next), k = j;
		/* this thread's next annotation step, past its lenient steps
		 * (but an ls_choose here takes the first choose step of its site) */
		while (k >= 0 && replay_lenient(&replay_steps[k]) &&
		       !(a == RT_A_CHOOSE && replay_steps[k].choose && replay_match(&replay_steps[k], t, a, file, line)))
			k = replay_own_next(t, k + 1);
		if (j >= 0 && k < 0) {
			/* only lenient steps left: they are behind it */
			replay_pass_points(t, replay_nsteps);
			continue;
		}
		if (k >= 0) {
			const struct replay_step *st = &replay_steps[k];
			/* this thread's own next step is somewhere else: the code left the trail */
			if (!replay_match(st, t, a, file, line))
				replay_diverge(t, file, line, sched_action_name[a]);
			replay_pass_points(t, k);
			if (replay_next == k) {
				if (a == RT_A_CHOOSE && !strncmp(st->action, "choose=", 7))
					value = atoi(st->action + 7);
				break;
			}
		}
		/* not its turn, or no steps left for it: wait for the others */
		if (!replay_wait(&dl))
			replay_diverge(t, file, line, "stalled: waiting for its turn");
	}
	pthread_mutex_unlock(&replay_lock);
	return value;
}

void sched_point(struct rt_thread *t, const char *file, int line)
{
	if (ls__sched_mode != SCHED_REPLAY || !t->scenario)
		return;
	struct timespec dl;
	replay_enter(t, &dl);
	while (replay_next < replay_nsteps) {
		int j = replay_own_next(t, replay_next), k = -1;
		/* the first of its pending point steps (before its next
		 * annotation step) that names this place */
		for (int i = j; i >= 0 && replay_lenient(&replay_steps[i]); i = replay_own_next(t, i + 1))
			if (replay_steps[i].point && replay_steps[i].line == line &&
			    rt_same_file(replay_steps[i].file, file)) {
				k = i;
				break;
			}
		if (j >= 0 && k < 0)
			break; /* not a point of the schedule here: go on */
		if (k >= 0) {
			replay_pass_points(t, k);
			if (replay_next == k) {
				replay_seg[t->id] = k + 1; /* consumed at its next point */
				break;
			}
		}
		if (!replay_wait(&dl))
			replay_diverge(t, file, line, "stalled: waiting for its turn");
	}
	pthread_mutex_unlock(&replay_lock);
}

void sched_thread_end(struct rt_thread *t)
{
	if (ls__sched_mode != SCHED_REPLAY || !t->scenario)
		return;
	pthread_mutex_lock(&replay_lock);
	replay_end_segment(t);
	replay_pass_points(t, replay_nsteps);
	int j = replay_own_next(t, replay_next);
	if (j >= 0) {
		const struct replay_step *st = &replay_steps[j];
		char why[160];
		snprintf(why, sizeof why, "ended; the schedule has thread %d at %s:%d %s still", t->id, st->file,
			 st->line, st->action);
		replay_diverge(t, t->file, t->line, why);
	}
	pthread_mutex_unlock(&replay_lock);
}

void ls__point_slow(const char *file, int line)
{
	struct ls__fast *f = ls__self;
	if (f)
		sched_point((struct rt_thread *)f, file, line);
}

void sched_after(struct rt_thread *t, enum rt_action a, struct ls__lockrt *l, const char *file, int line,
		 int outcome)
{
	(void)l;
	if (ls__sched_mode != SCHED_REPLAY || !t->scenario)
		return;
	pthread_mutex_lock(&replay_lock);
	if (replay_next < replay_nsteps) {
		struct replay_step *st = &replay_steps[replay_next];
		const char *want = st->action;
		bool ok = true;
		if (a == RT_A_TRYLOCK)
			ok = !strcmp(want, outcome ? "trylock-ok" : "trylock-fail");
		else if (a == RT_A_CHOOSE)
			ok = !strncmp(want, "choose=", 7) && atoi(want + 7) == outcome;
		else
			ok = !strcmp(want, sched_action_name[a]);
		if (!ok) {
			char why[96];
			snprintf(why, sizeof why, "did %s%s", sched_action_name[a],
				 a == RT_A_TRYLOCK ? (outcome ? "-ok" : "-fail") : "");
			replay_diverge(t, file, line, why);
		}
		st->done = true;
		replay_advance();
	}
	pthread_mutex_unlock(&replay_lock);
}
