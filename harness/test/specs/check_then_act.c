/* check_then_act.c - a setter drops and retakes the lock between two
 * updates; a checker that takes the lock in between sees the half state. */
#include "lockspin.h"

static ls_spinlock_t lk;
static int busy LS_STATE;

static void t_set(void *arg)
{
	(void)arg;
	ls_spin_lock(&lk);
	busy = 1;
	ls_spin_unlock(&lk);
	ls_spin_lock(&lk);
	busy = 0;
	ls_spin_unlock(&lk);
}

static void t_check(void *arg)
{
	(void)arg;
	ls_spin_lock(&lk);
	ls_assert(busy == 0);
	ls_spin_unlock(&lk);
}

void ls_registry(void)
{
	ls_register_lock(&lk, LS_K_SPIN, "lk", "lk", -1, NULL, 0, false);
}

LS_SCENARIO
{
	ls_thread(t_set, NULL);
	ls_thread(t_check, NULL);
}
