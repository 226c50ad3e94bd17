#include "lockspin.h"
/* the atomic read-modify-write primitives as the IR has them: each read
 * marked atomic is one step with the store after it (and the store's
 * range check); the operands and the object's index are read before, each
 * a step of its own; on a C local the plain read and store */
struct ctr {
	int v LS_STATE LS_RANGE(0, 3);
	unsigned long bits LS_STATE LS_RANGE(0, 7);
	int slot[2] LS_STATE LS_RANGE(0, 1);
	int i LS_STATE LS_RANGE(0, 1);
	int got LS_STATE LS_RANGE(0, 3);
};
static struct ctr c0;

static void user(void *arg)
{
	struct ctr *c = arg;
	int local = 1;

	int old = ls_atomic_fetch_add(&c->v, 1);
	ls_atomic_fetch_or(&c->bits, 2);
	ls_atomic_fetch_and(&c->bits, ~1UL);
	ls_atomic_fetch_xor(&c->bits, 4);
	c->got = ls_atomic_xchg(&c->v, old);
	if (ls_atomic_cmpxchg(&c->slot[c->i], 0, 1) == 0)
		ls_atomic_store(&c->i, ls_atomic_load(&c->v) > 1);
	ls_atomic_fetch_add(&c->v, c->got);
	ls_atomic_fetch_add(&local, 2);
	ls_assert(local == 3);
}

LS_SCENARIO
{
	ls_thread(user, &c0);
}
