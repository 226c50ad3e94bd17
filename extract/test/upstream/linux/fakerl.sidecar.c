/* fakerl.sidecar.c - the side-car of lib/fakerl.c over the fake Linux tree
 * (167-linux-headers.sh): the tree's inline ratelimit helpers are
 * lockspin's model steps, not ignored calls */
#include "lockspin-sidecar.h"

LS_VARIANT(miss_ok, "", "ok", "two misses, then the report takes both");

static void t_report(void *arg)
{
	int missed;

	(void)arg;
	fakerl_miss();
	fakerl_miss();
	missed = fakerl_report();
	ls_assert(missed == 2);
}

LS_SCENARIO
{
	ls_thread(t_report, NULL);
}
