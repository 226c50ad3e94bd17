/*
 * rank_bug.c - a bench program: an mm-locks rank violation with no order
 * inversion.  Xen's levels put the p2m lock (16) below the PoD lock (48):
 * taking p2m while holding PoD is the violation mm-locks.h panics on.  Both
 * threads take the locks in the same (wrong) order, so there is no ABBA for
 * a lock-order detector to find: only a rank check tells.
 */
#include "lockspin.h"

LS_VARIANT(bad, "", "rank-violation", "PoD lock (48) then p2m lock (16): mm locking order violation");

struct domain {
	ls_mutex_t p2m_lock LS_RANK(16);
	ls_mutex_t pod_lock LS_RANK(48);
	int pod_count LS_STATE;
};

static struct domain d0;

/* What the extractor generates from the LS_RANK annotations. */
void ls_registry(void)
{
	ls_register_lock(&d0.p2m_lock, LS_K_MUTEX, "domain.p2m_lock", "d0.p2m_lock", 16, NULL, 0, false);
	ls_register_lock(&d0.pod_lock, LS_K_MUTEX, "domain.pod_lock", "d0.pod_lock", 48, NULL, 0, false);
}

/* p2m_pod_demand_populate() style: PoD bookkeeping, then a p2m update */
static void pod_populate(void *arg)
{
	struct domain *d = arg;
	ls_mutex_lock(&d->pod_lock);
	d->pod_count++;
	ls_mutex_lock(&d->p2m_lock); /* rank 16 under rank 48: violation */
	ls_mutex_unlock(&d->p2m_lock);
	ls_mutex_unlock(&d->pod_lock);
}

LS_SCENARIO
{
	ls_thread(pod_populate, &d0);
	ls_thread(pod_populate, &d0);
}
