#include "lockspin.h"
/* an atomic operation in an assertion's condition, and an atomic
 * annotation lockspin does not know */
long my_fetch_nand(volatile void *p, long v) __attribute__((annotate("lockspin:op atomic fetch_nand")));
int x LS_STATE LS_RANGE(0, 3);

static void t(void)
{
	ls_assert(ls_atomic_fetch_add(&x, 1) == 0);
	my_fetch_nand(&x, 1);
}

LS_SCENARIO
{
	ls_thread(t, NULL);
}
