/*
 * fuzz_frontend.c - libFuzzer target: the front end on random C, as
 * `lockspin --list` and `--dump=ir|pml` run it.
 *
 * The input is written to a .c file and the front end runs in a child
 * process: on bad input it reports and exits (2, or 3 for a tool failure),
 * which is its contract, not a crash.  A crash is anything else: a signal
 * (BUG() aborts) or a sanitizer report (exit 1); the parent then aborts so
 * that libFuzzer keeps the input.  A child that runs longer than 20 s is a
 * hang (libFuzzer's -timeout).
 *
 * Coverage flows back from the child: at its exit it copies its inline 8-bit
 * counters (which libFuzzer reads after each input) into a shared mapping,
 * and the parent merges them into its own.  Without that, libFuzzer sees no
 * input add coverage, shrinks the seed corpus (the specs) to a byte or two
 * at once and fuzzes from there.
 */
#include "stages.h"

#include <errno.h>
#include <sanitizer/lsan_interface.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
void __wrap_exit(int code);

/* The counters regions libFuzzer reads, as the instrumented objects' module
 * constructors register them (linked with
 * -Wl,--wrap=__sanitizer_cov_8bit_counters_init: naming the section's
 * __start_/__stop_ symbols here would clash with the ones the coverage pass
 * declares in this file).  A static link has one region; a few are kept. */
#define COV_MAX_REGIONS 8
static struct {
	uint8_t *start;
	size_t size;
	uint8_t *child;   /* the child's counters at its exit, shared with the parent */
} cov[COV_MAX_REGIONS];
static int ncov;

void __real___sanitizer_cov_8bit_counters_init(uint8_t *start, uint8_t *stop);
void __wrap___sanitizer_cov_8bit_counters_init(uint8_t *start, uint8_t *stop);

void __wrap___sanitizer_cov_8bit_counters_init(uint8_t *start, uint8_t *stop)
{
	int known = 0;
	for (int i = 0; i < ncov; i++)
		known |= cov[i].start == start;
	if (!known && start < stop && ncov < COV_MAX_REGIONS) {
		void *m = mmap(NULL, (size_t)(stop - start), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
		if (m == MAP_FAILED)
			abort();
		cov[ncov].start = start;
		cov[ncov].size = (size_t)(stop - start);
		cov[ncov].child = m;
		ncov++;
	}
	__real___sanitizer_cov_8bit_counters_init(start, stop);
}

/* In the child, at its exit. */
static void cov_save(void)
{
	for (int i = 0; i < ncov; i++)
		memcpy(cov[i].child, cov[i].start, cov[i].size);
}

/* In the parent, before the fork: nothing saved yet. */
static void cov_clear(void)
{
	for (int i = 0; i < ncov; i++)
		memset(cov[i].child, 0, cov[i].size);
}

/* In the parent, after the child ended: a counter keeps the larger count. */
static void cov_merge(void)
{
	for (int i = 0; i < ncov; i++)
		for (size_t k = 0; k < cov[i].size; k++)
			if (cov[i].child[k] > cov[i].start[k])
				cov[i].start[k] = cov[i].child[k];
}

/* Linked with -Wl,--wrap=exit: the child is a fork of the fuzzer, whose
 * atexit handler would report any exit() of the front end ("fuzz target
 * exited").  The front end's exits (2 bad input, 3 tool failure) end the
 * child without it. */
void __wrap_exit(int code)
{
	fflush(NULL);
	cov_save();
	_exit(code);
}

/* The variant list, then one variant lowered and emitted: the one the
 * input's length picks, so that an input always runs the same variant (a
 * crash reproduces) and each input costs two parses, not one per variant. */
static void frontend_once(const char *path, size_t size)
{
	int nv = 0;
	IrVariant *vs = frontend_variants(path, NULL, 0, &nv);
	if (!vs || nv <= 0)
		return;
	IrProgram *p = frontend_extract(path, &vs[size % (size_t)nv], NULL, 0);
	if (!p)
		return;
	StrBuf sb;
	sb_init(&sb);
	pml_emit(p, &sb);
	sb_release(&sb);
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
	cov_clear();
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0)
		abort();
	if (pid == 0) {
		if (!getenv("FUZZ_VERBOSE") && (!freopen("/dev/null", "w", stderr) || !freopen("/dev/null", "w", stdout)))
			_exit(3);
		/* the arena is freed by exit, by design: not a leak */
		__lsan_disable();
		frontend_once(path, size);
		__wrap_exit(0);
	}
	int st;
	pid_t w;
	while ((w = waitpid(pid, &st, 0)) < 0 && errno == EINTR)
		; /* libFuzzer's timer signals */
	if (w != pid)
		abort();
	cov_merge();
	if (WIFSIGNALED(st) || (WIFEXITED(st) && WEXITSTATUS(st) != 0 && WEXITSTATUS(st) != 2 &&
				WEXITSTATUS(st) != 3)) {
		fprintf(stderr, "fuzz_frontend: the front end crashed (%s %d) on this input\n",
			WIFSIGNALED(st) ? "signal" : "exit", WIFSIGNALED(st) ? WTERMSIG(st) : WEXITSTATUS(st));
		abort();
	}
	return 0;
}
