#ifndef __ASM_SYSTEM_H
#define __ASM_SYSTEM_H
/* the interrupt flag in the arch's own asm */
#define local_irq_disable()   asm volatile ( "msr daifset, #2\n" ::: "memory" )
#define local_irq_enable()    asm volatile ( "msr daifclr, #2\n" ::: "memory" )
#define local_irq_save(x) ({ asm volatile ( "mrs %0, daif\n" "msr daifset, #2\n" : "=r" (x) :: "memory"); })
#define local_irq_restore(x) ({ asm volatile ( "msr daif, %0\n" :: "r" (x) : "memory"); })
#define smp_mb() asm volatile ( "dmb ish" ::: "memory" )
#endif
