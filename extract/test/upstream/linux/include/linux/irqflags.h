#ifndef _LINUX_TRACE_IRQFLAGS_H
#define _LINUX_TRACE_IRQFLAGS_H
#include <linux/compiler.h>
#include <linux/cleanup.h>
#include <asm/irqflags.h>
#define local_irq_enable()	do { native_irq_enable(); } while (0)
#define local_irq_disable()	do { native_irq_disable(); } while (0)
#define local_irq_save(flags)	do { flags = arch_local_irq_save(); } while (0)
#define local_irq_restore(flags) do { arch_local_irq_restore(flags); } while (0)
extern void __local_bh_disable_ip(unsigned long ip, unsigned int cnt);
extern void __local_bh_enable_ip(unsigned long ip, unsigned int cnt);
#define local_bh_disable() __local_bh_disable_ip(0, 0x200)
#define local_bh_enable() __local_bh_enable_ip(0, 0x200)
DEFINE_LOCK_GUARD_0(irq, local_irq_disable(), local_irq_enable())
#endif
