/*
 * vgic-alloc.h - a domain and its vCPUs in Xen's style, for the side-car tests
 * (written for lockspin: the shapes of Xen's struct domain, struct vcpu and
 * xen/arch/arm/vgic.c, none of their code).  What the domain's interrupts
 * live in is allocated when the domain is built, which no scenario runs:
 * the ranks and pending interrupts are arrays behind pointer fields, the
 * vCPUs an array of pointers.  No lockspin annotation: alloc.sidecar.c
 * says what the pointers point to.
 */
#ifndef __ARM_VGIC_ALLOC_H__
#define __ARM_VGIC_ALLOC_H__

#include <xen/lib.h>
#include <xen/spinlock.h>
#include <xen/bitops.h>
#include <xen/list.h>

/* xen/xmalloc.h and xen/errno.h, as far as domain creation needs them */
void *_xzalloc(unsigned long size, unsigned long align);
#define xzalloc_array(_type, _num) ((_type *)_xzalloc(sizeof(_type) * (_num), __alignof__(_type)))
#define ENOMEM 12

#define NR_IRQS_PER_RANK 4
#define GIC_IRQ_GUEST_QUEUED 0
#define GIC_IRQ_GUEST_MIGRATING 1

struct vgic_irq_rank {
	spinlock_t lock;
	uint8_t index;
	uint8_t vcpu[NR_IRQS_PER_RANK];
};

struct pending_irq {
	unsigned long status;
	unsigned int irq;
	uint8_t priority;
	struct list_head inflight;
};

/* what the GIC's list registers hold, read into a local */
struct gic_lr {
	unsigned int virq;
	unsigned int state;
};

struct domain;

struct vcpu {
	int vcpu_id;
	struct domain *domain;
	struct {
		spinlock_t lock;
		struct list_head inflight_irqs;
	} vgic;
};

struct domain {
	unsigned int max_vcpus;
	struct vcpu **vcpu;
	struct {
		int nr_spis;
		struct vgic_irq_rank *shared_irqs;
		struct pending_irq *pending_irqs;
		unsigned int injections;
	} vgic;
};

struct gic_hw_operations {
	void (*read_lr)(int lr, struct gic_lr *lr_reg);
};
extern const struct gic_hw_operations *gic_hw_ops;

int domain_vgic_init(struct domain *d, unsigned int nr_spis);
struct vgic_irq_rank *vgic_rank_irq(struct vcpu *v, unsigned int irq);
struct pending_irq *irq_to_pending(struct vcpu *v, unsigned int irq);
void vgic_store_itargetsr(struct domain *d, struct vgic_irq_rank *rank, unsigned int offset, uint32_t itargetsr);
void gic_update_one_lr(struct vcpu *v, int i);
void vgic_vcpu_inject_irq(struct vcpu *v, unsigned int virq);
void vgic_clear_inflight(struct vcpu *v);
void vgic_count_injection(struct domain *d);

#endif /* __ARM_VGIC_ALLOC_H__ */
