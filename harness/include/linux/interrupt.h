/*
 * linux/interrupt.h - irq handler types, binding a handler, and the disable
 * depth of an interrupt line.  Declare a handler of a CPU with
 * ls_irq_thread(handler, dev, cpu) in the scenario: request_irq() and its
 * devm_/threaded forms bind nothing in the model (which CPU a line
 * interrupts, and when, is the scenario's), so each is a call that succeeds
 * (0) after evaluating its arguments, and free_irq() a no-op.
 *
 * A line's disable depth is the kernel's irq_desc depth (kernel/irq/
 * manage.c): disable_irq_nosync() raises it, enable_irq() lowers it, and
 * enable_irq() of a line that is not disabled is the kernel's WARN
 * "Unbalanced enable for IRQ %d" (an assertion here), which leaves the depth
 * at 0.  disable_irq() may sleep (it waits for the line's running handlers,
 * synchronize_irq(), and an interrupt thread may have to finish): it is
 * might_sleep() then disable_irq_nosync(); the wait itself is not modelled.
 * Each change of a depth is one atomic step (the kernel's is under the
 * descriptor's lock).
 * The depths are ls_irq_line_depth[irq] for lines 0..LS_NR_IRQS-1 (16 unless
 * defined): only declared here, so a spec or side-car that reaches one of
 * these defines the array, modelled (LS_GLOBAL(ls_irq_line_depth, LS_STATE,
 * LS_RANGE(0, 3))) or not, as linux/jiffies.h leaves jiffies.  An
 * ls_irq_thread() handler is called with irq 0.
 */
#ifndef LS__LINUX_INTERRUPT_H
#define LS__LINUX_INTERRUPT_H

/* over a Linux tree (LS_UPSTREAM): the tree's, with its irqreturn_t and
 * request_irq() */
#if defined(LS_UPSTREAM) && __has_include_next(<linux/interrupt.h>)
#include "linux/ls__push.h"
#include "linux/ls__rename.h"
#include_next <linux/interrupt.h>
#include "linux/ls__pop.h"
/* the tree's request_irq() and the line calls are functions, its IRQF_*
 * the kernel's values: the definitions below replace them */
#undef request_irq
#undef request_threaded_irq
#undef devm_request_irq
#undef devm_request_threaded_irq
#undef free_irq
#undef devm_free_irq
#undef enable_irq
#undef disable_irq
#undef disable_irq_nosync
#undef synchronize_irq
#undef IRQF_TRIGGER_NONE
#undef IRQF_TRIGGER_RISING
#undef IRQF_TRIGGER_FALLING
#undef IRQF_TRIGGER_HIGH
#undef IRQF_TRIGGER_LOW
#undef IRQF_SHARED
#undef IRQF_ONESHOT
#undef IRQF_NO_SUSPEND
#undef IRQF_NO_THREAD
#else
typedef enum irqreturn { IRQ_NONE = 0, IRQ_HANDLED = 1, IRQ_WAKE_THREAD = 2 } irqreturn_t;
typedef irqreturn_t (*irq_handler_t)(int, void *);
#endif

#include "linux/irqflags.h"
#include "linux/bug.h"
#include "linux/kernel.h"

#define IRQF_TRIGGER_NONE 0x00000000
#define IRQF_TRIGGER_RISING 0x00000001
#define IRQF_TRIGGER_FALLING 0x00000002
#define IRQF_TRIGGER_HIGH 0x00000004
#define IRQF_TRIGGER_LOW 0x00000008
#define IRQF_SHARED 0x00000080
#define IRQF_ONESHOT 0x00002000
#define IRQF_NO_SUSPEND 0x00004000
#define IRQF_NO_THREAD 0x00010000
/* removed in v4.1 (every handler runs with interrupts off since v2.6.35):
 * older drivers still pass it */
#ifndef IRQF_DISABLED
#define IRQF_DISABLED 0x00000020
#endif

#define request_threaded_irq(irq, handler, thread_fn, flags, name, dev) \
	((void)(irq), (void)(handler), (void)(thread_fn), (void)(flags), (void)(name), (void)(dev), 0)
#define request_irq(irq, handler, flags, name, dev) request_threaded_irq(irq, handler, NULL, flags, name, dev)
#define devm_request_threaded_irq(devp, irq, handler, thread_fn, flags, name, dev) \
	((void)(devp), request_threaded_irq(irq, handler, thread_fn, flags, name, dev))
#define devm_request_irq(devp, irq, handler, flags, name, dev) \
	devm_request_threaded_irq(devp, irq, handler, NULL, flags, name, dev)
#define free_irq(irq, dev) ((void)(irq), (void)(dev), (void *)0)
#define devm_free_irq(devp, irq, dev) ((void)(devp), (void)(irq), (void)(dev))

#ifndef LS_NR_IRQS
#define LS_NR_IRQS 16
#endif
extern int ls_irq_line_depth[LS_NR_IRQS];
/* one expression, no statement of the macro's own: the step takes the
 * point of the caller's statement (natively, a replay stops before it) */
#define disable_irq_nosync(irq) ((void)ls_atomic_fetch_add(&ls_irq_line_depth[(irq)], 1))
#define enable_irq(irq) \
	do { \
		unsigned int ls__line = (irq); \
		LS__BUG_IF(ls_irq_line_depth[ls__line] == 0, "Unbalanced enable for IRQ"); \
		if (ls_irq_line_depth[ls__line] > 0) \
			(void)ls_atomic_fetch_add(&ls_irq_line_depth[ls__line], -1); \
	} while (0)
#define disable_irq(irq) (might_sleep(), disable_irq_nosync(irq))
#define synchronize_irq(irq) might_sleep()

#endif /* LS__LINUX_INTERRUPT_H */
