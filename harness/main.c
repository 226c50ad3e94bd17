/*
 * main.c - the native driver for a spec compiled against the runtime:
 *
 *   cc -Iharness spec/x.c harness/{runtime,validator,replay,main}.c -lpthread [-DVARIANT...] -o x
 *   ./x --iterations N --seed S        stress
 *   ./x --replay schedule.txt          replay a SPIN counterexample
 *   ./x --replay schedule.txt --runs N  ... N times, one program start
 *
 * Every run of the scenario is a forked child: a deadlock ends the child
 * (validator.c _exit()s with RT_EXIT_DEADLOCK after its report), a hang is
 * killed by the watchdog, and every run starts from the same pristine
 * globals.  The child sends its reports up a pipe (see validator.c for the
 * format); the parent groups them by problem.
 *
 * Exit status: 0 no problem (stress) / confirmed (replay); 1 problem found
 * (stress) / not confirmed or diverged (replay); 2 usage, or a run reached
 * what the native program cannot reproduce of the model (RT_EXIT_NATIVE);
 * 3 hang or crash (inconclusive).
 */
#define _GNU_SOURCE
#include "rt.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* The extractor generates the real one; without it locks are unregistered. */
__attribute__((weak)) void ls_registry(void) {}

struct drv_run {
	char *out;       /* the child's report stream */
	size_t len;
	bool hang;
	int status;      /* waitpid status */
};

static void drv_child(int fd, uint64_t seed, bool replay)
{
	val_set_report_fd(fd);
	val_set_quiet(true);
	if (!replay)
		sched_set_stress(seed);
	ls_registry();
	ls_scenario();
	int err = rt_run_threads();
	if (err)
		fprintf(stderr, "lockspin: cannot start the scenario: %s\n", strerror(err));
	fflush(NULL);
	_exit(err ? 3 : val_nreports() ? 1 : 0);
}

static int drv_run(uint64_t seed, bool replay, int timeout, struct drv_run *r)
{
	int p[2];
	memset(r, 0, sizeof *r);
	if (pipe(p))
		return errno;
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0)
		return errno;
	if (pid == 0) {
		close(p[0]);
		drv_child(p[1], seed, replay);
	}
	close(p[1]);
	size_t cap = 0;
	struct timespec t0, now;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		long left = timeout * 1000L - ((now.tv_sec - t0.tv_sec) * 1000L + (now.tv_nsec - t0.tv_nsec) / 1000000);
		struct pollfd pfd = { p[0], POLLIN, 0 };
		if (left <= 0 || poll(&pfd, 1, (int)left) == 0) {
			r->hang = true;
			kill(pid, SIGKILL);
			break;
		}
		if (r->len + 4096 > cap) {
			cap = cap ? 2 * cap : 8192;
			r->out = realloc(r->out, cap);
			if (!r->out)
				abort();
		}
		ssize_t n = read(p[0], r->out + r->len, cap - r->len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		r->len += (size_t)n;
	}
	close(p[0]);
	if (!r->out && !(r->out = calloc(1, 1)))
		abort();
	r->out[r->len] = 0;
	while (waitpid(pid, &r->status, 0) < 0 && errno == EINTR)
		;
	return 0;
}

/* ---- reports in a child's stream ----------------------------------------- */

struct drv_problem {
	char key[512];
	char *text;      /* the first run's report */
	int first, count, last_iter;
};

static struct drv_problem drv_probs[128];
static int drv_nprobs;

/* A report is its machine lines then its "| " text lines.  The key is the
 * verdict and site, or the chain for a potential deadlock, or all sites
 * for a deadlock. */
