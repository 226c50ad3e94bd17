/*
 * vgic-alloc.sidecar.c - the side-car of arch/arm/vgic-alloc.c over the fake
 * Xen tree (extract/test/t/165-upstream.sh):
 * what domain creation (which no scenario runs) would have allocated and
 * linked, given as the side-car's own objects with LS_POINTS_TO.
 */
#include "lockspin-sidecar.h"

static struct vcpu vcpus[2];
static struct domain dom;
static struct vgic_irq_rank ranks[2];
static struct pending_irq pending[12];
/* a list head in an anonymous member: the native build does not look inside */
static struct {
	union {
		struct list_head irqs;
		unsigned long words[2];
	};
} spare;

LS_VARIANT(bad, "", "deadlock",
	   "the EOI of a migrating interrupt takes the rank lock under the vgic lock, "
	   "an ITARGETSR write the vgic lock of d->vcpu[old target] under the rank lock");
LS_VARIANT(fixed, "FIXED", "ok", "the EOI does not look up the target");
LS_VARIANT(set_bit_seen, "NOT_MIGRATING", "potential-deadlock",
	   "not migrating at first: the EOI sees the bit only once the ITARGETSR write has set it (__set_bit() under "
	   "the vgic lock), so both orders are taken but never at once: a lock-order cycle, no deadlock");
LS_VARIANT(inject, "FIXED INJECT", "ok", "an interrupt injected into vCPU 0 walks its inflight list");
LS_VARIANT(inject_bad, "INJECT_THEN_MOVE", "deadlock",
	   "the ITARGETSR write of 'bad' after an injection into vCPU 0 has walked its inflight list (natively the "
	   "list head, zeros until vcpu_vgic_init() would INIT_LIST_HEAD it, starts empty)");
LS_VARIANT(walk_anon, "WALK_ANON", "deadlock",
	   "the ITARGETSR write of 'bad' after a walk of a list in an anonymous member of the side-car's: natively "
	   "no code makes it a list, an error at the walk (exit 2), never a crash");
LS_VARIANT(lost_count, "LOST_COUNT", "assertion",
	   "both threads count an injection with d->vgic.injections = d->vgic.injections + 1, unlocked: the replay "
	   "stops the first between its read and its write, as the model's schedule does, and one count is lost");
LS_VARIANT(walk_write, "FIXED WALK_WRITE", "ok", "clears a bit of each inflight entry: an error, the walk's entries are not followed");
LS_VARIANT(rank_oob, "RANK_OOB", "out-of-bounds",
	   "nr_spis says 12 interrupts, but the domain has only 2 ranks: shared_irqs[2] is outside them");

LS_POINTS_TO(struct vcpu, domain, dom);
LS_POINTS_TO(struct domain, vcpu, vcpus);
LS_POINTS_TO(struct domain, vgic.shared_irqs, ranks);
LS_POINTS_TO(struct domain, vgic.pending_irqs, pending);

LS_FIELD(struct vgic_irq_rank, vcpu, LS_STATE LS_RANGE(0, 1));
LS_FIELD(struct vgic_irq_rank, index, LS_STATE LS_RANGE(0, 2));
LS_FIELD(struct domain, vgic.nr_spis, LS_STATE LS_RANGE(0, 12));
LS_FIELD(struct domain, max_vcpus, LS_STATE LS_RANGE(2, 2));
LS_FIELD(struct pending_irq, status, LS_STATE LS_RANGE(0, 3));
LS_FIELD(struct domain, vgic.injections, LS_STATE LS_RANGE(0, 2));

#ifdef LOST_COUNT
static int counted LS_STATE LS_RANGE(0, 2);

/* count, then the second to finish looks at the total */
static void count_and_check(void)
{
	unsigned long flags;
	vgic_count_injection(&dom);
	spin_lock_irqsave(&ranks[0].lock, flags);
	counted = counted + 1;
	if ( counted == 2 )
		ASSERT(dom.vgic.injections == 2);
	spin_unlock_irqrestore(&ranks[0].lock, flags);
}
#endif

/* the hardware: LR 0 holds interrupt 4 (rank 1), or 8 (no rank) */
static void lr_read(int lr, struct gic_lr *lr_reg)
{
	(void)lr;
#ifdef RANK_OOB
	lr_reg->virq = 8;
#else
	lr_reg->virq = 4;
#endif
	lr_reg->state = 0;
}
LS_TARGETS_OF(gic_hw_ops, read_lr, lr_read);

static void eoi(void *arg)
{
	(void)arg;
	unsigned long flags;
#ifdef LOST_COUNT
	(void)flags;
	count_and_check();
#else
	spin_lock_irqsave(&vcpus[0].vgic.lock, flags);
	gic_update_one_lr(&vcpus[0], 0);
	spin_unlock_irqrestore(&vcpus[0].vgic.lock, flags);
#endif
}

/* interrupt 4 (rank 1, offset 0) moves to vCPU 1 */
static void itargetsr(void *arg)
{
	(void)arg;
	unsigned long flags;
#if defined(LOST_COUNT)
	(void)flags;
	count_and_check();
#elif defined(INJECT)
	(void)flags;
	vgic_vcpu_inject_irq(&vcpus[0], 4);
#elif defined(INJECT_THEN_MOVE)
	vgic_vcpu_inject_irq(&vcpus[0], 4);
	spin_lock_irqsave(&ranks[1].lock, flags);
	vgic_store_itargetsr(&dom, &ranks[1], 0, 1u << 1);
	spin_unlock_irqrestore(&ranks[1].lock, flags);
#elif defined(WALK_ANON)
	struct pending_irq *iter;
	list_for_each_entry ( iter, &spare.irqs, inflight )
	{
		spin_lock_irqsave(&ranks[0].lock, flags);
		spin_unlock_irqrestore(&ranks[0].lock, flags);
	}
	spin_lock_irqsave(&ranks[1].lock, flags);
	vgic_store_itargetsr(&dom, &ranks[1], 0, 1u << 1);
	spin_unlock_irqrestore(&ranks[1].lock, flags);
#elif defined(WALK_WRITE)
	(void)flags;
	vgic_clear_inflight(&vcpus[0]);
#else
	spin_lock_irqsave(&ranks[1].lock, flags);
	vgic_store_itargetsr(&dom, &ranks[1], 0, 1u << 1);
	spin_unlock_irqrestore(&ranks[1].lock, flags);
#endif
}

LS_SCENARIO
{
	dom.vgic.nr_spis = 8;
#ifdef RANK_OOB
	dom.vgic.nr_spis = 12;
#endif
	ranks[1].index = 1;
#ifndef NOT_MIGRATING
	pending[4].status = 2; /* migrating already: the EOI finds them so */
	pending[8].status = 2;
#endif
	ls_thread(eoi, NULL);
	ls_thread(itargetsr, NULL);
}
