/* _Generic whose selected value is not a constant: rejected. */
#include "lockspin.h"

static ls_mutex_t m;
static int x LS_STATE LS_RANGE(0, 1);

static void t1(void *arg)
{
	(void)arg;
	if (_Generic(x, int: x, default: 0))
		ls_mutex_lock(&m);
}

LS_SCENARIO
{
	ls_thread(t1, NULL);
}