static void drv_collect(const char *out, int iter)
{
	const char *s = out;
	while (*s) {
		char key[512] = "", *text = NULL, sites[16][256];
		int nsites = 0;
		size_t tl = 0;
		while (*s && strncmp(s, "| ", 2)) {
			const char *e = strchrnul(s, '\n'), *chain = strstr(s, " chain ");
			char site[256];
			int tid;
			if (sscanf(s, "%31s %d %255s", key, &tid, site) == 3) {
				if (!strcmp(key, LS_V_POTENTIAL_DEADLOCK) && chain && chain < e)
					snprintf(sites[0], sizeof sites[0], "%.*s", (int)(e - chain - 1), chain + 1);
				else if (nsites < 16)
					snprintf(sites[nsites++], sizeof sites[0], "%s", site);
				if (!nsites)
					nsites = 1;
			}
			s = *e ? e + 1 : e;
		}
		/* one problem whichever thread saw it first: sites in order */
		qsort(sites, (size_t)nsites, sizeof sites[0], (int (*)(const void *, const void *))strcmp);
		for (int i = 0; i < nsites; i++) {
			/* a key longer than the buffer is cut: it only groups reports */
			size_t kl = strlen(key);
			if (kl + 1 + strlen(sites[i]) < sizeof key) {
				key[kl] = ' ';
				strcpy(key + kl + 1, sites[i]);
			}
		}
		while (!strncmp(s, "| ", 2)) {
			const char *e = strchrnul(s, '\n');
			size_t n = (size_t)(e - s) - 2 + 1;
			text = realloc(text, tl + n + 1);
			if (!text)
				abort();
			memcpy(text + tl, s + 2, n - 1);
			text[tl + n - 1] = '\n';
			tl += n;
			text[tl] = 0;
			s = *e ? e + 1 : e;
		}
		if (!key[0]) {
			free(text);
			continue;
		}
		int i;
		for (i = 0; i < drv_nprobs && strcmp(drv_probs[i].key, key); i++)
			;
		if (i == drv_nprobs && drv_nprobs < 128) {
			snprintf(drv_probs[i].key, sizeof drv_probs[i].key, "%s", key);
			drv_probs[i].text = text;
			drv_probs[i].first = iter;
			drv_nprobs++;
			text = NULL;
		}
		if (i < drv_nprobs && drv_probs[i].last_iter != iter + 1) {
			drv_probs[i].count++;
			drv_probs[i].last_iter = iter + 1;
		}
		free(text);
	}
}

static int drv_stress(int iterations, uint64_t seed, int timeout, bool quiet)
{
	int hangs = 0, crashes = 0, first_hang = -1;
	for (int it = 0; it < iterations; it++) {
		struct drv_run r;
		int err = drv_run(seed + (uint64_t)it, false, timeout, &r);
		if (err) {
			fprintf(stderr, "lockspin: cannot run iteration %d: %s\n", it, strerror(err));
			return 3;
		}
		drv_collect(r.out, it);
		if (WIFEXITED(r.status) && WEXITSTATUS(r.status) == RT_EXIT_NATIVE) {
			fprintf(stderr, "lockspin: iteration %d reached what the model assumes and the native program "
					"cannot do (above): no stress run\n", it);
			free(r.out);
			return 2;
		}
		if (r.hang) {
			if (!hangs++)
				first_hang = it;
		} else if (WIFSIGNALED(r.status) || (WIFEXITED(r.status) && WEXITSTATUS(r.status) > 1 &&
						     WEXITSTATUS(r.status) != RT_EXIT_DEADLOCK)) {
			if (!crashes++)
				fprintf(stderr, "lockspin: iteration %d ended abnormally (status %#x)\n", it, r.status);
		}
		free(r.out);
	}
	for (int i = 0; i < drv_nprobs; i++) {
		if (!quiet && drv_probs[i].text)
			fputs(drv_probs[i].text, stderr);
		printf("stress: %s: first in iteration %d (seed %llu), %d of %d iterations\n",
		       drv_probs[i].key, drv_probs[i].first, (unsigned long long)(seed + (uint64_t)drv_probs[i].first),
		       drv_probs[i].count, iterations);
		fflush(stdout);
	}
	if (hangs)
		printf("stress: inconclusive: %d iteration%s hung (first: %d, timeout %d s)\n", hangs,
		       hangs > 1 ? "s" : "", first_hang, timeout);
	if (!drv_nprobs && !hangs && !crashes)
		printf("stress: no problem in %d iterations (seed %llu)\n", iterations, (unsigned long long)seed);
	return drv_nprobs ? 1 : hangs || crashes ? 3 : 0;
}

