/*
 * xen_vgic_rank.c - Xen ARM vGIC: the rank lock, the per-vCPU vgic lock and the
 * target vCPU of an SPI (xen/arch/arm/vgic.c, vgic-v2.c, gic.c; Xen 4.8 / 4.9).
 *
 * Locks and data.
 *   rank->lock            spinlock of a vgic_irq_rank (32 IRQs); guards the
 *                         distributor registers, rank->vcpu[] (the target vCPU of
 *                         each SPI) and rank->priority[].
 *   v->arch.vgic.lock     per-vCPU spinlock; guards the vCPU's inflight and
 *                         lr_pending lists and pending_irq status bits.
 *   Order rule: rank lock, then vgic lock.
 *   The physical IRQ's affinity (irq_set_affinity()) should follow the target
 *   vCPU's pCPU.  An IRQ in a list register (LR) cannot move at once:
 *   vgic_migrate_irq() sets GIC_IRQ_GUEST_MIGRATING and gic_update_one_lr() moves
 *   the physical affinity after the guest's EOI.
 *
 * Bug (seed 003).  gic_update_one_lr() runs with the vgic lock held and calls
 * vgic_get_target_vcpu(), which takes the rank lock:
 *
 *        CPU0 (vCPU A: gic_clear_lrs)          CPU1 (vCPU writes ITARGETSR)
 *        ----                                  ----
 *        lock(A->arch.vgic.lock)
 *                                              vgic_lock_rank(rank)
 *        gic_update_one_lr()
 *         vgic_get_target_vcpu()
 *          lock(rank->lock)
 *                                              vgic_store_itargetsr()
 *                                               vgic_migrate_irq(old = A)
 *                                                lock(A->arch.vgic.lock)
 *        *** DEADLOCK ***
 * and the same against vgic_enable_irqs() (GICD_ISENABLER: rank lock, then the
 * target vCPU's vgic lock).
 *
 * Julien Grall's objection to guarding rank->vcpu with the OLD vCPU's vgic lock:
 * the guest moves the IRQ A -> B, then B -> C before the EOI.  The second move
 * takes B's vgic lock, not A's, so it is not serialized with A's EOI path:
 *
 *        CPU0 (A: gic_update_one_lr)           CPU1 (ITARGETSR: B -> C)
 *        ----                                  ----
 *        clear GIC_IRQ_GUEST_MIGRATING
 *        v_target = rank->vcpu  (= B)
 *                                              lock(B->arch.vgic.lock)
 *                                              rank->vcpu = C
 *                                              not inflight: irq_set_affinity(C)
 *        irq_set_affinity(B)
 *        *** physical affinity left on B's pCPU, target is C ***
 *
 * Property (checked once all three threads are done): the physical affinity is
 * not left on the intermediate vCPU B's pCPU unless B is the target.
 *
 * Scenario: SPI 32, rank->vcpu = A, in A's LR (inflight); vCPU A EOIs it
 * (gic_clear_lrs); another vCPU writes ITARGETSR twice (target B, then C); a third
 * writes GICD_ISENABLER for it.  vCPUs A, B, C run on pCPUs 0, 1, 2.
 *
 * Variants and history
 *   before_4_8             Xen 4.8: deadlock (both ABBA paths).  Stefano: "one of
 *                          these races affect the code today" - the affinity race
 *                          is there too, behind the deadlock.
 *   old_vcpu_vgic_lock     Stefano's series v1: __vgic_get_target_vcpu() without
 *                          the rank lock, rank->vcpu written inside
 *                          vgic_migrate_irq() under the old vCPU's vgic lock.
 *   option1_drop_vgic_lock Stefano's option 1: gic_update_one_lr() releases the
 *                          vgic lock, then takes the rank lock for
 *                          test_and_clear_bit(MIGRATING) and the affinity.
 *   option3_orig_vcpu      option 3: store the vCPU the IRQ was injected to in
 *                          struct pending_irq; writers take THAT vCPU's vgic lock.
 *   atomic_rank_vcpu       merged for Xen 4.9, 378384399e "arm: read/write
 *                          rank->vcpu atomically": no rank lock in
 *                          vgic_get_target_vcpu(); with the rest of that series as
 *                          released: vgic_migrate_irq() refuses a move while
 *                          MIGRATING is set (returns false, rank->vcpu unchanged),
 *                          gic_update_one_lr() sets the affinity before clearing
 *                          MIGRATING.
 *   rank_self_deadlock     43208a9cb4: an ITARGETSR write holds the rank lock; the
 *                          IRQ is still lr_pending, so vgic_migrate_irq() re-injects
 *                          it: vgic_vcpu_inject_irq() -> vgic_get_virq_priority()
 *                          takes the rank lock again.
 *   rank_self_deadlock_fixed  the same with the priority read without the rank lock.
 */
