/* proc_test.c - the one process runner: output, input, directory, time limit, a missing program. */
#include "test.h"
#include "proc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(void)
{
	/* read at the first run: every run below appends its phase line */
	const char *phases = xprintf("/tmp/lockspin-proc-test.%d", (int)getpid());
	unlink(phases);
	setenv("LOCKSPIN_PHASES", phases, 1);
	ProcOptions cap = { .output = PROC_CAPTURE };
	char *both[] = { "sh", "-c", "echo out; echo err >&2; exit 3", NULL };
	ProcResult r = proc_run(both, &cap);
	CHECK(!strcmp(r.output, "out\nerr\n") && r.status == 3 && !r.timed_out && !r.exec_failed,
	      "capture: stdout and stderr, exit status 3: '%s' %d", r.output, r.status);

	/* more input than a pipe holds, all read back while it is written */
	StrBuf big;
	sb_init(&big);
	for (int i = 0; i < 20000; i++)
		sb_addf(&big, "line %d\n", i);
	ProcOptions in = { .output = PROC_CAPTURE, .input = big.buf };
	char *cat[] = { "cat", NULL };
	r = proc_run(cat, &in);
	CHECK(r.status == 0 && !strcmp(r.output, big.buf), "input: %zu bytes through cat unchanged", big.len);
	sb_release(&big);

	ProcOptions dir = { .output = PROC_CAPTURE, .dir = "/" };
	char *pwd[] = { "pwd", NULL };
	r = proc_run(pwd, &dir);
	CHECK(!strcmp(r.output, "/\n"), "directory: runs in '/': '%s'", r.output);

	ProcOptions quick = { .output = PROC_CAPTURE, .time_limit = 1 };
	char *sleeper[] = { "sleep", "30", NULL };
	r = proc_run(sleeper, &quick);
	CHECK(r.timed_out && r.status == 128 + 9, "time limit: killed after 1 s (status %d)", r.status);

	ProcOptions quiet = { .output = PROC_DISCARD };
	char *missing[] = { "lockspin-no-such-program", NULL };
	r = proc_run(missing, &quiet);
	CHECK(r.exec_failed && r.status == 127 && !*r.output, "a missing program: exec_failed, status 127");

	ProcOptions inherit = { .output = PROC_INHERIT, .input = "ok\n" };
	char *grep[] = { "grep", "-q", "ok", NULL };
	r = proc_run(grep, &inherit);
	CHECK(r.status == 0, "inherited output with input: grep -q finds it (status %d)", r.status);

	ProcOptions nodir = { .output = PROC_CAPTURE, .dir = "/lockspin-no-such-dir" };
	r = proc_run(pwd, &nodir);
	CHECK(r.status == 126 && !r.exec_failed && strstr(r.output, "/lockspin-no-such-dir"),
	      "a missing directory: status 126, named: '%s' %d", r.output, r.status);

	ProcOptions named = { .output = PROC_DISCARD, .phase = "native-build" };
	char *t[] = { "true", NULL };
	proc_run(t, &named);
	char *log = read_file(phases, NULL);
	int lines = 0;
	for (const char *q = log; q && (q = strchr(q, '\n')); q++)
		lines++;
	CHECK(log && !strncmp(log, "sh\t", 3) && strstr(log, "\nsleep\t1.") && strstr(log, "\nnative-build\t") &&
	      lines == 6, "$LOCKSPIN_PHASES: one line per run that started, named by phase or program: '%s'", log ? log : "(none)");
	unlink(phases);
	return TEST_SUMMARY();
}
