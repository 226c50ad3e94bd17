/*
 * vgic.c - ranks and vCPU targets (Xen style, written for lockspin).
 */
#include "vgic.h"

struct vgic_irq_rank shared_ranks[NR_RANKS];
struct vcpu vcpus[NR_VCPUS];

static struct domain dom0;

struct vgic_irq_rank *vgic_rank_irq(struct vcpu *v, unsigned int irq)
{
	(void)v;
	return &shared_ranks[irq / IRQS_PER_RANK];
}

/* the target of irq, read under its rank's lock */
struct vcpu *vgic_get_target_vcpu(struct vcpu *v, unsigned int irq)
{
	struct vgic_irq_rank *rank = vgic_rank_irq(v, irq);
	struct vcpu *target;
	unsigned long flags;

	spin_lock_irqsave(&rank->lock, flags);
	target = &vcpus[rank->vcpu[irq % IRQS_PER_RANK]];
	spin_unlock_irqrestore(&rank->lock, flags);
	return target;
}

/* called with the rank lock held: takes the old vCPU's vgic lock */
void vgic_migrate_irq(struct vcpu *old, struct vcpu *new, unsigned int irq)
{
	unsigned long flags;

	(void)new;
	(void)irq;
	spin_lock_irqsave(&old->arch.vgic.lock, flags);
	old->arch.vgic.lr_mask = 0;
	spin_unlock_irqrestore(&old->arch.vgic.lock, flags);
}

struct vgic_rdist vgic_rdist0;

void vgic_v3_lock_rank(struct vgic_rdist *rd, unsigned int n)
{
	spin_lock(&rd->ranks[n].lock);
	spin_unlock(&rd->ranks[n].lock);
}

/* never reached from the scenario: a construct the model rejects
 * (a computed goto) is fine here */
int vgic_dump_state(int which)
{
	static void *const tab[] = { &&one, &&two };
	goto *tab[which & 1];
one:
	return dom0.domain_id;
two:
	return 2;
}
