/*
 * fuzz_frontend.c - libFuzzer target: the front end on random C, as
 * `lockspin --list` and `--dump=ir|pml` run it.
 *
 * The input is written to a .c file and the front end runs in a child
 * process: on bad input it reports and exits (2, or 3 for a tool failure),
 * which is its contract, not a crash.  A crash is anything else: a signal
 * (BUG() aborts) or a sanitizer report (exit 1); the parent then aborts so
 * that libFuzzer keeps the input.  Coverage does not flow back from the
 * child, so this target mutates its corpus (the specs) blindly.  A child
 * that runs longer than 20 s is a hang (libFuzzer's -timeout).
 */
#include "stages.h"

#include <errno.h>
#include <sanitizer/lsan_interface.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
void __wrap_exit(int code);

/* Linked with -Wl,--wrap=exit: the child is a fork of the fuzzer, whose
 * atexit handler would report any exit() of the front end ("fuzz target
 * exited").  The front end's exits (2 bad input, 3 tool failure) end the
 * child without it. */
void __wrap_exit(int code)
{
	fflush(NULL);
	_exit(code);
}

static void frontend_once(const char *path)
{
	int nv = 0;
	IrVariant *vs = frontend_variants(path, NULL, 0, &nv);
	for (int i = 0; vs && i < nv && i < 8; i++) {
		IrProgram *p = frontend_extract(path, &vs[i], NULL, 0);
		if (!p)
			continue;
		StrBuf sb;
		sb_init(&sb);
		pml_emit(p, &sb);
		sb_release(&sb);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char path[64];
	if (!path[0])
		snprintf(path, sizeof path, "/tmp/lockspin-fuzz-fe.%d.c", (int)getpid());
	FILE *f = fopen(path, "w");
	if (!f)
		abort();
	fwrite(data, 1, size, f);
	fclose(f);
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0)
		abort();
	if (pid == 0) {
		if (!getenv("FUZZ_VERBOSE") && (!freopen("/dev/null", "w", stderr) || !freopen("/dev/null", "w", stdout)))
			_exit(3);
		/* the arena is freed by exit, by design: not a leak */
		__lsan_disable();
		frontend_once(path);
		__wrap_exit(0);
	}
	int st;
	pid_t w;
	while ((w = waitpid(pid, &st, 0)) < 0 && errno == EINTR)
		; /* libFuzzer's timer signals */
	if (w != pid)
		abort();
	if (WIFSIGNALED(st) || (WIFEXITED(st) && WEXITSTATUS(st) != 0 && WEXITSTATUS(st) != 2 &&
				WEXITSTATUS(st) != 3)) {
		fprintf(stderr, "fuzz_frontend: the front end crashed (%s %d) on this input\n",
			WIFSIGNALED(st) ? "signal" : "exit", WIFSIGNALED(st) ? WTERMSIG(st) : WEXITSTATUS(st));
		abort();
	}
	return 0;
}
