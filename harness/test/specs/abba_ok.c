/* abba_ok.c - the ok twin of abba.c: both threads take a then b. */
#include "lockspin.h"

static ls_mutex_t a, b;

static void t_ab(void *arg)
{
	(void)arg;
	ls_mutex_lock(&a);
	ls_mutex_lock(&b);
	ls_mutex_unlock(&b);
	ls_mutex_unlock(&a);
}

LS_SCENARIO
{
	ls_thread(t_ab, NULL);
	ls_thread(t_ab, NULL);
}
