/* test.h - a tiny assert header: RUN(t) prints "ok t" or "FAIL t", and
 * TEST_DONE() the "N passed, N failed" line and the exit status. */
#ifndef LS_TEST_H
#define LS_TEST_H

#include <stdbool.h>
#include <stdio.h>

static int test_pass, test_fail;
static bool test_ok;

#define CHECK(cond)                                                                        \
	do {                                                                               \
		if (!(cond)) {                                                             \
			test_ok = false;                                                   \
			fprintf(stderr, "  %s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
		}                                                                          \
	} while (0)

#define RUN(fn)                                                        \
	do {                                                           \
		test_ok = true;                                        \
		fn();                                                  \
		printf("%s %s\n", test_ok ? "ok" : "FAIL", #fn);      \
		fflush(stdout);                                        \
		if (test_ok)                                           \
			test_pass++;                                   \
		else                                                   \
			test_fail++;                                   \
	} while (0)

#define TEST_DONE() (printf("%d passed, %d failed\n", test_pass, test_fail), test_fail ? 1 : 0)

#endif
