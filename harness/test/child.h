/* child.h - the runtime tests' child process: child(body) runs body in a
 * forked child with its reports sent up a pipe; the parent then checks
 * the report text (out, has()) and the exit status (status; a deadlock
 * _exit()s).  For test_runtime.c and test_lazy.c. */
#ifndef LS_CHILD_H
#define LS_CHILD_H

#include <pthread.h>
#include <string.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char out[16384];
static int status;

/* Run body in a child; out = its report stream, status = its exit code. */
static void child(void (*body)(void))
{
	int p[2];
	if (pipe(p))
		abort();
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		close(p[0]);
		val_set_report_fd(p[1]);
		val_set_quiet(true);
		alarm(20);
		body();
		_exit(0);
	}
	close(p[1]);
	size_t n = 0;
	ssize_t r;
	while (n < sizeof out - 1 && (r = read(p[0], out + n, sizeof out - 1 - n)) > 0)
		n += (size_t)r;
	out[n] = 0;
	close(p[0]);
	waitpid(pid, &status, 0);
	status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static inline bool has(const char *s) { return strstr(out, s) != NULL; }

static inline void msleep(int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

static inline void *in_thread(void *(*fn)(void *), void *arg)
{
	pthread_t pt;
	void *r;
	pthread_create(&pt, NULL, fn, arg);
	pthread_join(pt, &r);
	return r;
}

#endif
