/* a lock-pointer local re-pointed under a condition: the message names the value */
#include "lockspin.h"
static ls_mutex_t a, b;
static int x;
static void t(void *arg)
{
	ls_mutex_t *l = &a;
	(void)arg;
	if (x)
		l = &b;
	ls_mutex_lock(l);
	ls_mutex_unlock(l);
}
LS_SCENARIO { ls_thread(t, NULL); }
