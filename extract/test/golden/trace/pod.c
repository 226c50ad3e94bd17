/* Xen PoD reclaim flushes a nested p2m under the PoD lock. */
#include "lockspin.h"

struct p2m {
	ls_rwlock_t lock LS_RANK(16) LS_RECURSIVE;
};
struct domain {
	ls_spinlock_t pod_lock LS_RANK(48);
	LS_STATE bool zero_page;
};
static struct domain d0;
static struct p2m hostp2m, np2m;

static void p2m_flush_nestedp2m(struct p2m *p)
{
	ls_write_lock(&p->lock);
	ls_write_unlock(&p->lock);
}

static void pod_fault(struct domain *d)
{
	ls_write_lock(&hostp2m.lock);		/* gfn_lock() */
	ls_spin_lock(&d->pod_lock);
	if (ls_choose(2)) {			/* reclaim a zero page */
		d->zero_page = false;
		p2m_flush_nestedp2m(&np2m);
	}
	ls_spin_unlock(&d->pod_lock);
	ls_write_unlock(&hostp2m.lock);
}

static void vcpu_flush(struct p2m *p)
{
	if (!p)
		ls_write_unlock(&hostp2m.lock);	/* never: p is never NULL */
	p2m_flush_nestedp2m(p);
}

LS_SCENARIO
{
	ls_thread(pod_fault, &d0);
	ls_thread(vcpu_flush, &np2m);
}
