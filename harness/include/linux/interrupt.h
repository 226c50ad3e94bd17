/* linux/interrupt.h - irq handler types; declare a handler of a CPU with
 * ls_irq_thread(handler, dev, cpu) in the scenario. */
#ifndef _LINUX_INTERRUPT_H
#define _LINUX_INTERRUPT_H

#include "linux/irqflags.h"

typedef enum irqreturn { IRQ_NONE = 0, IRQ_HANDLED = 1, IRQ_WAKE_THREAD = 2 } irqreturn_t;
typedef irqreturn_t (*irq_handler_t)(int, void *);

#endif /* _LINUX_INTERRUPT_H */