/* One run of the loaded schedule, in a child; its verdict line ("replay:
 * confirmed ...") into line.  0 confirmed, 1 not (or diverged), 2 the run
 * reached what the native program cannot reproduce (RT_EXIT_NATIVE), 3 hung
 * or could not run. */
static int drv_replay_once(int timeout, bool quiet, char *line, size_t linelen)
{
	const char *verdict, *file;
	int tid, fline;
	bool has_fail = replay_expected(&verdict, &tid, &file, &fline);
	struct drv_run r;
	int e = drv_run(0, true, timeout, &r);
	if (e) {
		snprintf(line, linelen, "replay: cannot run the replay: %s", strerror(e));
		return 3;
	}
	int rc = 1;
	char found[512] = "";
	for (char *s = r.out; *s;) {
		char *nl = strchrnul(s, '\n'), v[32], site[256];
		int t, n = 0;
		bool more = *nl;
		*nl = 0;
		if (!strncmp(s, "| ", 2)) {
			if (!quiet)
				fprintf(stderr, "%s\n", s + 2);
		} else if (sscanf(s, "%31s %d %255s %n", v, &t, site, &n) == 3) {
			if (!strcmp(v, "diverged")) {
				snprintf(line, linelen, "replay: diverged %s", s + n);
				free(r.out);
				return 1;
			}
			char *c = strrchr(site, ':');
			int l = c ? atoi(c + 1) : 0;
			if (c)
				*c = 0;
			bool same = !strcmp(v, verdict) &&
				    (!strcmp(v, LS_V_DEADLOCK) ? replay_stuck_at(t, site, l) :
				     !has_fail || (t == tid && l == fline && rt_same_file(site, file)));
			if (same && !found[0]) {
				snprintf(found, sizeof found, "%s at %s:%d", v, site, l);
				rc = 0;
			}
		}
		s = more ? nl + 1 : nl;
	}
	if (rc == 0) {
		snprintf(line, linelen, "replay: confirmed %s", found);
	} else if (WIFEXITED(r.status) && WEXITSTATUS(r.status) == RT_EXIT_NATIVE) {
		snprintf(line, linelen, "replay: not reproducible natively: the run reached what the model assumes and "
					"the native program cannot do (above)");
		rc = 2;
	} else if (r.hang) {
		snprintf(line, linelen, "replay: inconclusive: the run did not finish in %d s", timeout);
		rc = 3;
	} else if (has_fail) {
		snprintf(line, linelen, "replay: not confirmed: expected %s in thread %d at %s:%d, %s", verdict, tid,
			 file, fline, r.len ? "the run reported something else" : "the run reported nothing");
	} else {
		snprintf(line, linelen, "replay: not confirmed: expected %s, %s", verdict,
			 r.len ? "the run reported something else" : "the run reported nothing");
	}
	free(r.out);
	return rc;
}

/* runs 0: one run, its line.  Else the schedule runs that many times, each
 * in a child forked from this process as it is after loading the schedule
 * (the same pristine globals every time, and one program start for all of
 * them), each run's line ("replay: run N: ...": with quiet only those not
 * confirmed), then "replay: K of N runs confirmed".  The status is the
 * worst run's: 1 if one was not confirmed, else 3 if one hung. */
