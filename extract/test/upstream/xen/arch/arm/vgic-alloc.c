/*
 * vgic-alloc.c - a domain's interrupts in Xen's style (written for lockspin):
 * ranks found by index into d->vgic.shared_irqs, pending interrupts into
 * d->vgic.pending_irqs, a target vCPU as d->vcpu[n], the vCPU's inflight
 * list walked in priority order.
 */
#include "vgic-alloc.h"

const struct gic_hw_operations *gic_hw_ops;

/* domain creation allocates the arrays: no scenario runs it */
int domain_vgic_init(struct domain *d, unsigned int nr_spis)
{
	d->vgic.nr_spis = nr_spis;
	d->vgic.shared_irqs = xzalloc_array(struct vgic_irq_rank, nr_spis / NR_IRQS_PER_RANK);
	d->vgic.pending_irqs = xzalloc_array(struct pending_irq, nr_spis);
	return d->vgic.shared_irqs && d->vgic.pending_irqs ? 0 : -ENOMEM;
}

static struct vgic_irq_rank *vgic_get_rank(struct vcpu *v, int rank)
{
	if ( rank < v->domain->vgic.nr_spis / NR_IRQS_PER_RANK )
		return &v->domain->vgic.shared_irqs[rank];
	return NULL;
}

struct vgic_irq_rank *vgic_rank_irq(struct vcpu *v, unsigned int irq)
{
	return vgic_get_rank(v, irq / NR_IRQS_PER_RANK);
}

struct pending_irq *irq_to_pending(struct vcpu *v, unsigned int irq)
{
	return &v->domain->vgic.pending_irqs[irq];
}

static struct vcpu *vgic_get_target_vcpu(struct vcpu *v, unsigned int virq)
{
	struct vgic_irq_rank *rank = vgic_rank_irq(v, virq);
	struct vcpu *target;
	unsigned long flags;

	spin_lock_irqsave(&rank->lock, flags);
	target = v->domain->vcpu[rank->vcpu[virq % NR_IRQS_PER_RANK]];
	spin_unlock_irqrestore(&rank->lock, flags);
	return target;
}

/* the rank lock is held: an interrupt that moves is taken from its old
 * vCPU under that vCPU's vgic lock; the new target is the lowest bit of
 * the register's byte (the vCPU IDs start from 0) */
void vgic_store_itargetsr(struct domain *d, struct vgic_irq_rank *rank, unsigned int offset, uint32_t itargetsr)
{
	unsigned int target = ffs(itargetsr) - 1;
	unsigned int old_target = rank->vcpu[offset];
	struct vcpu *old = d->vcpu[old_target];
	struct pending_irq *p = irq_to_pending(old, rank->index * NR_IRQS_PER_RANK + offset);
	unsigned long flags;

	ASSERT(target < d->max_vcpus);
	if ( target == old_target )
		return;
	spin_lock_irqsave(&old->vgic.lock, flags);
	__set_bit(GIC_IRQ_GUEST_MIGRATING, &p->status); /* atomic on ARM: set_bit() */
	spin_unlock_irqrestore(&old->vgic.lock, flags);
	rank->vcpu[offset] = target;
}

/* the maintenance interrupt, under the vCPU's vgic lock: an EOIed
 * interrupt that was migrating goes to its new target */
void gic_update_one_lr(struct vcpu *v, int i)
{
	struct gic_lr lr_val;
	struct pending_irq *p;

	ASSERT(spin_is_locked(&v->vgic.lock));
	gic_hw_ops->read_lr(i, &lr_val);
	p = irq_to_pending(v, lr_val.virq);
	if ( test_and_clear_bit(GIC_IRQ_GUEST_MIGRATING, &p->status) )
	{
#ifndef FIXED
		struct vcpu *t = vgic_get_target_vcpu(v, lr_val.virq);
		(void)t;
#endif
	}
}

void vgic_vcpu_inject_irq(struct vcpu *v, unsigned int virq)
{
	struct pending_irq *iter, *n = irq_to_pending(v, virq);
	unsigned long flags;

	spin_lock_irqsave(&v->vgic.lock, flags);
	set_bit(GIC_IRQ_GUEST_QUEUED, &n->status);
	list_for_each_entry ( iter, &v->vgic.inflight_irqs, inflight )
	{
		if ( iter->priority > n->priority )
		{
			list_add_tail(&n->inflight, &iter->inflight);
			goto out;
		}
	}
	list_add_tail(&n->inflight, &v->vgic.inflight_irqs);
out:
	spin_unlock_irqrestore(&v->vgic.lock, flags);
}

/* a walk that changes its entries' modelled state: the walk's entries are
 * not followed, so this is an error where the write is */
void vgic_clear_inflight(struct vcpu *v)
{
	struct pending_irq *p;
	unsigned long flags;

	spin_lock_irqsave(&v->vgic.lock, flags);
	list_for_each_entry ( p, &v->vgic.inflight_irqs, inflight )
		clear_bit(GIC_IRQ_GUEST_QUEUED, &p->status);
	spin_unlock_irqrestore(&v->vgic.lock, flags);
}

/* the domain's statistics: counted without a lock, as a statistic may be,
 * but read back as if exact (a lost update) */
void vgic_count_injection(struct domain *d)
{
	d->vgic.injections = d->vgic.injections + 1;
}
