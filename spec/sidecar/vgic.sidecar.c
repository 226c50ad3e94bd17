/*
 * vgic.sidecar.c - everything lockspin needs to check vgic.c, gic.c and
 * vgic-v2.c as they are: what is modelled, the ops table's targets, and the
 * scenario (the rank lock vs vgic lock ABBA of Xen before 4.9).
 *
 *   lockspin check --sidecar spec/sidecar/vgic.sidecar.c \
 *       --compile-commands build/sidecar/compile_commands.json \
 *       spec/sidecar/vgic.c spec/sidecar/gic.c spec/sidecar/vgic-v2.c
 */
#include "lockspin-sidecar.h"

LS_VARIANT(bad, "", "deadlock",
	   "gic_update_one_lr() takes the rank lock under the vgic lock; an ITARGETSR write takes them the other way");
LS_VARIANT(ok, "FIXED", "ok",
	   "the fix: the target vCPU is read without the rank lock (read_atomic), as Xen 4.9 does");

/* the target of each interrupt is the state the protocol is about */
LS_FIELD(struct vgic_irq_rank, vcpu, LS_STATE LS_RANGE(0, 1));
/* the driver installed at boot is gic-v2 */
LS_TARGETS_OF(gic_hw_ops, update_lr, gicv2_update_lr);
LS_TARGETS_OF(gic_hw_ops, clear_lr, gicv2_clear_lr);

#ifdef FIXED
/* the proposed fix, checked without editing vgic.c */
static struct vcpu *vgic_get_target_vcpu_atomic(struct vcpu *v, unsigned int irq)
{
	struct vgic_irq_rank *rank = vgic_rank_irq(v, irq);

	return &vcpus[rank->vcpu[irq % IRQS_PER_RANK]];
}
LS_REPLACE(vgic_get_target_vcpu, vgic_get_target_vcpu_atomic);
#endif

static void guest_eoi(void *arg)
{
	(void)arg;
	gic_update_one_lr(&vcpus[0], 0, 1);
}

static void guest_itargetsr(void *arg)
{
	(void)arg;
	vgic_v2_store_itargetsr(&vcpus[1], 1, 1);
}

LS_SCENARIO
{
	ls_thread(guest_eoi, NULL);
	ls_thread(guest_itargetsr, NULL);
}
