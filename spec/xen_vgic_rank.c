/*
 * xen_vgic_rank.c - Xen ARM vGIC: the rank lock, the per-vCPU vgic lock and the
 * target vCPU of an SPI (xen/arch/arm/vgic.c, vgic-v2.c, gic.c; Xen 4.8 / 4.9).
 *
 * Locks and data.
 *   rank->lock            spinlock of a vgic_irq_rank (32 IRQs, ONE lock for all
 *                         of them); guards the distributor registers,
 *                         rank->vcpu[] (the target vCPU of each SPI) and
 *                         rank->priority[].
 *   v->arch.vgic.lock     per-vCPU spinlock; guards the vCPU's inflight and
 *                         lr_pending lists and pending_irq status bits.
 *   Order rule: rank lock, then vgic lock.
 *   The physical IRQ's affinity (irq_set_affinity()) should follow the target
 *   vCPU's pCPU.  An IRQ in a list register (LR) cannot move at once:
 *   vgic_migrate_irq() sets GIC_IRQ_GUEST_MIGRATING and gic_update_one_lr() moves
 *   the physical affinity after the guest's EOI.
 *
 * Bug (seed 003).  gic_update_one_lr() runs with the vgic lock held and calls
 * vgic_get_target_vcpu(), which takes the rank lock.  The cycle needs TWO IRQs
 * of one rank: with a single IRQ, once its first move has set MIGRATING,
 * rank->vcpu already names the new vCPU, so every later rank-lock holder takes
 * the new vCPU's vgic lock, never A's.  X (SPI 32) was moved A -> B while in A's
 * LR; Y (SPI 33, the same rank and the same ITARGETSR word) still targets A:
 *
 *        CPU0 (vCPU A: gic_clear_lrs)          CPU1 (a vCPU writes ITARGETSR8)
 *        ----                                  ----
 *        lock(A->arch.vgic.lock)
 *                                              vgic_lock_rank(rank)
 *        gic_update_one_lr(X)   (MIGRATING)
 *         vgic_get_target_vcpu(X)
 *          lock(rank->lock)
 *                                              vgic_store_itargetsr(): Y A -> C
 *                                               vgic_migrate_irq(old = A, Y)
 *                                                lock(A->arch.vgic.lock)
 *        *** DEADLOCK ***
 * and the same against vgic_enable_irqs() for Y (GICD_ISENABLER1: rank lock,
 * then Y's target A's vgic lock).
 *
 * Julien Grall's objection to guarding rank->vcpu with the OLD vCPU's vgic lock:
 * the guest moves X A -> B, then B -> C before the EOI.  The second move
 * takes B's vgic lock, not A's, so it is not serialized with A's EOI path:
 *
 *        CPU0 (A: gic_update_one_lr(X))        CPU1 (ITARGETSR: X B -> C)
 *        ----                                  ----
 *        clear GIC_IRQ_GUEST_MIGRATING
 *        v_target = rank->vcpu[X]  (= B)
 *                                              lock(B->arch.vgic.lock)
 *                                              rank->vcpu[X] = C
 *                                              not inflight: irq_set_affinity(C)
 *        irq_set_affinity(B)
 *        *** X's physical affinity left on B's pCPU, target is C ***
 *
 * Properties (checked once all three threads are done): X's physical affinity
 * is not left on the intermediate vCPU B's pCPU unless B is X's target; and an
 * IRQ in no LR has no migration pending: GIC_IRQ_GUEST_MIGRATING is set only
 * while the IRQ is in an LR and cleared at its EOI (gic_update_one_lr()), else
 * its affinity never follows its target and every later move is refused.
 *
 * Scenario: rank 1 (SPIs 32..63), X = SPI 32 (index 0) and Y = SPI 33 (index 1),
 * both targeting vCPU A.  X is in A's LR (inflight) and the guest has EOIed it;
 * Y is disabled and not pending.  Threads: vCPU A leaves the guest
 * (gic_clear_lrs); another vCPU writes the 32-bit ITARGETSR8 twice, first
 * (X -> B, Y stays A), then (X -> C, Y -> C); a third writes GICD_ISENABLER1
 * with Y's bit (X is already enabled, and vgic_enable_irqs() gets only the
 * newly set bits).  vCPUs A, B, C run on pCPUs 0, 1, 2.
 *
 * Variants and history
 *   before_4_8             Xen 4.8: deadlock (both ABBA paths).  Stefano: "one of
 *                          these races affect the code today" - the affinity race
 *                          is there too (the EOI reads B under the rank lock, drops
 *                          it, and sets the affinity after the second move).
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
	   "two SPIs of one rank: gic_update_one_lr() holds A's vgic lock and takes the rank lock for MIGRATING X; vgic_store_itargetsr() (rank lock, then A's vgic lock in vgic_migrate_irq() for Y) and vgic_enable_irqs() for Y (rank lock, then A's vgic lock) take them the other way; the affinity race is also there");
LS_VARIANT(old_vcpu_vgic_lock, "OLD_VCPU_VGIC_LOCK", "assertion",
	   "no lock cycle left, but X's second move (B -> C) runs under B's vgic lock while A's EOI path under A's lock reads rank->vcpu[X] = B and sets the affinity after the move set it to C");
LS_VARIANT(option1_drop_vgic_lock, "OPTION1_DROP_VGIC_LOCK", "ok",
	   "gic_update_one_lr() drops the vgic lock before taking the rank lock: no cycle; MIGRATING, rank->vcpu and the EOI's affinity update are all under the rank lock, like the writers");
LS_VARIANT(option3_orig_vcpu, "OPTION3_ORIG_VCPU", "ok",
	   "writers take the vgic lock of the vCPU each IRQ was injected to (A), the same lock the EOI path holds, so rank->vcpu, MIGRATING and both affinity updates are serialized; vgic lock never held when taking the rank lock");
LS_VARIANT(atomic_rank_vcpu, "ATOMIC_RANK_VCPU", "ok",
	   "378384399e: the EOI path takes no rank lock (read_atomic), so no cycle; a move while MIGRATING is refused and the EOI sets the affinity before clearing MIGRATING, so B -> C cannot slip in between");
LS_VARIANT(rank_self_deadlock, "ATOMIC_RANK_VCPU LR_PENDING_IRQ", "deadlock",
	   "43208a9cb4: ITARGETSR write holds the rank lock, vgic_migrate_irq() re-injects the lr_pending IRQ, vgic_vcpu_inject_irq() -> vgic_get_virq_priority() takes the rank lock again");
LS_VARIANT(rank_self_deadlock_fixed, "ATOMIC_RANK_VCPU LR_PENDING_IRQ PRIORITY_ATOMIC", "ok",
	   "the priority is read without the rank lock: the re-injection under the rank lock is safe");

#define NR_IRQS 2                               /* X = SPI 32, Y = SPI 33: one rank */

