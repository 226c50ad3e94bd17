/*
 * div_zero.c - a division and a remainder by a modelled value that can be 0.
 *
 * share = total / users and slot = total % users, with users the
 * modelled number of users.  In the bad variants a thread divides before
 * anybody joined (users is 0): pan itself then died of SIGFPE, so lockspin
 * lost the rest of the file.  Now the divisor is checked first and the
 * division is a `division-by-zero` violation with a trace; the ok twin
 * guards the division with `users != 0`, a check the model keeps under the
 * short-circuit (no false alarm).
 *
 *  Possible unsafe scenario (bad):
 *
 *        t1                    t2
 *        ----                  ----
 *                              lock(l);
 *                              share = total / users;   users is 0
 */
#include "lockspin.h"

LS_VARIANT(bad_div, "BAD_DIV", "division-by-zero", "divides before users is set");
LS_VARIANT(bad_mod, "BAD_MOD", "division-by-zero", "takes the remainder before users is set");
LS_VARIANT(ok, "", "ok", "divides only when users is not 0");

static ls_mutex_t l;
static int users LS_STATE LS_RANGE(0, 2);
static int total LS_STATE LS_RANGE(0, 4);
static int share LS_STATE LS_RANGE(0, 4);

static void join(void *arg)
{
	(void)arg;
	ls_mutex_lock(&l);
	users++;
	ls_mutex_unlock(&l);
}

static void split(void *arg)
{
	(void)arg;
	ls_mutex_lock(&l);
#if defined(BAD_DIV)
	share = total / users;
#elif defined(BAD_MOD)
	share = total % users;
#else
	share = users != 0 && total / users > 1 ? 1 : 0;
#endif
	ls_mutex_unlock(&l);
}

LS_SCENARIO
{
	users = 0;
	total = 4;
	share = 0;
	ls_thread(join, NULL);
	ls_thread(split, NULL);
}
