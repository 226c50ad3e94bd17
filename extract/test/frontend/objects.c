/* Objects: struct types, global instances, arrays, nested structs, ranks,
 * bias, classes, state of every kind, initial values. */
#include "lockspin.h"

LS_VARIANT(base, "", "ok", "every lock is released");

enum mode { M_OFF = 2, M_ON = 5 };

struct p2m {
	ls_rwlock_t lock LS_RANK(16) LS_RECURSIVE;
	bool defer_flush LS_STATE;
};

struct domain {
	ls_spinlock_t pod_lock LS_RANK(48);
	ls_mutex_t paging_lock LS_RANK_BIAS(is_control, 64) LS_RANK(64);
	ls_spinlock_t evt[2];
	struct p2m p2m;
	bool is_control LS_STATE;
	int pages LS_STATE LS_RANGE(0, 3);
	enum mode mode LS_STATE;
	int plain;
};

struct vcpu {
	struct domain *domain LS_STATE;
	int gfn LS_STATE LS_RANGE(-1, 4);
	int regs[2] LS_STATE LS_RANGE(0, 1);
};

static ls_mutex_t big_lock LS_CLASS("kernel_lock");
static ls_rwsem_t sems[3];
static int counter LS_STATE LS_RANGE(0, 9) = 4;
static bool flags[2] LS_STATE;

struct domain d0 = { .is_control = true, .pages = 2 };
struct domain doms[2];
struct vcpu v0, v1;

static void worker(void *arg)
{
	struct vcpu *v = arg;
	ls_spin_lock(&v->domain->pod_lock);
	v->gfn = 3;
	ls_spin_unlock(&v->domain->pod_lock);
	ls_write_lock(&v->domain->p2m.lock);
	v->domain->p2m.defer_flush = true;
	ls_write_unlock(&v->domain->p2m.lock);
	ls_down_read(&sems[v->gfn - 2]);
	ls_up_read(&sems[1]);
	ls_mutex_lock(&big_lock);
	counter++;
	flags[1] = !flags[0];
	ls_mutex_unlock(&big_lock);
}

static void dom_worker(struct domain *d)
{
	ls_spin_lock(&d->evt[1]);
	if (d->mode == M_ON && d->pages > 1)
		d->pages -= 1;
	ls_spin_unlock(&d->evt[1]);
	ls_mutex_lock(&d->paging_lock);
	ls_assert_held(&d->paging_lock);
	ls_assert(d->pages >= 0);
	ls_mutex_unlock(&d->paging_lock);
}

LS_SCENARIO
{
	v0.domain = &d0;
	v1.domain = &doms[1];
	doms[1].mode = M_ON;
	flags[0] = true;
	ls_thread(worker, &v0);
	ls_thread(worker, &v1);
	ls_thread(dom_worker, &doms[1]);
}