static int drv_replay(const char *path, int timeout, bool quiet, int runs)
{
	char err[512], line[1024];
	if (replay_load(path, err, sizeof err)) {
		fprintf(stderr, "lockspin: %s\n", err);
		return 2;
	}
	if (!runs) {
		int rc = drv_replay_once(timeout, quiet, line, sizeof line);
		printf("%s\n", line);
		return rc;
	}
	int confirmed = 0, worst = 0;
	for (int i = 1; i <= runs; i++) {
		int rc = drv_replay_once(timeout, quiet, line, sizeof line);
		if (!quiet || rc)
			printf("replay: run %d: %s\n", i, line + strlen("replay: "));
		confirmed += rc == 0;
		if (rc == 2) { /* every run would reach it again */
			printf("replay: %d of %d runs confirmed\n", confirmed, runs);
			return 2;
		}
		if (rc == 1 || (rc == 3 && worst == 0))
			worst = rc;
	}
	printf("replay: %d of %d runs confirmed\n", confirmed, runs);
	return worst;
}

static void usage(FILE *f)
{
	fputs("usage: prog [--iterations N] [--seed S] [--timeout SEC] [--validate off|ranks|full] [--quiet]\n"
	      "       prog --replay schedule.txt [--runs N] [--validate MODE] [--quiet]\n"
	      "stress: run the scenario N times (default 100), each in a child with seeded random\n"
	      "delays at every annotation point; print each distinct problem once with the first\n"
	      "iteration that hit it.  replay: enforce a SPIN schedule and confirm its verdict\n"
	      "(--runs N: N times, each in a child of this process; then \"K of N runs confirmed\").\n"
	      "exit: 0 ok/confirmed, 1 problem/not confirmed, 2 usage or not reproducible natively,\n"
	      "3 hang (inconclusive)\n"
	      "env: LOCKSPIN_VALIDATE=off|ranks|full, LOCKSPIN_REPORT=file (one line per report)\n", f);
}

int main(int argc, char **argv)
{
	int iterations = 100, timeout = 10, runs = 0;
	uint64_t seed = 1;
	const char *replay = NULL;
	bool quiet = false;
	const char *env = getenv("LOCKSPIN_VALIDATE");
	if (env && val_set_mode(env)) {
		fprintf(stderr, "lockspin: bad LOCKSPIN_VALIDATE '%s'\n", env);
		return 2;
	}
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		char *end = NULL;
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage(stdout);
			return 0;
		} else if (!strcmp(a, "--quiet")) {
			quiet = true;
			continue;
		} else if (!v) {
			fprintf(stderr, "lockspin: unknown or incomplete option '%s'\n", a);
			usage(stderr);
			return 2;
		} else if (!strcmp(a, "--iterations")) {
			iterations = (int)strtol(v, &end, 10);
		} else if (!strcmp(a, "--seed")) {
			seed = strtoull(v, &end, 10);
		} else if (!strcmp(a, "--timeout")) {
			timeout = (int)strtol(v, &end, 10);
		} else if (!strcmp(a, "--runs")) {
			runs = (int)strtol(v, &end, 10);
		} else if (!strcmp(a, "--replay")) {
			replay = v;
		} else if (!strcmp(a, "--validate")) {
			if (val_set_mode(v)) {
				fprintf(stderr, "lockspin: bad --validate '%s'\n", v);
				return 2;
			}
		} else {
			fprintf(stderr, "lockspin: unknown option '%s'\n", a);
			usage(stderr);
			return 2;
		}
		if (end && (*end || iterations < 1 || timeout < 1 || (!strcmp(a, "--runs") && runs < 1))) {
			fprintf(stderr, "lockspin: bad value '%s' for %s\n", v, a);
			return 2;
		}
		i++;
	}
	if (runs && !replay) {
		fprintf(stderr, "lockspin: --runs needs --replay\n");
		return 2;
	}
	return replay ? drv_replay(replay, timeout, quiet, runs) : drv_stress(iterations, seed, timeout, quiet);
}
