#ifndef _ASM_X86_IRQFLAGS_H
#define _ASM_X86_IRQFLAGS_H
/* the arch's interrupt flag: inline asm, in code no thread reaches */
static __always_inline unsigned long native_save_fl(void)
{
	unsigned long flags;
	asm volatile("pushf ; pop %0" : "=rm" (flags) : : "memory");
	return flags;
}
static __always_inline void native_irq_disable(void) { asm volatile("cli" : : : "memory"); }
static __always_inline void native_irq_enable(void) { asm volatile("sti" : : : "memory"); }
static __always_inline unsigned long arch_local_irq_save(void)
{
	unsigned long flags = native_save_fl();
	native_irq_disable();
	return flags;
}
static __always_inline void arch_local_irq_restore(unsigned long flags)
{
	if (flags & 0x200)
		native_irq_enable();
}
#endif
