/* A label address and a computed goto: rejected, each at its place. */
#include "lockspin.h"

static ls_mutex_t m;

static void t1(void *arg)
{
	void *next = &&unlock;

	(void)arg;
	ls_mutex_lock(&m);
	goto *next;
unlock:
	ls_mutex_unlock(&m);
}

LS_SCENARIO
{
	ls_thread(t1, NULL);
}
