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
 * wait-for check reports) or past the failing check.
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

int sched_mode;
static uint64_t sched_seed;

struct replay_step {
	int tid;
	char *file;
	int line;
	char action[32];
	char lock[96];
};

static struct replay_step *replay_steps;
static int replay_nsteps, replay_next;
static struct replay_step replay_fail, replay_stuck[RT_MAX_THREADS];
static int replay_nstuck;
static char replay_verdict[32], replay_fname[RT_MAX_THREADS][96];
static int replay_nthreads;
static pthread_mutex_t replay_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t replay_cond = PTHREAD_COND_INITIALIZER;

static const char *const sched_action_name[] = {
	[RT_A_ACQUIRE] = "acquire", [RT_A_ACQUIRE_SHARED] = "acquire-shared",
	[RT_A_RELEASE] = "release", [RT_A_RELEASE_SHARED] = "release-shared",
	[RT_A_TRYLOCK] = "trylock", [RT_A_ASSERT] = "assert",
	[RT_A_CHOOSE] = "choose", [RT_A_PROGRESS] = "progress",
};

void sched_set_stress(uint64_t seed)
{
	sched_mode = SCHED_STRESS;
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
			if (replay_nsteps == cap) {
				cap = cap ? 2 * cap : 64;
				replay_steps = realloc(replay_steps, (size_t)cap * sizeof *replay_steps);
				if (!replay_steps)
					abort();
			}
			replay_steps[replay_nsteps++] = st;
		} else if (!strncmp(line, "stuck ", 6)) {
			if (sscanf(line, "stuck %d %255s %95s", &st.tid, a, st.lock) != 3 || replay_site(a, &st) ||
			    replay_nstuck == RT_MAX_THREADS)
				goto bad;
			replay_stuck[replay_nstuck++] = st;
		} else if (!strncmp(line, "fail ", 5)) {
			if (sscanf(line, "fail %d %255s %31s", &st.tid, a, st.action) != 3 || replay_site(a, &st))
				goto bad;
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
	if (!rc)
		sched_mode = SCHED_REPLAY;
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
	if (sched_mode == SCHED_STRESS)
		t->rng = (sched_seed + 1) * 0x9e3779b97f4a7c15ull ^ ((uint64_t)t->id << 32 | 0x5bd1e995u);
	if (sched_mode == SCHED_REPLAY && t->id < replay_nthreads && strcmp(replay_fname[t->id], t->fname))
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
	return st->line == line || (t->guard_release && a == RT_A_RELEASE && !strcmp(st->action, "release"));
}

static void replay_diverge(struct rt_thread *t, const char *file, int line, const char *why)
{
	const struct replay_step *st = &replay_steps[replay_next];
	val_diverged(t, file, line, "at step %d: thread %d reached %s:%d (%s); the schedule expects thread %d at %s:%d %s",
		     replay_next + 1, t->id, file, line, why, st->tid, st->file, st->line, st->action);
	fflush(NULL);
	_exit(RT_EXIT_DIVERGED);
}

int sched_before(struct rt_thread *t, enum rt_action a, struct ls__lockrt *l, const char *file, int line)
{
	(void)l;
	if (sched_mode == SCHED_STRESS) {
		stress_point(t);
		return -1;
	}
	if (!t->scenario)
		return -1; /* setup in ls_scenario() itself is not in the trail */
	int value = -1;
	struct timespec dl;
	clock_gettime(CLOCK_REALTIME, &dl);
	dl.tv_sec += 5;
	pthread_mutex_lock(&replay_lock);
	while (replay_next < replay_nsteps) {
		const struct replay_step *st = &replay_steps[replay_next];
		if (replay_match(st, t, a, file, line)) {
			if (a == RT_A_CHOOSE && !strncmp(st->action, "choose=", 7))
				value = atoi(st->action + 7);
			break;
		}
		/* this thread's own next step is somewhere else: the code left the trail */
		for (int i = replay_next; i < replay_nsteps; i++)
			if (replay_steps[i].tid == t->id) {
				if (!replay_match(&replay_steps[i], t, a, file, line))
					replay_diverge(t, file, line, sched_action_name[a]);
				break;
			}
		if (pthread_cond_timedwait(&replay_cond, &replay_lock, &dl) == ETIMEDOUT)
			replay_diverge(t, file, line, "stalled: waiting for its turn");
	}
	pthread_mutex_unlock(&replay_lock);
	return value;
}

void sched_after(struct rt_thread *t, enum rt_action a, struct ls__lockrt *l, const char *file, int line,
		 int outcome)
{
	(void)l;
	if (sched_mode != SCHED_REPLAY || !t->scenario)
		return;
	pthread_mutex_lock(&replay_lock);
	if (replay_next < replay_nsteps) {
		const struct replay_step *st = &replay_steps[replay_next];
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
		replay_next++;
		pthread_cond_broadcast(&replay_cond);
	}
	pthread_mutex_unlock(&replay_lock);
}
