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

/* what domain and vCPU creation (which no scenario runs) allocate: one
 * domain with 32 SPIs (one rank) and two vCPUs, each with its rank of
 * SGIs/PPIs; pending_irqs holds the 4 SPIs of ITARGETSR8 (an index past
 * them is an out-of-bounds verdict, not a guess) */
#ifndef NR_VCPUS
#define NR_VCPUS 2 /* -DNR_VCPUS=3: a third vCPU writes ITARGETSR8 too */
#endif
static struct vcpu vcpus[NR_VCPUS];
static struct domain dom;
static struct vgic_irq_rank spi_rank[1];
static struct vgic_irq_rank private_rank[NR_VCPUS];
static struct pending_irq spi_pending[4];

/* one side-car for three trees: the variant names the tree it expects
 * (lockspin check --variant NAME with that tree's compile_commands.json) */
LS_VARIANT(before_fix, "", "deadlock",
	   "at 378384399e^: gic_update_one_lr() takes the rank lock under the vgic lock, an ITARGETSR write "
	   "takes them the other way (ABBA); and the write re-takes its rank lock to read the priority");
LS_VARIANT(rank_atomic, "", "deadlock",
	   "at 378384399e (rank->vcpu read atomically): the ABBA is gone, the ITARGETSR write still re-takes "
	   "its rank lock in vgic_get_virq_priority()");
LS_VARIANT(fixed, "", "ok", "at 43208a9cb4: the priority is read without the rank lock too");

/* the target vCPU of each SPI is the state the protocol is about; the
 * rank's index and the domain's sizes decide which rank an IRQ is in */
#if NR_VCPUS > 2
LS_FIELD(struct vgic_irq_rank, vcpu, LS_STATE LS_RANGE(0, 2));
LS_FIELD(struct domain, max_vcpus, LS_STATE LS_RANGE(3, 3));
#else
LS_FIELD(struct vgic_irq_rank, vcpu, LS_STATE LS_RANGE(0, 1));
LS_FIELD(struct domain, max_vcpus, LS_STATE LS_RANGE(2, 2));
#endif
LS_FIELD(struct vgic_irq_rank, index, LS_STATE LS_RANGE(0, 1));
LS_FIELD(struct domain, arch.vgic.nr_spis, LS_STATE LS_RANGE(32, 32));

/* and how creation links them: v->domain, d->vcpu[n], the domain's rank and
 * pending arrays, each vCPU's own rank */
LS_POINTS_TO(struct vcpu, domain, dom);
LS_POINTS_TO(struct domain, vcpu, vcpus);
LS_POINTS_TO(struct domain, arch.vgic.shared_irqs, spi_rank);
LS_POINTS_TO(struct domain, arch.vgic.pending_irqs, spi_pending);
LS_POINTS_TO_EACH(struct vcpu, arch.vgic.private_irqs, private_rank);

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
/* the GIC driver's table (gicv2_ops, installed at boot): one LR, whose
 * bit in the pCPU's lr_mask says it is in use; find_next_bit() and
 * find_first_zero_bit() search the modelled word exactly */
static struct gic_info lrs_info;
static struct gic_hw_operations gic_ops;
LS_GLOBAL_POINTS_TO(gic_hw_ops, gic_ops);
LS_POINTS_TO(struct gic_hw_operations, info, lrs_info);
LS_FIELD(struct gic_info, nr_lrs, LS_STATE LS_RANGE(1, 1));
LS_PER_CPU(lr_mask, LS_STATE LS_RANGE(0, 1));
#if NR_VCPUS > 2 && defined(ABSTRACT_RAISE)
/* -DABSTRACT_RAISE: the LR bookkeeping of raising an interrupt (under the
 * vgic lock, no lock of its own) is left out */
LS_ABSTRACT(gic_raise_guest_irq, LS_IGNORE);
#endif

/* pCPU 0 runs vCPU 0: the guest EOIs SPI 32, the maintenance interrupt
 * clears its LR under vCPU 0's vgic lock */
static void eoi(void *arg)
{
	(void)arg;
	gic_clear_lrs(&vcpus[0]);
}

/* vCPU n writes ITARGETSR8 (SPIs 32..35: SPI 32 to vCPU n, the others to
 * none, which the write skips) with the rank lock, as
 * vgic_v2_distr_mmio_write() does */
static void itargetsr_from(int n)
{
	unsigned long flags;
	vgic_lock_rank(&vcpus[n], &spi_rank[0], flags);
	vgic_store_itargetsr(&dom, &spi_rank[0], 0, 1u << n);
	vgic_unlock_rank(&vcpus[n], &spi_rank[0], flags);
}
static void itargetsr(void *arg)
{
	(void)arg;
	itargetsr_from(1);
}
#if NR_VCPUS > 2
static void itargetsr2(void *arg)
{
	(void)arg;
	itargetsr_from(2);
}
#endif

LS_SCENARIO
{
	spi_rank[0].index = 1;
	per_cpu__lr_mask[0] = 1; /* LR 0 of pCPU 0 holds SPI 32 */
	ls_thread(eoi, NULL);
	ls_thread(itargetsr, NULL);
#if NR_VCPUS > 2
	ls_thread(itargetsr2, NULL);
#endif
}
