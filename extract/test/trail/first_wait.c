/* A deadlock in which one thread never moved: waiter's first statement is
 * the acquisition it waits at, and the model prints that acquisition's tag
 * only after its guard (promela.c), so the trail has no step of waiter's.
 * The deadlock must still name it (PmlMap.first_lock). */
#include "lockspin.h"

LS_VARIANT(bad, "", "deadlock", "ABBA, and a third thread waiting for a at its first statement");

static ls_mutex_t a, b;

static void ab(void *arg)
{
	(void)arg;
	ls_mutex_lock(&a);
	ls_mutex_lock(&b);
	ls_mutex_unlock(&b);
	ls_mutex_unlock(&a);
}

static void ba(void *arg)
{
	(void)arg;
	ls_mutex_lock(&b);
	ls_mutex_lock(&a);
	ls_mutex_unlock(&a);
	ls_mutex_unlock(&b);
}

static void waiter(void *arg)
{
	(void)arg;
	ls_mutex_lock(&a);
	ls_mutex_unlock(&a);
}

LS_SCENARIO
{
	ls_thread(ab, NULL);
	ls_thread(ba, NULL);
	ls_thread(waiter, NULL);
}
