/*
 * array_bounds.c - an index outside the array.
 *
 * slot[] has 4 entries; a thread computes its index from the modelled
 * counter next.  In the bad variants the index is next - 1 with next still
 * 0 (index -1: before the run-time check this read slot 0 of the phantom
 * NULL object in the model, no error), or next + 4 (past the end: pan
 * stopped with "invalid array index", which lockspin decoded as "deadlock:
 * no thread can move").  Both are an `out-of-bounds` violation with a trace;
 * the ok twin indexes inside 0..3.
 *
 *  Possible unsafe scenario (bad):
 *
 *        t1
 *        ----
 *   lock(l);
 *   slot[next - 1] = 1;     next is 0: index -1
 */
#include "lockspin.h"

LS_VARIANT(below, "BELOW", "out-of-bounds", "index next - 1 while next is 0");
LS_VARIANT(past, "PAST", "out-of-bounds", "index next + 4 in an array of 4");
LS_VARIANT(ok, "", "ok", "index next, which stays in 0..3");

static ls_mutex_t l;
static int next LS_STATE LS_RANGE(0, 3);
static int slot[4] LS_STATE LS_RANGE(0, 1);

static void fill(void *arg)
{
	(void)arg;
	ls_mutex_lock(&l);
#if defined(BELOW)
	slot[next - 1] = 1;
#elif defined(PAST)
	slot[next + 4] = 1;
#else
	slot[next] = 1;
#endif
	if (next < 3)
		next++;
	ls_mutex_unlock(&l);
}

LS_SCENARIO
{
	next = 0;
	ls_thread(fill, NULL);
	ls_thread(fill, NULL);
}
