/*
 * vgic.sidecar.c - a side-car for Xen's own xen/arch/arm/vgic.c, vgic-v2.c
 * and gic.c, unmodified (Xen 4.9 development, 2017): the rank lock vs
 * vgic lock ABBA fixed by 378384399e "arm: read/write rank->vcpu
 * atomically" and the rank self-deadlock fixed by 43208a9cb4 "ARM: vGIC:
 * avoid rank lock when reading priority" (../shared/PROTOCOLS.md section 6).
 * Nothing of Xen is in lockspin: prepare-tree.sh writes the tree, see
 * README, "A side-car on real Xen".
 *
 *   sh spec/sidecar/xen/prepare-tree.sh XEN.git 378384399e^ /tmp/xen-bug
 *   X=/tmp/xen-bug/xen/arch/arm
 *   lockspin check --variant before_fix --compile-commands /tmp/xen-bug/compile_commands.json \
 *       --sidecar spec/sidecar/xen/vgic.sidecar.c $X/vgic.c $X/vgic-v2.c $X/gic.c
 */
#include "lockspin-sidecar.h"

static struct vcpu vc0, vc1;
static struct vgic_irq_rank spi_rank[1];
static struct pending_irq spi_pending[1];

/* one side-car for three trees: the variant names the tree it expects
 * (lockspin check --variant NAME with that tree's compile_commands.json) */
LS_VARIANT(before_fix, "", "deadlock",
	   "at 378384399e^: gic_update_one_lr() takes the rank lock under the vgic lock, an ITARGETSR write "
	   "takes them the other way (ABBA); and the write re-takes its rank lock to read the priority");
LS_VARIANT(rank_atomic, "", "deadlock",
	   "at 378384399e (rank->vcpu read atomically): the ABBA is gone, the ITARGETSR write still re-takes "
	   "its rank lock in vgic_get_virq_priority()");
LS_VARIANT(fixed, "", "ok", "at 43208a9cb4: the priority is read without the rank lock too");

/* the target vCPU of each SPI is the state the protocol is about */
LS_FIELD(struct vgic_irq_rank, vcpu, LS_STATE LS_RANGE(0, 1));

/* the domain's ranks and pending_irqs are arrays it allocates: the model
 * has them as the side-car's globals, reached by the same accessors */
static struct vgic_irq_rank *sc_rank_irq(struct vcpu *v, unsigned int irq)
{
	(void)v;
	(void)irq;
	return &spi_rank[0];
}
LS_REPLACE(vgic_rank_irq, sc_rank_irq);
static struct pending_irq *sc_irq_to_pending(struct vcpu *v, unsigned int irq)
{
	(void)v;
	(void)irq;
	return &spi_pending[0];
}
LS_REPLACE(irq_to_pending, sc_irq_to_pending);
/* vgic_vcpu_inject_irq() with the same locks and calls, but without its
 * insertion into the vCPU's inflight list (ordered by priority), a walk
 * over list heads the model does not follow */
static void sc_vcpu_inject_irq(struct vcpu *v, unsigned int virq)
{
	unsigned long flags;
	uint8_t priority = vgic_get_virq_priority(v, virq);

	(void)priority;
	spin_lock_irqsave(&v->arch.vgic.lock, flags);
	spin_unlock_irqrestore(&v->arch.vgic.lock, flags);
}
LS_REPLACE(vgic_vcpu_inject_irq, sc_vcpu_inject_irq);

/* the LRs are hardware: LR 0 holds SPI 32, EOIed (neither pending nor active) */
static void lr_read(int lr, struct gic_lr *lr_reg)
{
	(void)lr;
	lr_reg->virq = 32;
	lr_reg->state = 0;
}
static void lr_write(int lr, const struct gic_lr *lr_reg) { (void)lr; (void)lr_reg; }
static void lr_clear(int lr) { (void)lr; }
static void lr_update(int lr, const struct pending_irq *p, unsigned int state) { (void)lr; (void)p; (void)state; }
LS_TARGETS_OF(gic_hw_ops, read_lr, lr_read);
LS_TARGETS_OF(gic_hw_ops, write_lr, lr_write);
LS_TARGETS_OF(gic_hw_ops, clear_lr, lr_clear);
LS_TARGETS_OF(gic_hw_ops, update_lr, lr_update);
static void hcr_update(uint32_t flag, bool status) { (void)flag; (void)status; }
LS_TARGETS_OF(gic_hw_ops, update_hcr_status, hcr_update);
LS_PER_CPU(lr_mask, LS_STATE LS_RANGE(0, 1));
/* raising the interrupt again queues it on list heads the model does not follow */
LS_ABSTRACT(gic_raise_guest_irq, LS_IGNORE);

/* pCPU 0 runs vCPU 0: the guest EOIs SPI 32, the maintenance interrupt
 * clears its LR under vCPU 0's vgic lock */
static void eoi(void *arg)
{
	(void)arg;
	gic_clear_lrs(&vc0);
}

/* vCPU 1 writes ITARGETSR8 (SPIs 32..35) with the rank lock, as
 * vgic_v2_distr_mmio_write() does */
static void itargetsr(void *arg)
{
	(void)arg;
	unsigned long flags;
	vgic_lock_rank(&vc1, &spi_rank[0], flags);
	/* vgic_store_itargetsr(): SPI 32 moves from vCPU 0 to vCPU 1 */
	vgic_migrate_irq(&vc0, &vc1, 32);
	vgic_unlock_rank(&vc1, &spi_rank[0], flags);
}

LS_SCENARIO
{
	ls_thread(eoi, NULL);
	ls_thread(itargetsr, NULL);
}