struct vcpu {
	ls_spinlock_t vgic_lock;                /* v->arch.vgic.lock */
	int processor LS_STATE LS_RANGE(0, 2);  /* v->processor */
};

struct vgic_irq_rank {
	ls_spinlock_t lock;                     /* rank->lock */
	struct vcpu *vcpu[NR_IRQS] LS_STATE;    /* d->vcpu[rank->vcpu[offset]] */
	int priority[NR_IRQS] LS_STATE LS_RANGE(0, 1); /* rank->priority[offset] */
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
static struct vgic_irq_rank ranks[1];           /* rank 1: SPIs 32..63 */
static struct pending_irq pirqs[NR_IRQS];       /* irq_to_pending(v, 32 + irq) */
static struct irq_desc descs[NR_IRQS];          /* p->desc */
static int nr_done LS_STATE LS_RANGE(0, 3);

/* irq_set_affinity(p->desc, cpumask_of(v->processor)) */
static void irq_set_affinity(int irq, struct vcpu *v)
{
	descs[irq].affinity = v->processor;
}

/* __vgic_get_target_vcpu(): the caller holds the rank lock. */
static struct vcpu *__vgic_get_target_vcpu(struct vgic_irq_rank *rank, int irq)
{
	ls_assert_held(&rank->lock);            /* ASSERT(spin_is_locked(&rank->lock)) */
	return rank->vcpu[irq];
}

#if defined(VGIC_4_8)
/* vgic_get_target_vcpu() in 4.8: takes the rank lock. */
static struct vcpu *vgic_get_target_vcpu(struct vgic_irq_rank *rank, int irq)
{
	struct vcpu *v_target;

