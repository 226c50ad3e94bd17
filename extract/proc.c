/*
 * proc.c - run one program and wait for it: spin -a, cc of pan.c, pan,
 * spin -t, the native compiler and the native program.  One runner, so a
 * time limit, a progress line, captured output and the exit status mean the
 * same for every tool lockspin calls.
 *
 * fork + execvp rather than posix_spawn: the child changes directory and
 * reports a program it cannot run itself, both before exec.
 */
#define _POSIX_C_SOURCE 200809L
#include "proc.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* In the child: the descriptors, the directory, then the program. */
static noreturn void proc_child(char *const argv[], const ProcOptions *o, const int in[2], const int out[2])
{
	if (o->input) {
		dup2(in[0], 0);
		close(in[0]);
		close(in[1]);
	} else if (o->output == PROC_CAPTURE) {
		int devnull = open("/dev/null", O_RDONLY);
		if (devnull >= 0)
			dup2(devnull, 0);
	}
	if (o->output == PROC_CAPTURE) {
		close(out[0]);
		dup2(out[1], 1);
		dup2(out[1], 2);
		close(out[1]);
	} else if (o->output == PROC_DISCARD) {
		int null = open("/dev/null", O_WRONLY);
		if (null >= 0) {
			dup2(null, 1);
			dup2(null, 2);
			close(null);
		}
	}
	if (o->dir && chdir(o->dir) != 0)
		_exit(126);
	execvp(argv[0], argv);
	fprintf(stderr, "lockspin: fatal: cannot run '%s': %s\n", argv[0], strerror(errno));
	_exit(127);
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
	if ((o->input && pipe(in) != 0) || (capture && pipe(out) != 0))
		die("cannot create a pipe: %s", strerror(errno));
	pid_t pid = fork();
	if (pid < 0)
		die("cannot fork: %s", strerror(errno));
	if (pid == 0)
		proc_child(argv, o, in, out);
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
	double start = now_seconds(), next_progress = start + 1.0;
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
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			die("waitpid: %s", strerror(errno));
	if (WIFEXITED(st))
		r.status = WEXITSTATUS(st);
	else if (WIFSIGNALED(st))
		r.status = 128 + WTERMSIG(st);
	r.exec_failed = WIFEXITED(st) && WEXITSTATUS(st) == 127;
	r.output = sb_detach_arena(&text);
	return r;
}
