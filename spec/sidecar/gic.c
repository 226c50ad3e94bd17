/*
 * gic.c - list registers and the driver's ops table (Xen style, written for
 * lockspin).
 */
#include "vgic.h"

const struct gic_hw_operations *gic_hw_ops;

/* this CPU has written a list register since it last looked */
static DEFINE_PER_CPU(bool, lr_pending);

void register_gic_ops(const struct gic_hw_operations *ops)
{
	gic_hw_ops = ops;
}

/* called with v's vgic lock held, as Xen's gic_update_one_lr() is */
static void gic_update_one_lr_locked(struct vcpu *v, int lr, unsigned int irq)
{
	struct vcpu *target = vgic_get_target_vcpu(v, irq);

	(void)target;
	gic_hw_ops->clear_lr(lr);
}

void gic_update_one_lr(struct vcpu *v, int lr, unsigned int irq)
{
	unsigned long flags;

	spin_lock_irqsave(&v->arch.vgic.lock, flags);
	gic_update_one_lr_locked(v, lr, irq);
	gic_hw_ops->update_lr(lr, irq, 0xa0);
	this_cpu(lr_pending) = true;
	spin_unlock_irqrestore(&v->arch.vgic.lock, flags);
}
