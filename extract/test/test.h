/* test.h - a tiny assert header: one line per check, then a summary. */
#ifndef LS_TEST_H
#define LS_TEST_H
#include <stdio.h>

static int test_passed, test_failed;

#define CHECK(cond, ...) \
	do { \
		if (cond) { \
			test_passed++; \
			printf("ok   "); \
		} else { \
			test_failed++; \
			printf("FAIL %s:%d: (%s) ", __FILE__, __LINE__, #cond); \
		} \
		printf(__VA_ARGS__); \
		printf("\n"); \
	} while (0)

#define TEST_SUMMARY() \
	(printf("%d passed, %d failed\n", test_passed, test_failed), test_failed ? 1 : 0)
#endif