#include "lockspin.h"

LS_VARIANT(before_4_8, "VGIC_4_8", "deadlock",
	   "gic_update_one_lr() holds A's vgic lock and takes the rank lock; vgic_store_itargetsr() (rank lock, then A's vgic lock in vgic_migrate_irq()) and vgic_enable_irqs() (rank lock, then A's vgic lock) take them the other way");
LS_VARIANT(old_vcpu_vgic_lock, "OLD_VCPU_VGIC_LOCK", "assertion",
	   "no lock cycle left, but the second move (B -> C) runs under B's vgic lock while A's EOI path under A's lock reads rank->vcpu = B and sets the affinity after the move set it to C");
LS_VARIANT(option1_drop_vgic_lock, "OPTION1_DROP_VGIC_LOCK", "ok",
	   "gic_update_one_lr() drops the vgic lock before taking the rank lock: no cycle; MIGRATING, rank->vcpu and the EOI's affinity update are all under the rank lock, like the writers");
LS_VARIANT(option3_orig_vcpu, "OPTION3_ORIG_VCPU", "ok",
	   "writers take the vgic lock of the vCPU the IRQ was injected to (A), the same lock the EOI path holds, so rank->vcpu, MIGRATING and both affinity updates are serialized; vgic lock never held when taking the rank lock");
LS_VARIANT(atomic_rank_vcpu, "ATOMIC_RANK_VCPU", "ok",
	   "378384399e: the EOI path takes no rank lock (read_atomic), so no cycle; a move while MIGRATING is refused and the EOI sets the affinity before clearing MIGRATING, so B -> C cannot slip in between");
LS_VARIANT(rank_self_deadlock, "ATOMIC_RANK_VCPU LR_PENDING_IRQ", "deadlock",
	   "43208a9cb4: ITARGETSR write holds the rank lock, vgic_migrate_irq() re-injects the lr_pending IRQ, vgic_vcpu_inject_irq() -> vgic_get_virq_priority() takes the rank lock again");
LS_VARIANT(rank_self_deadlock_fixed, "ATOMIC_RANK_VCPU LR_PENDING_IRQ PRIORITY_ATOMIC", "ok",
	   "the priority is read without the rank lock: the re-injection under the rank lock is safe");

struct vcpu {
	ls_spinlock_t vgic_lock;                /* v->arch.vgic.lock */
	int processor LS_STATE LS_RANGE(0, 2);  /* v->processor */
};

struct vgic_irq_rank {
	ls_spinlock_t lock;                     /* rank->lock */
	struct vcpu *vcpu LS_STATE;             /* d->vcpu[rank->vcpu[offset]] for SPI 32 */
	int priority LS_STATE LS_RANGE(0, 1);   /* rank->priority[offset] */
};

struct pending_irq {
	bool inflight LS_STATE;                 /* !list_empty(&p->inflight) */
	bool lr_pending LS_STATE;               /* !list_empty(&p->lr_queue) */
	bool migrating LS_STATE;                /* GIC_IRQ_GUEST_MIGRATING */
	struct vcpu *vcpu LS_STATE;             /* the vCPU it was injected to */
	int priority LS_STATE LS_RANGE(0, 1);
};

struct irq_desc {
	int affinity LS_STATE LS_RANGE(0, 2);   /* the physical IRQ's pCPU */
};

static struct vcpu vcpus[3];                    /* A, B, C */
static struct vgic_irq_rank ranks[1];
static struct pending_irq pirqs[1];
static struct irq_desc descs[1];
static int nr_done LS_STATE LS_RANGE(0, 3);

/* irq_set_affinity(p->desc, cpumask_of(v->processor)) */
static void irq_set_affinity(struct vcpu *v)
{
	descs[0].affinity = v->processor;
}

/* __vgic_get_target_vcpu(): the caller holds the rank lock. */
static struct vcpu *__vgic_get_target_vcpu(struct vgic_irq_rank *rank)
{
	ls_assert_held(&rank->lock);            /* ASSERT(spin_is_locked(&rank->lock)) */
	return rank->vcpu;
}

#if defined(VGIC_4_8)
/* vgic_get_target_vcpu() in 4.8: takes the rank lock. */
static struct vcpu *vgic_get_target_vcpu(struct vgic_irq_rank *rank)
{
	struct vcpu *v_target;

	ls_spin_lock(&rank->lock);              /* vgic_lock_rank(v, rank, flags) */
	v_target = __vgic_get_target_vcpu(rank);
	ls_spin_unlock(&rank->lock);            /* vgic_unlock_rank(v, rank, flags) */
	return v_target;
}
#endif

