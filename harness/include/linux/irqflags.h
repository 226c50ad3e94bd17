/*
 * linux/irqflags.h - the CPU's interrupt state, modelled: a scenario thread
 * is a CPU, and an interrupt handler (ls_irq_thread) runs on one only while
 * that CPU has interrupts enabled, a softirq handler (ls_softirq_thread)
 * only while it has bottom halves enabled too (see README, "Interrupts").
 */
#ifndef LS__LINUX_IRQFLAGS_H
#define LS__LINUX_IRQFLAGS_H
/* over an upstream tree (LS_UPSTREAM): the real header first (Linux's, or
 * Xen's asm/system.h where Xen defines these), the macros below replace its own */
#if defined(LS_UPSTREAM)
#if __has_include_next(<linux/irqflags.h>)
/* its guard(irq) defines nothing (linux/ls__rename.h) */
#include "linux/cleanup.h"
#include "linux/ls__push.h"
#include "linux/ls__rename.h"
#include_next <linux/irqflags.h>
#include "linux/ls__pop.h"
#elif __has_include(<asm/system.h>)
#include <asm/system.h>
#endif
#undef local_irq_save
#undef local_irq_restore
#undef local_irq_disable
#undef local_irq_enable
#undef local_bh_disable
#undef local_bh_enable
#endif

#include "lockspin.h"

#define local_irq_save(flags) ((void)((flags) = ls_irq_save()))
#define local_irq_restore(flags) ls_irq_restore(flags)
#define local_irq_disable() ls_irq_disable()
#define local_irq_enable() ls_irq_enable()
/* the CPU's bottom halves: a softirq handler (ls_softirq_thread) runs only
 * while its CPU has them and interrupts enabled; the disables nest */
#define local_bh_disable() ls__bh_disable(LS__HERE)
#define local_bh_enable() ls__bh_enable(LS__HERE)

#endif /* LS__LINUX_IRQFLAGS_H */
