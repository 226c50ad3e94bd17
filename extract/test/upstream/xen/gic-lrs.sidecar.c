/*
 * gic-lrs.sidecar.c - the side-car of arch/arm/gic-lrs.c over the fake Xen
 * tree (extract/test/t/165-upstream.sh): the LR bitmap is a modelled
 * per-CPU word, the number of LRs a constant reached through the ops table
 * (LS_GLOBAL_POINTS_TO, then LS_POINTS_TO), the LR hardware a no-op.
 */
#include "lockspin-sidecar.h"

LS_VARIANT(fill, "", "ok", "two LRs: the first two interrupts take LR 0 and 1, the third is queued, "
	   "the maintenance interrupt clears both");
LS_VARIANT(overfill, "OVERFILL", "assertion", "the third interrupt is expected in an LR: there are only two");
LS_VARIANT(untracked_mask, "UNTRACKED_MASK", "ok",
	   "the bitmap not declared: the searches are untracked, an assertion over what they found an error");
LS_VARIANT(reported, "REPORTED", "ok",
	   "the LRs in use from a helper not given: an error, the loop's index is any int after it");

static struct gic_info lrs_info;
static void lr_clear(int lr) { (void)lr; }
static struct gic_hw_operations gic_ops;

LS_FIELD(struct gic_info, nr_lrs, LS_STATE LS_RANGE(2, 2));
LS_GLOBAL_POINTS_TO(gic_hw_ops, gic_ops);
LS_POINTS_TO(struct gic_hw_operations, info, lrs_info);
LS_TARGETS_OF(gic_hw_ops, clear_lr, lr_clear);
#ifndef UNTRACKED_MASK
LS_PER_CPU(lr_mask, LS_STATE LS_RANGE(0, 3));
#endif

/* over an untracked bitmap what the searches find is untracked: not asserted */
#ifdef UNTRACKED_MASK
#define LRS_ASSERT(p) ((void)0)
#else
#define LRS_ASSERT(p) ASSERT(p)
#endif

static void cpu0(void *arg)
{
    (void)arg;
    int a = gic_take_lr();
    int b = gic_take_lr();
    int c = gic_take_lr();
    LRS_ASSERT(a == 0 && b == 1);
#ifdef OVERFILL
    LRS_ASSERT(c == 2);
#else
    LRS_ASSERT(c == -1);
#endif
    unsigned int n = gic_lrs_in_use();
    LRS_ASSERT(n == 2);
    gic_clear_lrs();
    n = gic_lrs_in_use();
    LRS_ASSERT(n == 0);
    a = gic_take_lr();
    LRS_ASSERT(a == 0);
#ifdef REPORTED
    gic_clear_reported();
#endif
}

/* CPU 1 has LRs of its own: its bitmap is another word */
static void cpu1(void *arg)
{
    (void)arg;
    int a = gic_take_lr();
    LRS_ASSERT(a == 0);
    gic_clear_lrs();
}

LS_SCENARIO
{
    lrs_info.nr_lrs = 2;
    ls_thread(cpu0, NULL);
    ls_thread(cpu1, NULL);
}
