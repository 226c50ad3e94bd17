/*
 * vgic-v2.c - the GICv2 distributor's ITARGETSR and the driver (Xen style,
 * written for lockspin).
 */
#include "vgic.h"

static void gicv2_update_lr(int lr, unsigned int virq, unsigned int priority)
{
	(void)lr;
	(void)virq;
	(void)priority;
}

static void gicv2_clear_lr(int lr)
{
	(void)lr;
}

const struct gic_hw_operations gicv2_ops = {
	.name = "GIC-400",
	.update_lr = gicv2_update_lr,
	.clear_lr = gicv2_clear_lr,
};

/* an ITARGETSR write: the rank lock, then the old target's vgic lock */
int vgic_v2_store_itargetsr(struct vcpu *v, unsigned int irq, uint8_t target)
{
	struct vgic_irq_rank *rank = vgic_rank_irq(v, irq);
	unsigned long flags;
	unsigned int old;

	if (target >= NR_VCPUS)
		return -1;
	spin_lock_irqsave(&rank->lock, flags);
	old = rank->vcpu[irq % IRQS_PER_RANK];
	if (old != target)
		vgic_migrate_irq(&vcpus[old], &vcpus[target], irq);
	rank->vcpu[irq % IRQS_PER_RANK] = target;
	spin_unlock_irqrestore(&vgic_rank_irq(v, irq)->lock, flags);
	return 0;
}
