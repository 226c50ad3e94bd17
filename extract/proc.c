/*
 * proc.c - run one program and wait for it: spin -a, cc of pan.c, pan,
 * spin -t, the native compiler and the native program.  One runner, so a
 * time limit, a progress line, captured output and the exit status mean the
 * same for every tool lockspin calls.
 *
 * posix_spawn, not fork: lockspin is a 100-180 MB process, and fork()
 * copies its page tables for every one of the thousands of programs a
 * `make check` runs (measured: a third of lockspin's own CPU).  The child's
 * directory and descriptors are spawn file actions; a program that cannot
 * be run is reported by posix_spawnp itself, as exit status 127.
 *
 * $LOCKSPIN_PHASES names a file to which every run appends one line,
 * "<phase>\t<wall seconds>\t<CPU seconds>\n" (the phase: ProcOptions.phase,
 * else the program and for spin its first argument: "spin -a", "spin -t",
 * "cc", "./pan"; CPU: the program's user + system time and its children's,
 * from wait4); harness/bench/run.sh sums them into make check's per-phase
 * table.  The CPU column is what tells lockspin's own share at -j 2, where
 * two variants' wall times overlap.  One write(2) of one short line to an O_APPEND file: parallel
 * runs do not interleave within a line.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "proc.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Start argv with o's directory and descriptors; 0 or an errno value
 * (the program could not be run). */
