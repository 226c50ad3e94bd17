/* abba.c - two threads take a and b in opposite orders: a real deadlock
 * when they interleave, a potential deadlock (order inversion) always. */
#include "lockspin.h"

struct pair {
	ls_mutex_t a;
	ls_mutex_t b;
};
static struct pair p0;

static void t_ab(void *arg)
{
	struct pair *p = arg;
	ls_mutex_lock(&p->a);
	ls_mutex_lock(&p->b);
	ls_mutex_unlock(&p->b);
	ls_mutex_unlock(&p->a);
}

static void t_ba(void *arg)
{
	struct pair *p = arg;
	ls_mutex_lock(&p->b);
	ls_mutex_lock(&p->a);
	ls_mutex_unlock(&p->a);
	ls_mutex_unlock(&p->b);
}

void ls_registry(void)
{
	ls_register_lock(&p0.a, LS_K_MUTEX, "pair.a", "p0.a", -1, NULL, 0, false);
	ls_register_lock(&p0.b, LS_K_MUTEX, "pair.b", "p0.b", -1, NULL, 0, false);
}

LS_SCENARIO
{
	ls_thread(t_ab, &p0);
	ls_thread(t_ba, &p0);
}
