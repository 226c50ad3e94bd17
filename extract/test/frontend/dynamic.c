/* Dynamic lock references through modelled pointers, pointer locals,
 * lock pointers, trylock values, switch over untracked data, goto out of
 * a guarded scope, a thread given a lock. */
#include "lockspin.h"

LS_VARIANT(base, "", "held-at-exit", "vcpu_run takes solo on the switch path and never drops it");

struct domain {
	ls_spinlock_t pod_lock;
	ls_mutex_t locks[2];
	int id LS_STATE LS_RANGE(0, 3);
};

struct vcpu {
	struct domain *domain LS_STATE;
	int n;
};

struct domain d0, d1;
struct vcpu v0;
static struct domain *current LS_STATE;
static ls_mutex_t solo;

static void take(ls_mutex_t *l)
{
	ls_mutex_lock(l);
}

static void drop(ls_mutex_t *l)
{
	ls_mutex_unlock(l);
}

static void vcpu_run(void *arg)
{
	struct vcpu *v = arg;
	struct domain *d = v->domain;
	int k = d->id & 1;
	bool ok;

	ls_spin_lock(&d->pod_lock);
	ls_spin_unlock(&d->pod_lock);
	take(&d->locks[k]);
	drop(&d->locks[k]);
	d = current;
	ls_spin_lock(&d->pod_lock);
	ls_spin_unlock(&d->pod_lock);
	ok = ls_mutex_trylock(&d0.locks[1]);
	if (ok)
		ls_mutex_unlock(&d0.locks[1]);
	switch (v->n) {
	case 0:
	case 1:
		ls_mutex_lock(&solo);
		/* fallthrough */
	default:
		break;
	}
	{
		ls_guard(MUTEX, &d1.locks[0]);
		if (v->n)
			goto out;
		ls_mutex_lock(&d1.locks[1]);
		ls_mutex_unlock(&d1.locks[1]);
	}
out:
	return;
}

static void holder(void *arg)
{
	ls_mutex_t *l = arg;
	ls_mutex_lock(l);
	ls_mutex_unlock(l);
	current = &d1;
}

LS_SCENARIO
{
	v0.domain = &d1;
	current = &d0;
	d1.id = 1;
	ls_thread(vcpu_run, &v0);
	ls_thread(holder, &d0.locks[0]);
}
