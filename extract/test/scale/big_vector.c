/* extract/test/scale/big_vector.c - one thread whose state vector (320 ints)
 * is past pan's default VECTORSZ of 1024 bytes: 125-swarm and 170-scale
 * check that pan is built with the size the model needs. */
#include "lockspin.h"
LS_VARIANT(ok, "", "ok", "a state vector larger than pan's default VECTORSZ");
static ls_mutex_t m;
static int big[320] LS_STATE LS_RANGE(0, 70000);
static void t(void *arg)
{
	(void)arg;
	ls_mutex_lock(&m);
	big[319] = big[319] + 70000;
	ls_assert(big[319] == 70000);
	ls_mutex_unlock(&m);
}
LS_SCENARIO
{
	ls_thread(t, NULL);
}
