/* lockbench.c - ns per uncontended lock+unlock pair, median of 5 runs of
 * 20M pairs:
 *   cc -O2 -Iharness harness/bench/lockbench.c harness/runtime.c \
 *      harness/validator.c harness/replay.c -lpthread -o lockbench && ./lockbench
 * "+1 held" runs the pair with another lock already held, so the class
 * graph looks up the (outer, inner) pair on every acquisition. */
#define _GNU_SOURCE
#include "../rt.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define PAIRS 20000000L
#define RUNS 5

static pthread_mutex_t pm = PTHREAD_MUTEX_INITIALIZER;
static ls_mutex_t m, outer;

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double bench(int which)
{
	double r[RUNS];
	for (int k = 0; k < RUNS; k++) {
		double t0 = now();
		if (which == 0) {
			for (long i = 0; i < PAIRS; i++) {
				pthread_mutex_lock(&pm);
				pthread_mutex_unlock(&pm);
			}
		} else {
			for (long i = 0; i < PAIRS; i++) {
				ls_mutex_lock(&m);
				ls_mutex_unlock(&m);
			}
		}
		r[k] = (now() - t0) / PAIRS;
	}
	qsort(r, RUNS, sizeof r[0], cmp);
	return r[RUNS / 2];
}

int main(void)
{
	ls_register_lock(&m, LS_K_MUTEX, "bench.m", "m", 16, NULL, 0, false);
	ls_register_lock(&outer, LS_K_MUTEX, "bench.outer", "outer", 8, NULL, 0, false);
	double base = bench(0);
	printf("%-44s %8s %8s\n", "case", "ns/pair", "added");
	printf("%-44s %8.2f %8s\n", "bare pthread_mutex", base, "-");
	static const char *const modes[] = { "off", "ranks", "full" };
	static const char *const labels[] = { "validator off", "ranks only", "ranks + class graph (full)" };
	for (int held = 0; held < 2; held++) {
		if (held)
			ls_mutex_lock(&outer);
		for (int i = 0; i < 3; i++) {
			char name[64];
			val_set_mode(modes[i]);
			double v = bench(1);
			snprintf(name, sizeof name, "lockspin %s%s", labels[i], held ? ", +1 held" : "");
			printf("%-44s %8.2f %+8.2f\n", name, v, v - base);
		}
		if (held)
			ls_mutex_unlock(&outer);
	}
	return 0;
}
