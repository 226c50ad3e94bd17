/* A lock operation no execution reaches: verdict ok, with an unreached-code
 * warning.  `check --strict` must fail on it (exit 4); plain `check` passes. */
#include "lockspin.h"

static ls_mutex_t a;
static bool never LS_STATE;

static void t1(void *arg)
{
	(void)arg;
	if (never) {
		ls_mutex_lock(&a);
		ls_mutex_unlock(&a);
	}
}

LS_SCENARIO
{
	ls_thread(t1, NULL);
}
