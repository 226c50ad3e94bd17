/*
 * Xen's mm-locks in Xen's own macros: a PoD fault takes the p2m lock (16)
 * and then the PoD lock (48), as mm-locks.h orders them.  The bad variant is
 * a reclaim path that takes the PoD lock first and then wants the p2m write
 * lock: "mm locking order violation: 48 > 16".  The paging log-dirty path
 * shows the control-domain bias: domU's paging lock (64) is held while
 * dom0's p2m lock is read, which only the bias (16 + 64) allows.  The
 * per-CPU flag is this_cpu() state, read_atomic() reads the entry count.
 */
#include <xen/mm-locks.h>
#include <xen/percpu.h>
#include <asm/atomic.h>

LS_VARIANT(bad, "BAD", "rank-violation", "pod_reclaim() takes the p2m lock under the PoD lock");
LS_VARIANT(ok, "", "ok", "pod_reclaim() takes the p2m lock first");

#define MM_LOCK_ORDER_p2m 16
#define MM_LOCK_ORDER_pod 48
#define MM_LOCK_ORDER_paging 64

struct domain {
	bool is_control LS_STATE;
	mm_rwlock_t p2m_lock LS_RANK_BIAS(is_control, 64); /* MM_LOCK_ORDER_MAX */
	mm_lock_t pod_lock;
	mm_lock_t paging_lock;
	int entries LS_STATE LS_RANGE(0, 2);
};

declare_mm_rwlock(p2m)
declare_mm_lock(pod)
declare_mm_lock(paging)

static struct domain dom0, domu;
static DEFINE_PER_CPU(bool, in_reclaim) LS_STATE;

static void pod_fault(void *arg)
{
	struct domain *d = arg;

	mm_write_lock(p2m, d, &d->p2m_lock);
	mm_lock(pod, d, &d->pod_lock);
	write_atomic(&d->entries, 1);
	mm_unlock(&d->pod_lock);
	mm_write_unlock(&d->p2m_lock);
}

static void pod_reclaim(void *arg)
{
	struct domain *d = arg;

	this_cpu(in_reclaim) = true;
#ifdef BAD
	mm_lock(pod, d, &d->pod_lock);
	mm_write_lock(p2m, d, &d->p2m_lock);
#else
	mm_write_lock(p2m, d, &d->p2m_lock);
	mm_lock(pod, d, &d->pod_lock);
#endif
	ASSERT(this_cpu(in_reclaim));
	if (read_atomic(&d->entries) > 0)
		write_atomic(&d->entries, 0);
	mm_unlock(&d->pod_lock);
	mm_write_unlock(&d->p2m_lock);
	this_cpu(in_reclaim) = false;
}

/* paging_log_dirty_op() copying into dom0's buffer under domU's paging lock */
static void log_dirty_op(void *arg)
{
	struct domain *d = arg;

	mm_lock(paging, d, &d->paging_lock);
	mm_read_lock(p2m, &dom0, &dom0.p2m_lock);
	mm_read_unlock(&dom0.p2m_lock);
	mm_unlock(&d->paging_lock);
}

LS_SCENARIO
{
	dom0.is_control = true;
	ls_thread(pod_fault, &domu);
	ls_thread(pod_reclaim, &domu);
	ls_thread(log_dirty_op, &domu);
}
