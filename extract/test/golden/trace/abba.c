/* ABBA: two threads take a and b in opposite orders (trace_test input). */
#include "lockspin.h"

static ls_mutex_t a, b;
LS_STATE static int count;

static void thread_ab(void *arg)
{
	ls_mutex_lock(&a);
	count++;
	ls_mutex_lock(&b);
	ls_mutex_unlock(&b);
	ls_mutex_unlock(&a);
}

static void thread_ba(void *arg)
{
	ls_mutex_lock(&b);
	if (count > 0)
		ls_mutex_lock(&a);
	ls_mutex_unlock(&a);
	ls_mutex_unlock(&b);
}

LS_SCENARIO
{
	ls_thread(thread_ab, NULL);
	ls_thread(thread_ba, NULL);
}
