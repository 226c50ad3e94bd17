/*
 * linux/irqflags.h - the CPU's interrupt state, modelled: a scenario thread
 * is a CPU, and an interrupt handler (ls_irq_thread) runs on one only while
 * that CPU has interrupts enabled (see README, "Interrupts").
 */
#ifndef _LINUX_TRACE_IRQFLAGS_H
#define _LINUX_TRACE_IRQFLAGS_H

#include "lockspin.h"

#define local_irq_save(flags) ((void)((flags) = ls_irq_save()))
#define local_irq_restore(flags) ls_irq_restore(flags)
#define local_irq_disable() ls_irq_disable()
#define local_irq_enable() ls_irq_enable()
/* softirqs are not modelled: a spec cannot declare a softirq handler, so
 * disabling them changes nothing the model has */
#define local_bh_disable() ((void)0)
#define local_bh_enable() ((void)0)

#endif /* _LINUX_TRACE_IRQFLAGS_H */