	ls_spin_lock(&rank->lock);              /* vgic_lock_rank(v, rank, flags) */
	v_target = __vgic_get_target_vcpu(rank, irq);
	ls_spin_unlock(&rank->lock);            /* vgic_unlock_rank(v, rank, flags) */
	return v_target;
}
#endif

static int vgic_get_virq_priority(struct vgic_irq_rank *rank, int irq)
{
#if defined(PRIORITY_ATOMIC)
	return rank->priority[irq];             /* read without the rank lock */
#else
	int priority;

	ls_spin_lock(&rank->lock);              /* vgic_lock_rank(v, rank, flags) */
	priority = rank->priority[irq];
	ls_spin_unlock(&rank->lock);            /* vgic_unlock_rank(v, rank, flags) */
	return priority;
#endif
}

/* vgic_vcpu_inject_irq(v, virq) */
static void vgic_vcpu_inject_irq(struct vgic_irq_rank *rank, struct vcpu *v, int irq)
{
	struct pending_irq *p = &pirqs[irq];
	int priority = vgic_get_virq_priority(rank, irq);

	ls_spin_lock(&v->vgic_lock);            /* spin_lock_irqsave(&v->arch.vgic.lock, flags) */
	p->priority = priority;
	p->vcpu = v;
	p->inflight = true;                     /* list_add_tail(&n->inflight, ...) */
	p->lr_pending = true;                   /* gic_raise_guest_irq(): no free LR */
	ls_spin_unlock(&v->vgic_lock);
}

/* vgic_migrate_irq(old, new, irq); called with the rank lock held. */
static bool vgic_migrate_irq(struct vgic_irq_rank *rank, struct vcpu *old, struct vcpu *new, int irq)
{
	struct pending_irq *p = &pirqs[irq];
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
	rank->vcpu[irq] = new;                  /* rank->vcpu written under that vgic lock */
#endif
#if !defined(ATOMIC_RANK_VCPU)
	if (p->migrating) {                     /* migration already in progress */
		ls_spin_unlock(&v_lock->vgic_lock);
		return false;
	}
#endif
	if (!p->inflight) {
		irq_set_affinity(irq, new);
		ls_spin_unlock(&v_lock->vgic_lock);
		return true;
	}
	if (p->lr_pending) {                    /* still lr_pending: re-inject to new */
		p->lr_pending = false;          /* list_del_init(&p->lr_queue) */
		p->inflight = false;            /* list_del_init(&p->inflight) */
		irq_set_affinity(irq, new);
		ls_spin_unlock(&v_lock->vgic_lock);
		vgic_vcpu_inject_irq(rank, new, irq);
		return true;
	}
	p->migrating = true;                    /* in an LR: wait for the EOI */
	ls_spin_unlock(&v_lock->vgic_lock);     /* spin_unlock_irqrestore() */
	return true;
}

/* vgic_store_itargetsr(d, rank, offset, itargetsr): one 32-bit ITARGETSR word
 * holds the targets of X and Y; the caller holds the rank lock. */
static void vgic_store_itargetsr(struct vgic_irq_rank *rank, struct vcpu *target_x, struct vcpu *target_y)
{
	int irq;

	ls_assert_held(&rank->lock);            /* ASSERT(spin_is_locked(&rank->lock)) */
	for (irq = 0; irq < NR_IRQS; irq++) {   /* for ( i = 0; i < NR_TARGETS_PER_ITARGETSR; ... ) */
		struct vcpu *new_target = target_x;
		struct vcpu *old_target = rank->vcpu[irq]; /* 4.9: read_atomic(&rank->vcpu[offset]) */

		if (irq == 1)
			new_target = target_y;
		if (new_target == old_target)   /* only migrate if the target changed */
			continue;
#if defined(ATOMIC_RANK_VCPU)
		if (vgic_migrate_irq(rank, old_target, new_target, irq))
			rank->vcpu[irq] = new_target; /* write_atomic(&rank->vcpu[offset], new_target) */
#elif defined(OLD_VCPU_VGIC_LOCK) || defined(OPTION3_ORIG_VCPU)
		vgic_migrate_irq(rank, old_target, new_target, irq);
#else
		vgic_migrate_irq(rank, old_target, new_target, irq);
		rank->vcpu[irq] = new_target;   /* rank->vcpu[offset] = new_target */
#endif
	}
}

/* gic_update_one_lr(): the guest EOIed the IRQ in v's LR.  Called with v's vgic
 * lock held; with option 1 it returns with that lock released. */
static void gic_update_one_lr(struct vcpu *v, struct vgic_irq_rank *rank, int irq)
{
	struct pending_irq *p = &pirqs[irq];
	struct vcpu *v_target;

	ls_assert_held(&v->vgic_lock);          /* ASSERT(spin_is_locked(&v->arch.vgic.lock)) */
	p->inflight = false;                    /* list_del_init(&p->inflight) */
#if defined(ATOMIC_RANK_VCPU)
	if (p->migrating) {                     /* test_bit(GIC_IRQ_GUEST_MIGRATING) */
		v_target = rank->vcpu[irq];     /* vgic_get_target_vcpu(): read_atomic */
		irq_set_affinity(irq, v_target);
		p->migrating = false;           /* clear_bit(GIC_IRQ_GUEST_MIGRATING) */
	}
#elif defined(OPTION1_DROP_VGIC_LOCK)
	ls_spin_unlock(&v->vgic_lock);          /* release the vgic lock ... */
	ls_spin_lock(&rank->lock);              /* ... then take the rank lock */
	if (p->migrating) {                     /* test_and_clear_bit(GIC_IRQ_GUEST_MIGRATING) */
		p->migrating = false;
		v_target = __vgic_get_target_vcpu(rank, irq);
		irq_set_affinity(irq, v_target);
	}
	ls_spin_unlock(&rank->lock);
#else
	if (p->migrating) {                     /* test_and_clear_bit(GIC_IRQ_GUEST_MIGRATING) */
		p->migrating = false;
#if defined(VGIC_4_8)
		v_target = vgic_get_target_vcpu(rank, irq); /* takes the rank lock */
#else
		v_target = rank->vcpu[irq];     /* __vgic_get_target_vcpu(), no rank lock */
#endif
		irq_set_affinity(irq, v_target);
	}
#endif
}

/* Once the three threads are done: X's affinity is not stranded on B's pCPU,
 * and no IRQ out of the LRs is left MIGRATING. */
static void vgic_check_quiescent(void)
{
	int irq;

	nr_done = nr_done + 1;
	if (nr_done == 3) {
		ls_assert(descs[0].affinity != vcpus[1].processor || ranks[0].vcpu[0] == &vcpus[1]);
		for (irq = 0; irq < NR_IRQS; irq++)
			ls_assert(pirqs[irq].inflight || !pirqs[irq].migrating);
	}
}

/* Thread: vCPU A leaves the guest after the EOI of X: gic_clear_lrs(v).  Only X
 * is in one of A's LRs (Y was never injected). */
static void gic_clear_lrs(struct vcpu *v)
{
	struct pending_irq *p = &pirqs[0];

	ls_spin_lock(&v->vgic_lock);            /* spin_lock(&v->arch.vgic.lock) */
#if defined(OPTION1_DROP_VGIC_LOCK)
	if (p->vcpu == v && p->inflight && !p->lr_pending)
		gic_update_one_lr(v, &ranks[0], 0);     /* returns with the lock released */
	else
		ls_spin_unlock(&v->vgic_lock);
#else
	if (p->vcpu == v && p->inflight && !p->lr_pending)
		gic_update_one_lr(v, &ranks[0], 0);
	ls_spin_unlock(&v->vgic_lock);          /* spin_unlock(&v->arch.vgic.lock) */
#endif
	vgic_check_quiescent();
}

/* vgic_v2_distr_mmio_write(GICD_ITARGETSR8) */
static void vgic_mmio_write_itargetsr(struct vgic_irq_rank *rank, struct vcpu *target_x, struct vcpu *target_y)
{
	ls_spin_lock(&rank->lock);              /* vgic_lock_rank(v, rank, flags) */
	vgic_store_itargetsr(rank, target_x, target_y);
	ls_spin_unlock(&rank->lock);            /* vgic_unlock_rank(v, rank, flags) */
}

/* Thread: the guest moves X to B, then to C (and Y from A to C), before A's EOI
 * is handled. */
static void guest_retarget_twice(struct vgic_irq_rank *rank)
{
	vgic_mmio_write_itargetsr(rank, &vcpus[1], &vcpus[0]);  /* X -> B, Y stays on A */
	vgic_mmio_write_itargetsr(rank, &vcpus[2], &vcpus[2]);  /* X -> C, Y -> C */
	vgic_check_quiescent();
}

/* vgic_enable_irqs(v, r, n) for the newly enabled Y; the caller holds the rank
 * lock. */
static void vgic_enable_irqs(struct vgic_irq_rank *rank, int irq)
{
	struct vcpu *v_target = __vgic_get_target_vcpu(rank, irq); /* 4.9: vgic_get_target_vcpu() */

	ls_spin_lock(&v_target->vgic_lock);     /* spin_lock_irqsave(&v_target->arch.vgic.lock, flags) */
	/* if inflight and not visible: gic_raise_guest_irq(v_target, irq, p->priority) */
	ls_spin_unlock(&v_target->vgic_lock);
	irq_set_affinity(irq, v_target);        /* p->desc != NULL */
}

/* Thread: a vCPU writes GICD_ISENABLER1 with Y's bit. */
static void guest_write_isenabler(struct vgic_irq_rank *rank)
{
	ls_spin_lock(&rank->lock);              /* vgic_lock_rank(v, rank, flags) */
	vgic_enable_irqs(rank, 1);              /* rank->ienable & ~tr: only Y is new */
	ls_spin_unlock(&rank->lock);            /* vgic_unlock_rank(v, rank, flags) */
	vgic_check_quiescent();
}

LS_SCENARIO
{
	vcpus[0].processor = 0;
	vcpus[1].processor = 1;
	vcpus[2].processor = 2;
	ranks[0].vcpu[0] = &vcpus[0];           /* ITARGETSR8: X on vCPU A */
	ranks[0].vcpu[1] = &vcpus[0];           /*             Y on vCPU A */
	descs[0].affinity = 0;
	descs[1].affinity = 0;
	pirqs[0].vcpu = &vcpus[0];
	pirqs[0].inflight = true;
#if defined(LR_PENDING_IRQ)
	pirqs[0].lr_pending = true;             /* X queued on A, not yet in an LR */
#else
	pirqs[0].lr_pending = false;            /* X in A's LR, the guest has EOIed it */
#endif
	pirqs[0].migrating = false;
	pirqs[1].vcpu = &vcpus[0];              /* Y: its target (option 3's stored vCPU) */
	pirqs[1].inflight = false;              /* Y: disabled, not pending */
	pirqs[1].lr_pending = false;
	pirqs[1].migrating = false;
	nr_done = 0;
	ls_thread(gic_clear_lrs, &vcpus[0]);
	ls_thread(guest_retarget_twice, &ranks[0]);
	ls_thread(guest_write_isenabler, &ranks[0]);
}
