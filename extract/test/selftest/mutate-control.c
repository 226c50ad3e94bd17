/*
 * mutate-control.c - the mutation suite's negative control (090-mutation.sh).
 *
 * A spec too weak for one of its mutants: n is written under m, but no
 * assertion reads n, so moving the unlock before `n = 1` (unlock-earlier)
 * survives.  The suite must fail on it, unless the mutant is listed as
 * equivalent, and must fail when the listing is a TEMP entry.
 */
#include "lockspin.h"

LS_VARIANT(ok, "", "ok", "n is written under m, but nothing asserts it");

static ls_mutex_t m;
static int n LS_STATE LS_RANGE(0, 1);

static void t(void *arg)
{
	(void)arg;
	ls_mutex_lock(&m);
	n = 1;
	ls_mutex_unlock(&m);
}

LS_SCENARIO
{
	ls_thread(t, NULL);
	ls_thread(t, NULL);
}
