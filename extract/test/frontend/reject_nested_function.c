/* A GNU nested function: libclang does not parse them, so neither does
 * lockspin (the compiler's own error, exit 2). */
#include "lockspin.h"

static ls_mutex_t m;

static void t1(void *arg)
{
	void helper(void) { ls_mutex_lock(&m); }

	(void)arg;
	helper();
}

LS_SCENARIO
{
	ls_thread(t1, NULL);
}
