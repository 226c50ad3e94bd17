/*
 * range_overflow.c - a store that leaves the declared LS_RANGE.
 *
 * credits is declared 0..255 (a Promela byte) and flag 0..1 (a Promela
 * bit).  Each thread adds to credits and sets flag under the lock.  In the
 * bad variant the sum passes 255 (258) and flag is given 2: before the
 * run-time range check, pan stored 258 as 2 and 2 as 0 (flag, as a bit,
 * then diverged from spin's replay and was reported as a deadlock).  Both
 * are an `out-of-range` violation at the store, with a trace; the ok twin
 * stays inside the ranges.
 *
 *  Possible unsafe scenario (bad):
 *
 *        t1                    t2
 *        ----                  ----
 *   lock(l);
 *   credits += 129;   (129)
 *   unlock(l);
 *                              lock(l);
 *                              credits += 129;   258 > 255: out of range
 */
#include "lockspin.h"

LS_VARIANT(bad, "BAD", "out-of-range", "two grants of 129 credits pass the declared 255");
LS_VARIANT(badbit, "BADBIT", "out-of-range", "a flag declared 0..1 is set to 2");
LS_VARIANT(ok, "", "ok", "two grants of 100 credits stay within 0..255");

static ls_mutex_t l;
static int credits LS_STATE LS_RANGE(0, 255);
static int flag LS_STATE LS_RANGE(0, 1);

static void grant(void *arg)
{
	(void)arg;
	ls_mutex_lock(&l);
#ifdef BAD
	credits += 129;
#else
	credits += 100;
#endif
#ifdef BADBIT
	flag = 2;
#else
	flag = 1;
#endif
	ls_mutex_unlock(&l);
}

LS_SCENARIO
{
	credits = 0;
	flag = 0;
	ls_thread(grant, NULL);
	ls_thread(grant, NULL);
}
