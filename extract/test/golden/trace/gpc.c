/* A gfn_to_pfn_cache in miniature: refresh maps the page with the lock
 * dropped, deactivate unmaps it in that window. */
#include "lockspin.h"

static ls_rwlock_t gpc_lock;
LS_STATE static bool valid;
LS_STATE static bool mapped;

static void refresh(void *arg)
{
	ls_write_lock(&gpc_lock);
	valid = false;
	ls_write_unlock(&gpc_lock);
	mapped = true;			/* hva_to_pfn_retry(): map without the lock */
	ls_write_lock(&gpc_lock);
	valid = true;
	ls_write_unlock(&gpc_lock);
}

static void deactivate(void *arg)
{
	ls_write_lock(&gpc_lock);
	valid = false;
	mapped = false;
	ls_write_unlock(&gpc_lock);
}

static void reader(void *arg)
{
	ls_read_lock(&gpc_lock);
	if (valid)
		ls_assert(mapped);
	ls_read_unlock(&gpc_lock);
}

LS_SCENARIO
{
	ls_thread(refresh, NULL);
	ls_thread(deactivate, NULL);
	ls_thread(reader, NULL);
}
