/* linux/interrupt.h - irq handler types; declare a handler of a CPU with
 * ls_irq_thread(handler, dev, cpu) in the scenario. */
#ifndef LS__LINUX_INTERRUPT_H
#define LS__LINUX_INTERRUPT_H

/* over a Linux tree (LS_UPSTREAM): the tree's, with its irqreturn_t and
 * request_irq() */
#if defined(LS_UPSTREAM) && __has_include_next(<linux/interrupt.h>)
#include "linux/ls__push.h"
#include "linux/ls__rename.h"
#include_next <linux/interrupt.h>
#include "linux/ls__pop.h"
#else
typedef enum irqreturn { IRQ_NONE = 0, IRQ_HANDLED = 1, IRQ_WAKE_THREAD = 2 } irqreturn_t;
typedef irqreturn_t (*irq_handler_t)(int, void *);
#endif

#include "linux/irqflags.h"

#endif /* LS__LINUX_INTERRUPT_H */