static int vgic_get_virq_priority(struct vgic_irq_rank *rank)
{
#if defined(PRIORITY_ATOMIC)
	return rank->priority;                  /* read without the rank lock */
#else
	int priority;

	ls_spin_lock(&rank->lock);              /* vgic_lock_rank(v, rank, flags) */
	priority = rank->priority;
	ls_spin_unlock(&rank->lock);            /* vgic_unlock_rank(v, rank, flags) */
	return priority;
#endif
}

/* vgic_vcpu_inject_irq(v, virq) */
static void vgic_vcpu_inject_irq(struct vgic_irq_rank *rank, struct vcpu *v)
{
	struct pending_irq *p = &pirqs[0];
	int priority = vgic_get_virq_priority(rank);

	ls_spin_lock(&v->vgic_lock);            /* spin_lock_irqsave(&v->arch.vgic.lock, flags) */
	p->priority = priority;
	p->vcpu = v;
	p->inflight = true;                     /* list_add_tail(&n->inflight, ...) */
	p->lr_pending = true;                   /* gic_raise_guest_irq(): no free LR */
	ls_spin_unlock(&v->vgic_lock);
}

/* vgic_migrate_irq(old, new, irq); called with the rank lock held. */
static bool vgic_migrate_irq(struct vgic_irq_rank *rank, struct vcpu *old, struct vcpu *new)
{
	struct pending_irq *p = &pirqs[0];
	struct vcpu *v_lock = old;

#if defined(OPTION3_ORIG_VCPU)
	v_lock = p->vcpu;                       /* the vCPU whose LR holds the IRQ */
#endif
#if defined(ATOMIC_RANK_VCPU)
	if (p->migrating)                       /* "requested while in progress" */
		return false;
#endif
	ls_spin_lock(&v_lock->vgic_lock);       /* spin_lock_irqsave(&old->arch.vgic.lock, flags) */
#if defined(OLD_VCPU_VGIC_LOCK) || defined(OPTION3_ORIG_VCPU)
	rank->vcpu = new;                       /* rank->vcpu written under that vgic lock */
#endif
#if !defined(ATOMIC_RANK_VCPU)
	if (p->migrating) {                     /* migration already in progress */
		ls_spin_unlock(&v_lock->vgic_lock);
		return false;
	}
#endif
	if (!p->inflight) {
		irq_set_affinity(new);
		ls_spin_unlock(&v_lock->vgic_lock);
		return true;
	}
	if (p->lr_pending) {                    /* still lr_pending: re-inject to new */
		p->lr_pending = false;          /* list_del_init(&p->lr_queue) */
		p->inflight = false;            /* list_del_init(&p->inflight) */
		irq_set_affinity(new);
		ls_spin_unlock(&v_lock->vgic_lock);
		vgic_vcpu_inject_irq(rank, new);
		return true;
	}
	p->migrating = true;                    /* in an LR: wait for the EOI */
	ls_spin_unlock(&v_lock->vgic_lock);     /* spin_unlock_irqrestore() */
	return true;
}

/* vgic_store_itargetsr(); the caller holds the rank lock. */
static void vgic_store_itargetsr(struct vgic_irq_rank *rank, struct vcpu *new_target)
{
	struct vcpu *old_target = rank->vcpu;   /* 4.9: read_atomic(&rank->vcpu[offset]) */

	ls_assert_held(&rank->lock);
	if (new_target == old_target)
		return;
#if defined(ATOMIC_RANK_VCPU)
	if (vgic_migrate_irq(rank, old_target, new_target))
		rank->vcpu = new_target;        /* write_atomic(&rank->vcpu[offset], new_target) */
#elif defined(OLD_VCPU_VGIC_LOCK) || defined(OPTION3_ORIG_VCPU)
	vgic_migrate_irq(rank, old_target, new_target);
#else
	vgic_migrate_irq(rank, old_target, new_target);
	rank->vcpu = new_target;                /* rank->vcpu[offset] = new_target */
#endif
}

/* gic_update_one_lr(): the guest EOIed the IRQ in v's LR.  Called with v's vgic
 * lock held; with option 1 it returns with that lock released. */
