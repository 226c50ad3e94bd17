/*
 * gpc_bench.c - reader throughput of the KVM gfn_to_pfn_cache under its two
 * refresh designs, on the lockspin runtime (spec/kvm_gpc_refresh.c has the
 * verdicts):
 *
 *   gpc_bench drop|hold off|ranks|full [seconds]
 *
 *   drop  v6.9 as merged: the refresher holds refresh_lock, marks the cache
 *         invalid and drops gpc->lock while it "maps" (hva_to_pfn() and
 *         memremap()), then retakes it to publish khva and valid
 *   hold  Woodhouse's rework: the write lock is held across the mapping
 *
 * Two readers loop on the kvm_xen_set_evtchn_fast() pattern: read_lock,
 * check valid, read through khva, read_unlock, then READER_WORK loop steps
 * outside the lock.  One refresher loops:
 * refresh (mapping costs MAP_NS of busy work), then sleeps IDLE_NS outside
 * any lock.  Prints "reads R hits H refreshes F seconds S".
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "lockspin.h"
#include "rt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAP_NS 2000
#define IDLE_NS 20000
#define READERS 2
#define READER_WORK 32

struct gfn_to_pfn_cache {
	ls_rwlock_t lock;
	ls_mutex_t refresh_lock;
	bool valid;
	unsigned long *khva;
};

static struct gfn_to_pfn_cache gpc;
static unsigned long pages[2][64];
static bool hold_design;
static int stop;
static unsigned long reads[READERS], hits[READERS], refreshes;

static double now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static void busy(double ns)
{
	double end = now_ns() + ns;
	while (now_ns() < end)
		;
}

static void *reader(void *p)
{
	long id = (long)p;
	unsigned long r = 0, h = 0, sum = 0;
	while (!__atomic_load_n(&stop, __ATOMIC_RELAXED)) {
		ls_read_lock(&gpc.lock);
		if (gpc.valid) {
			sum += gpc.khva[0];
			h++;
		}
		ls_read_unlock(&gpc.lock);
		r++;
		/* the rest of event delivery, outside the lock: a writer gets a
		 * gap (rwlock_t readers do not wait for a waiting writer) */
		for (volatile int i = 0; i < READER_WORK; i++)
			;
	}
	reads[id] = r;
	hits[id] = h + (sum & 0); /* keep the load */
	return NULL;
}

static void refresh_drop(unsigned long *newp)
{
	ls_mutex_lock(&gpc.refresh_lock);
	ls_write_lock(&gpc.lock);
	gpc.valid = false;              /* hva_to_pfn_retry() */
	ls_write_unlock(&gpc.lock);
	busy(MAP_NS);                   /* hva_to_pfn() + memremap(), unlocked */
	ls_write_lock(&gpc.lock);
	gpc.khva = newp;
	gpc.valid = true;
	ls_write_unlock(&gpc.lock);
	ls_mutex_unlock(&gpc.refresh_lock);
}

static void refresh_hold(unsigned long *newp)
{
	ls_write_lock(&gpc.lock);
	gpc.valid = false;
	busy(MAP_NS);                   /* mapping with gpc->lock held for write */
	gpc.khva = newp;
	gpc.valid = true;
	ls_write_unlock(&gpc.lock);
}

static void *refresher(void *p)
{
	(void)p;
	unsigned long n = 0;
	while (!__atomic_load_n(&stop, __ATOMIC_RELAXED)) {
		if (hold_design)
			refresh_hold(pages[n & 1]);
		else
			refresh_drop(pages[n & 1]);
		n++;
		/* the vCPU runs on: sleep, so that on a small machine the readers
		 * are not measuring the scheduler */
		struct timespec ts = { 0, IDLE_NS };
		nanosleep(&ts, NULL);
	}
	refreshes = n;
	return NULL;
}

int main(int argc, char **argv)
{
	if (argc < 3 || (strcmp(argv[1], "drop") && strcmp(argv[1], "hold")) || val_set_mode(argv[2])) {
		fprintf(stderr, "usage: gpc_bench drop|hold off|ranks|full [seconds]\n");
		return 2;
	}
	hold_design = !strcmp(argv[1], "hold");
	double secs = argc > 3 ? atof(argv[3]) : 1.0;
	ls_register_lock(&gpc.lock, LS_K_RWLOCK, "gfn_to_pfn_cache.lock", "gpc.lock", -1, NULL, 0, false);
	ls_register_lock(&gpc.refresh_lock, LS_K_MUTEX, "gfn_to_pfn_cache.refresh_lock", "gpc.refresh_lock",
			 -1, NULL, 0, false);
	gpc.khva = pages[0];
	gpc.valid = true;
	pthread_t pt[READERS + 1];
	for (long i = 0; i < READERS; i++)
		pthread_create(&pt[i], NULL, reader, (void *)i);
	pthread_create(&pt[READERS], NULL, refresher, NULL);
	double t0 = now_ns();
	struct timespec ts = { (time_t)secs, (long)((secs - (long)secs) * 1e9) };
	nanosleep(&ts, NULL);
	__atomic_store_n(&stop, 1, __ATOMIC_RELAXED);
	for (int i = 0; i <= READERS; i++)
		pthread_join(pt[i], NULL);
	double el = (now_ns() - t0) / 1e9;
	unsigned long r = 0, h = 0;
	for (int i = 0; i < READERS; i++)
		r += reads[i], h += hits[i];
	printf("reads %lu hits %lu refreshes %lu seconds %.3f reports %u\n", r, h, refreshes, el, val_nreports());
	return 0;
}
