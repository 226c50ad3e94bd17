/* Xen PoD shape: ranks, a recursive p2m lock reached through a modelled
 * pointer, a nested part reached through &d->pod, the deferred flush flag,
 * and two variants. */
#include "lockspin.h"

LS_VARIANT(flush_under_pod, "", "rank-violation", "nested flush under pod_lock");
LS_VARIANT(deferred, "DEFER", "ok", "flush after pod_unlock");

struct p2m_domain {
	ls_rwlock_t lock LS_RANK(16) LS_RECURSIVE;
	bool defer_nested_flush LS_STATE;
};

struct pod_target {
	ls_spinlock_t lock LS_RANK(48);
	int count LS_STATE LS_RANGE(0, 2);
};

struct domain {
	struct pod_target pod;
	struct p2m_domain *host LS_STATE;
	struct p2m_domain *nested LS_STATE;
};

struct p2m_domain hostp2m, nestedp2m;
struct domain dom;

static void pod_lock(struct pod_target *pod) { ls_spin_lock(&pod->lock); }
static void pod_unlock(struct pod_target *pod) { ls_spin_unlock(&pod->lock); }

static void flush_nested(struct domain *d)
{
	ls_write_lock(&d->nested->lock);
	ls_write_unlock(&d->nested->lock);
}

static void set_entry(struct domain *d)
{
	struct p2m_domain *p2m = d->host;
	if (p2m->defer_nested_flush)
		return;
	flush_nested(d);
}

static void demand_populate(void *arg)
{
	struct domain *d = arg;
	struct p2m_domain *p2m = d->host;

	ls_write_lock(&p2m->lock);
	pod_lock(&d->pod);
#ifdef DEFER
	p2m->defer_nested_flush = true;
#endif
	if (d->pod.count > 0) {
		d->pod.count--;
		set_entry(d);
	}
	pod_unlock(&d->pod);
#ifdef DEFER
	p2m->defer_nested_flush = false;
	flush_nested(d);
#endif
	ls_write_unlock(&p2m->lock);
}

LS_SCENARIO
{
	dom.host = &hostp2m;
	dom.nested = &nestedp2m;
	dom.pod.count = 1;
	ls_thread(demand_populate, &dom);
}