static void gic_update_one_lr(struct vcpu *v, struct vgic_irq_rank *rank)
{
	struct pending_irq *p = &pirqs[0];
	struct vcpu *v_target;

	ls_assert_held(&v->vgic_lock);          /* ASSERT(spin_is_locked(&v->arch.vgic.lock)) */
	p->inflight = false;                    /* list_del_init(&p->inflight) */
#if defined(ATOMIC_RANK_VCPU)
	if (p->migrating) {                     /* test_bit(GIC_IRQ_GUEST_MIGRATING) */
		v_target = rank->vcpu;          /* vgic_get_target_vcpu(): read_atomic */
		irq_set_affinity(v_target);
		p->migrating = false;           /* clear_bit(GIC_IRQ_GUEST_MIGRATING) */
	}
#elif defined(OPTION1_DROP_VGIC_LOCK)
	ls_spin_unlock(&v->vgic_lock);          /* release the vgic lock ... */
	ls_spin_lock(&rank->lock);              /* ... then take the rank lock */
	if (p->migrating) {                     /* test_and_clear_bit(GIC_IRQ_GUEST_MIGRATING) */
		p->migrating = false;
		v_target = __vgic_get_target_vcpu(rank);
		irq_set_affinity(v_target);
	}
	ls_spin_unlock(&rank->lock);
#else
	if (p->migrating) {                     /* test_and_clear_bit(GIC_IRQ_GUEST_MIGRATING) */
		p->migrating = false;
#if defined(VGIC_4_8)
		v_target = vgic_get_target_vcpu(rank);  /* takes the rank lock */
#else
		v_target = rank->vcpu;          /* __vgic_get_target_vcpu(), no rank lock */
#endif
		irq_set_affinity(v_target);
	}
#endif
}

/* Once the three threads are done: the affinity is not stranded on B's pCPU. */
static void vgic_check_quiescent(void)
{
	nr_done = nr_done + 1;
	if (nr_done == 3)
		ls_assert(descs[0].affinity != vcpus[1].processor || ranks[0].vcpu == &vcpus[1]);
}

/* Thread: vCPU A leaves the guest after the EOI: gic_clear_lrs(v). */
static void gic_clear_lrs(struct vcpu *v)
{
	struct pending_irq *p = &pirqs[0];

	ls_spin_lock(&v->vgic_lock);            /* spin_lock(&v->arch.vgic.lock) */
#if defined(OPTION1_DROP_VGIC_LOCK)
	if (p->vcpu == v && p->inflight && !p->lr_pending)
		gic_update_one_lr(v, &ranks[0]);        /* returns with the lock released */
	else
		ls_spin_unlock(&v->vgic_lock);
#else
	if (p->vcpu == v && p->inflight && !p->lr_pending)
		gic_update_one_lr(v, &ranks[0]);
	ls_spin_unlock(&v->vgic_lock);          /* spin_unlock(&v->arch.vgic.lock) */
#endif
	vgic_check_quiescent();
}

/* vgic_v2_distr_mmio_write(GICD_ITARGETSR) */
static void vgic_mmio_write_itargetsr(struct vgic_irq_rank *rank, struct vcpu *new_target)
{
	ls_spin_lock(&rank->lock);              /* vgic_lock_rank(v, rank, flags) */
	vgic_store_itargetsr(rank, new_target);
	ls_spin_unlock(&rank->lock);            /* vgic_unlock_rank(v, rank, flags) */
}

/* Thread: the guest moves the SPI to B, then to C, before A's EOI is handled. */
static void guest_retarget_twice(struct vgic_irq_rank *rank)
{
	vgic_mmio_write_itargetsr(rank, &vcpus[1]);
	vgic_mmio_write_itargetsr(rank, &vcpus[2]);
	vgic_check_quiescent();
}

/* vgic_enable_irqs(); the caller holds the rank lock. */
static void vgic_enable_irqs(struct vgic_irq_rank *rank)
{
	struct vcpu *v_target = __vgic_get_target_vcpu(rank);

	ls_spin_lock(&v_target->vgic_lock);     /* spin_lock_irqsave(&v_target->arch.vgic.lock, flags) */
	/* if inflight and not visible: gic_raise_guest_irq(v_target, irq, p->priority) */
	ls_spin_unlock(&v_target->vgic_lock);
	irq_set_affinity(v_target);
}

/* Thread: a vCPU writes GICD_ISENABLER for the SPI. */
static void guest_write_isenabler(struct vgic_irq_rank *rank)
{
	ls_spin_lock(&rank->lock);              /* vgic_lock_rank(v, rank, flags) */
	vgic_enable_irqs(rank);
	ls_spin_unlock(&rank->lock);            /* vgic_unlock_rank(v, rank, flags) */
	vgic_check_quiescent();
}

LS_SCENARIO
{
	vcpus[0].processor = 0;
	vcpus[1].processor = 1;
	vcpus[2].processor = 2;
	ranks[0].vcpu = &vcpus[0];              /* ITARGETSR: vCPU A */
	descs[0].affinity = 0;
	pirqs[0].vcpu = &vcpus[0];
	pirqs[0].inflight = true;
#if defined(LR_PENDING_IRQ)
	pirqs[0].lr_pending = true;             /* queued on A, not yet in an LR */
#else
	pirqs[0].lr_pending = false;            /* in A's LR, the guest has EOIed it */
#endif
	pirqs[0].migrating = false;
	nr_done = 0;
	ls_thread(gic_clear_lrs, &vcpus[0]);
	ls_thread(guest_retarget_twice, &ranks[0]);
	ls_thread(guest_write_isenabler, &ranks[0]);
}
