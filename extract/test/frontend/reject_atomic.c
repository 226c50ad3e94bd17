/* An __atomic builtin: memory semantics the model does not have. */
#include "lockspin.h"

static ls_mutex_t m;
static int flag;

static void t1(void *arg)
{
	(void)arg;
	if (__atomic_load_n(&flag, __ATOMIC_ACQUIRE))
		ls_mutex_lock(&m);
}

LS_SCENARIO
{
	ls_thread(t1, NULL);
}
