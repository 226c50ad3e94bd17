/* LS_STATE on a function-scope static is rejected by name, not read as untracked */
#include "lockspin.h"
static ls_mutex_t m;
static void t(void *a)
{
	static bool done LS_STATE;
	(void)a;
	ls_mutex_lock(&m);
	if (!done)
		done = true;
	ls_mutex_unlock(&m);
}
LS_SCENARIO { ls_thread(t, NULL); ls_thread(t, NULL); }
