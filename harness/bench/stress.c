/*
 * stress.c - the bench's stress driver: run a spec's scenario threads one
 * after another, each calling its function ROUNDS times, in one process.
 *
 *   stress ROUNDS [off|ranks|full]
 *
 * Sequential on purpose: an ABBA spec then has its inversion in every run
 * but never deadlocks for real, which is what lockdep-style detectors (the
 * validator, ThreadSanitizer's, Helgrind's) are for, and a tool run cannot
 * hang the bench.  Built two ways:
 *   -Iharness             the lockspin runtime (validator mode from argv)
 *   -Iharness/bench/shim  plain pthread locks, for TSan and Helgrind
 * Prints "rounds N threads T reports R" (R: lockspin reports, -1 in the
 * shim build, where the tool prints its own).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "lockspin.h"

#include <stdio.h>
#include <stdlib.h>

#ifdef LS_SHIM
ls__entry_fn ls_shim_fn[LS_SHIM_MAX_THREADS];
void *ls_shim_arg[LS_SHIM_MAX_THREADS];
int ls_shim_nthreads;
#else
#include "rt.h"
#endif

void ls_scenario(void);
__attribute__((weak)) void ls_registry(void) {}

static long rounds;

struct job {
	ls__entry_fn fn;
	void *arg;
};

static void *worker(void *p)
{
	struct job *j = p;
	for (long i = 0; i < rounds; i++)
		j->fn(j->arg);
	return NULL;
}

int main(int argc, char **argv)
{
	if (argc < 2 || (rounds = atol(argv[1])) < 1) {
		fprintf(stderr, "usage: stress ROUNDS [off|ranks|full]\n");
		return 2;
	}
	struct job jobs[64];
	int n = 0;
#ifdef LS_SHIM
	ls_scenario();
	for (; n < ls_shim_nthreads; n++)
		jobs[n] = (struct job){ ls_shim_fn[n], ls_shim_arg[n] };
#else
	if (argc > 2 && val_set_mode(argv[2])) {
		fprintf(stderr, "stress: bad validator mode '%s'\n", argv[2]);
		return 2;
	}
	ls_registry();
	ls_scenario();
	for (; n < rt_nthreads && n < 64; n++)
		jobs[n] = (struct job){ rt_threads[n].fn, rt_threads[n].arg };
	rt_nthreads = 0; /* the workers are adopted threads, not scenario slots */
#endif
	for (int i = 0; i < n; i++) {
		pthread_t pt;
		if (pthread_create(&pt, NULL, worker, &jobs[i]) || pthread_join(pt, NULL)) {
			fprintf(stderr, "stress: cannot run thread %d\n", i);
			return 3;
		}
	}
#ifdef LS_SHIM
	printf("rounds %ld threads %d reports -1\n", rounds, n);
#else
	printf("rounds %ld threads %d reports %u\n", rounds, n, val_nreports());
#endif
	return 0;
}