static int proc_spawn(pid_t *pid, char *const argv[], const ProcOptions *o, const int in[2], const int out[2])
{
	posix_spawn_file_actions_t fa;
	if (posix_spawn_file_actions_init(&fa))
		die("cannot start '%s': out of memory", argv[0]);
	if (o->input) {
		posix_spawn_file_actions_adddup2(&fa, in[0], 0);
		posix_spawn_file_actions_addclose(&fa, in[0]);
		posix_spawn_file_actions_addclose(&fa, in[1]);
	} else if (o->output == PROC_CAPTURE) {
		posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	}
	if (o->output == PROC_CAPTURE) {
		posix_spawn_file_actions_addclose(&fa, out[0]);
		posix_spawn_file_actions_adddup2(&fa, out[1], 1);
		posix_spawn_file_actions_adddup2(&fa, out[1], 2);
		posix_spawn_file_actions_addclose(&fa, out[1]);
	} else if (o->output == PROC_DISCARD) {
		posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
		posix_spawn_file_actions_adddup2(&fa, 1, 2);
	}
	if (o->dir)
		posix_spawn_file_actions_addchdir_np(&fa, o->dir);
	/* stdio buffers are not the child's to write, but what lockspin
	 * printed must come before what the child prints */
	fflush(NULL);
	int err = posix_spawnp(pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	return err;
}

/* The phase a run counts in: o->phase, else the program (and spin's mode). */
static const char *proc_phase(char *const argv[], const ProcOptions *o)
{
	if (o->phase)
		return o->phase;
	if (!strcmp(argv[0], "spin") && argv[1])
		return xprintf("spin %s", argv[1]);
	return argv[0];
}

static void proc_log_phase(const char *phase, double seconds, double cpu)
{
	static int fd = -2;
	if (fd == -2) {
		const char *p = getenv("LOCKSPIN_PHASES");
		fd = p && *p ? open(p, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644) : -1;
	}
	if (fd < 0)
		return;
	char line[256];
	int n = snprintf(line, sizeof line, "%s\t%.6f\t%.6f\n", phase, seconds, cpu);
	if (n > 0 && (size_t)n < sizeof line && write(fd, line, (size_t)n) != n)
		fd = -1; /* a full disk: stop logging, the run itself goes on */
}

/* Once past 1 s: on a terminal one line rewritten every second (cleared at
 * the end), elsewhere a line every 10 s.  pan's own "Depth= ... States= N"
 * lines say how far it is.  True when a terminal line is showing. */
static bool proc_progress(const char *label, const StrBuf *out, double start, double t, double *next)
{
	const char *st = NULL;
	for (const char *q = out->buf ? strstr(out->buf, "States=") : NULL; q; q = strstr(q + 1, "States="))
		st = q + 7;
	const char *states = st ? xprintf(", %.0f states so far", strtod(st, NULL)) : "";
	if (tty_progress(2)) {
		fprintf(stderr, "\rlockspin: %s: searching, %.0f s%s\033[K", label, t - start, states);
		*next = t + 1.0;
		return true;
	}
	fprintf(stderr, "lockspin: %s: searching... %.0f s%s\n", label, t - start, states);
	*next = t + 10.0;
	return false;
}

ProcResult proc_run(char *const argv[], const ProcOptions *o)
{
	ProcResult r = { 0 };
	bool capture = o->output == PROC_CAPTURE;
	int in[2] = { -1, -1 }, out[2] = { -1, -1 };
	/* close-on-exec: only the child they are for gets them (dup2 clears it) */
	if ((o->input && pipe2(in, O_CLOEXEC) != 0) || (capture && pipe2(out, O_CLOEXEC) != 0))
		die("cannot create a pipe: %s", strerror(errno));
	double start = now_seconds();
	pid_t pid;
	int err = proc_spawn(&pid, argv, o, in, out);
	if (err) {
		/* as the shell says it: 127 the program, 126 the directory */
		bool dir_bad = o->dir && access(o->dir, X_OK) != 0;
		const char *why = xprintf("lockspin: fatal: cannot run '%s'%s%s: %s\n", argv[0], dir_bad ? " in " : "",
					 dir_bad ? o->dir : "", strerror(err));
		if (o->input) {
			close(in[0]);
			close(in[1]);
		}
		if (capture) {
			close(out[0]);
			close(out[1]);
		}
		if (o->output == PROC_INHERIT)
			fputs(why, stderr);
		r.status = dir_bad ? 126 : 127;
		r.exec_failed = !dir_bad;
		r.output = capture ? (char *)why : (char *)"";
		return r;
	}
	/* the input is written as the output is read, so neither pipe can fill
	 * up while the other waits */
	size_t in_len = o->input ? strlen(o->input) : 0, in_off = 0;
	/* a compiler that stops reading early is its own failure, not lockspin's
	 * death by SIGPIPE */
	struct sigaction ign = { .sa_handler = SIG_IGN }, old_pipe;
	if (o->input) {
		close(in[0]);
		sigaction(SIGPIPE, &ign, &old_pipe);
		/* a blocking write of the rest would wait for a child that waits
		 * for us to read its output */
		if (capture)
			fcntl(in[1], F_SETFL, O_NONBLOCK);
	}
	if (capture)
		close(out[1]);
	StrBuf text;
	sb_init(&text);
	double next_progress = start + 1.0;
	bool shown = false;
	for (int wfd = o->input ? in[1] : -1, rfd = capture ? out[0] : -1; wfd >= 0 || rfd >= 0;) {
		if (wfd >= 0 && in_off == in_len) {
			close(wfd);
			wfd = -1;
			continue;
		}
		struct pollfd pfd[2] = { { rfd, POLLIN, 0 }, { wfd, POLLOUT, 0 } };
		int n = poll(pfd, 2, 250);
		if (n > 0 && rfd >= 0 && pfd[0].revents) {
			char buf[8192];
			ssize_t k = read(rfd, buf, sizeof(buf));
			if (k > 0) {
				sb_addn(&text, buf, (size_t)k);
				continue;
			}
			if (k == 0 || (errno != EINTR && errno != EAGAIN)) {
				close(rfd);
				rfd = -1;
			}
		}
		if (n > 0 && wfd >= 0 && pfd[1].revents) {
			ssize_t w = write(wfd, o->input + in_off, in_len - in_off);
			if (w > 0)
				in_off += (size_t)w;
			else if (errno != EINTR && errno != EAGAIN)
				in_off = in_len; /* the child stopped reading */
		}
		double t = now_seconds();
		if (o->time_limit > 0 && t - start > o->time_limit && !r.timed_out) {
			r.timed_out = true;
			kill(pid, SIGKILL);
		}
		if (o->progress_label && capture && t >= next_progress)
			shown = proc_progress(o->progress_label, &text, start, t, &next_progress) || shown;
	}
	if (shown)
		fputs("\r\033[K", stderr);
	if (o->input)
		sigaction(SIGPIPE, &old_pipe, NULL);
	int st = 0;
	struct rusage ru = { 0 };
	while (wait4(pid, &st, 0, &ru) < 0)
		if (errno != EINTR)
			die("waitpid: %s", strerror(errno));
	if (WIFEXITED(st))
		r.status = WEXITSTATUS(st);
	else if (WIFSIGNALED(st))
		r.status = 128 + WTERMSIG(st);
	r.exec_failed = WIFEXITED(st) && WEXITSTATUS(st) == 127;
	r.output = sb_detach_arena(&text);
	double cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec +
		     (double)ru.ru_stime.tv_usec / 1e6;
	proc_log_phase(proc_phase(argv, o), now_seconds() - start, cpu);
	return r;
}
