/*
 * class_merge.c - LS_CLASS puts two declarations in one lock class.
 *
 * lockdep keys a class by its name, not by its declaration: a port's lock
 * and the global bus lock are both in class "io".  t1 takes io then cfg,
 * t2 takes cfg then io (another lock of it).  No two threads take the same
 * two locks in opposite orders, so no execution deadlocks, but the class
 * order io -> cfg -> io is a cycle: lockdep's "possible circular locking
 * dependency", a potential deadlock as soon as the two io locks are the
 * same one (ports[0].lock handed where bus is meant).
 *
 *        t1                   t2
 *        ----                 ----
 *   lock(ports[0].lock);
 *                        lock(cfg);
 *   lock(cfg);
 *                        lock(bus);       class io again: io -> cfg -> io
 *
 * The ok twin: t2 takes bus before cfg, so both follow io < cfg.
 */
#include "lockspin.h"

LS_VARIANT(bad, "BAD", "potential-deadlock",
	   "t1 takes io (ports[0].lock) then cfg, t2 cfg then io (bus): a class cycle io -> cfg -> io");
LS_VARIANT(ok, "", "ok", "t2 takes bus then cfg: both threads follow io < cfg");

struct port {
	ls_mutex_t lock LS_CLASS("io");
	bool up LS_STATE;
};

static struct port ports[1];
static ls_mutex_t bus LS_CLASS("io");
static ls_mutex_t cfg;

static void t1(void *arg)
{
	(void)arg;
	ls_mutex_lock(&ports[0].lock);
	ls_mutex_lock(&cfg);
	ports[0].up = true;
	ls_mutex_unlock(&cfg);
	ls_mutex_unlock(&ports[0].lock);
}

static void t2(void *arg)
{
	(void)arg;
#ifdef BAD
	ls_mutex_lock(&cfg);
	ls_mutex_lock(&bus);	/* cfg -> io closes the class cycle */
#else
	ls_mutex_lock(&bus);
	ls_mutex_lock(&cfg);
#endif
	ls_mutex_unlock(&bus);
	ls_mutex_unlock(&cfg);
}

LS_SCENARIO
{
	ls_thread(t1, NULL);
	ls_thread(t2, NULL);
}
