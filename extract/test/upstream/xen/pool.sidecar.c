/*
 * pool.sidecar.c - the side-car of common/pool.c over the fake Xen tree
 * (extract/test/t/165-upstream.sh): the only file that names lockspin.
 */
#include "lockspin-sidecar.h"

LS_VARIANT(bad, "", "deadlock", "pool_grab() takes lock then map, pool_remap() map then lock");
LS_VARIANT(ordered, "ORDERED", "ok", "both in pool_grab()'s order");
LS_VARIANT(flush, "FLUSH", "ok", "reaches the inline asm of pool_flush_cache(): an error at its line");

LS_FIELD(struct pool, busy, LS_STATE LS_RANGE(0, 2));
LS_PER_CPU(nr_grabs, LS_STATE LS_RANGE(0, 1));

static void t_grab(void *arg)
{
	(void)arg;
	pool_grab(&pools[0], &pools[1]);
}

static void t_remap(void *arg)
{
	(void)arg;
#if defined(ORDERED)
	pool_grab(&pools[0], &pools[1]);
#elif defined(FLUSH)
	pool_reset(&pools[1]);
#else
	pool_remap(&pools[1], &pools[0]);
#endif
}

LS_SCENARIO
{
	ls_thread(t_grab, NULL);
	ls_thread(t_remap, NULL);
}
