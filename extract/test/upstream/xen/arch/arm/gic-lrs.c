/*
 * gic-lrs.c - a pCPU's list registers in Xen's style (written for lockspin:
 * the shapes of xen/arch/arm/gic.c, none of its code).  Which LRs hold an
 * interrupt is a per-CPU bitmap, searched with find_first_zero_bit(),
 * find_next_bit() and for_each_set_bit(); how many LRs there are is a data
 * field of the table the GIC driver installs (gic_hw_ops->info->nr_lrs).
 */
#include <xen/lib.h>
#include <xen/spinlock.h>
#include <xen/bitops.h>
#include <xen/percpu.h>

struct gic_info {
    unsigned int nr_lrs;
};

struct gic_hw_operations {
    const struct gic_info *info;
    void (*clear_lr)(int lr);
};

const struct gic_hw_operations *gic_hw_ops;

static DEFINE_PER_CPU(uint64_t, lr_mask);
spinlock_t lr_lock;
unsigned int lr_overflow;

/* a free LR for an interrupt, or -1 with the interrupt queued */
int gic_take_lr(void)
{
    int i;
    unsigned int nr_lrs = gic_hw_ops->info->nr_lrs;

    spin_lock(&lr_lock);
    i = find_first_zero_bit(&this_cpu(lr_mask), nr_lrs);
    if ( i < nr_lrs )
    {
        set_bit(i, &this_cpu(lr_mask));
        spin_unlock(&lr_lock);
        return i;
    }
    lr_overflow++;
    spin_unlock(&lr_lock);
    return -1;
}

/* how many LRs are in use */
unsigned int gic_lrs_in_use(void)
{
    unsigned int i, n = 0;
    unsigned int nr_lrs = gic_hw_ops->info->nr_lrs;

    for_each_set_bit ( i, &this_cpu(lr_mask), nr_lrs )
        n++;
    return n;
}

/* the maintenance interrupt: every LR in use is cleared */
void gic_clear_lrs(void)
{
    int i = 0;
    unsigned int nr_lrs = gic_hw_ops->info->nr_lrs;

    spin_lock(&lr_lock);
    while ( (i = find_next_bit((const unsigned long *) &this_cpu(lr_mask),
                               nr_lrs, i)) < nr_lrs )
    {
        gic_hw_ops->clear_lr(i);
        clear_bit(i, &this_cpu(lr_mask));
        i++;
    }
    spin_unlock(&lr_lock);
}

/* the LRs the hardware reports in use, from an out-of-line helper in a
 * file not given: what it returns is untracked, and so is i after it */
unsigned long gic_hw_next_lr(unsigned int from);
void gic_clear_reported(void)
{
    int i = 0;
    unsigned int nr_lrs = gic_hw_ops->info->nr_lrs;

    while ( (i = gic_hw_next_lr(i)) < nr_lrs )
    {
        clear_bit(i, &this_cpu(lr_mask));
        i++;
    }
}
