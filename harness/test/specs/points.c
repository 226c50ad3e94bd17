/* points.c - fine-grained scheduling points, written out by hand the way
 * `lockspin run --replay` instruments a spec: ls__point() before plain
 * statements over shared state.  t_fill sets busy in a loop and clears it
 * only at the end; t_check asserts !busy with no lock.  The schedules stop
 * t_fill between the two plain statements, which annotation points alone
 * cannot do (the assert would always see busy == 0). */
#include "lockspin.h"

static ls_mutex_t m;
static int busy LS_STATE;
static int seen;

static void t_fill(void *arg)
{
	int i = 0;
	(void)arg;
	ls__point(LS__HERE); while (i < 2) {
		ls__point(LS__HERE); busy = 1;
		i++;
	}
	ls_mutex_lock(&m);
	ls__point(LS__HERE); busy = 0;
	ls_mutex_unlock(&m);
}

static void t_check(void *arg)
{
	(void)arg;
	ls__point(LS__HERE); seen = busy;
	ls_assert(!busy);
}

void ls_registry(void)
{
	ls_register_lock(&m, LS_K_MUTEX, "m", "m", -1, NULL, 0, false);
}

LS_SCENARIO
{
	ls_thread(t_fill, NULL);
	ls_thread(t_check, NULL);
}
