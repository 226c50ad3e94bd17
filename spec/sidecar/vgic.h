/*
 * vgic.h - a virtual interrupt controller in Xen's style, for the side-car
 * tests (written for lockspin: the shapes of xen/arch/arm/vgic.c, gic.c and
 * vgic-v2.c, none of their code).  The files of this program carry no
 * lockspin annotation: vgic.sidecar.c gives them all.
 */
#ifndef __ASM_ARM_VGIC_H__
#define __ASM_ARM_VGIC_H__

#include <xen/lib.h>
#include <xen/spinlock.h>

#ifndef CONFIG_NR_VCPUS
#error "built without config.h (-include config.h, from compile_commands.json)"
#endif
#define NR_VCPUS CONFIG_NR_VCPUS
#define NR_RANKS 2
#define IRQS_PER_RANK 2
#define NR_LRS 2

/* the interrupts of one rank: their target vCPU, under the rank lock */
struct vgic_irq_rank {
	spinlock_t lock;
	uint8_t index;
	uint8_t vcpu[IRQS_PER_RANK];
};

struct pending_irq {
	unsigned int irq;
	uint8_t lr;
};

struct domain {
	int domain_id;
	unsigned int nr_lrs;
};

struct arch_vcpu {
	struct {
		spinlock_t lock;         /* the per-vCPU vgic lock */
		unsigned int lr_mask;
	} vgic;
};

struct vcpu {
	int vcpu_id;
	struct domain *domain;
	struct arch_vcpu arch;
};

/* a GICv3 redistributor's ranks: an array of lock-bearing structs inside
 * a struct, which the model cannot hold yet; no scenario here reaches it */
struct vgic_rdist {
	spinlock_t lock;
	struct vgic_irq_rank ranks[NR_RANKS];
};

extern struct vgic_rdist vgic_rdist0;
void vgic_v3_lock_rank(struct vgic_rdist *rd, unsigned int n);

/* the GIC driver's operations, installed at boot (gic-v2 or gic-v3) */
struct gic_hw_operations {
	const char *name;
	void (*update_lr)(int lr, unsigned int virq, unsigned int priority);
	void (*clear_lr)(int lr);
};

extern const struct gic_hw_operations *gic_hw_ops;
extern struct vgic_irq_rank shared_ranks[NR_RANKS];
extern struct vcpu vcpus[NR_VCPUS];

struct vgic_irq_rank *vgic_rank_irq(struct vcpu *v, unsigned int irq);
struct vcpu *vgic_get_target_vcpu(struct vcpu *v, unsigned int irq);
void vgic_migrate_irq(struct vcpu *old, struct vcpu *new, unsigned int irq);
void gic_update_one_lr(struct vcpu *v, int lr, unsigned int irq);
void register_gic_ops(const struct gic_hw_operations *ops);
int vgic_v2_store_itargetsr(struct vcpu *v, unsigned int irq, uint8_t target);

#endif /* __ASM_ARM_VGIC_H__ */
