#ifndef _ASM_X86_NOSPEC_H
#define _ASM_X86_NOSPEC_H
#include <xen/types.h>
/* Xen's shapes: inline functions, a speculation barrier in each */
static inline bool barrier_nospec_true(void)
{
    asm volatile ( "lfence" ::: "memory" );
    return true;
}
static inline bool evaluate_nospec(bool condition)
{
    return condition ? barrier_nospec_true() : !barrier_nospec_true();
}
static inline void block_speculation(void)
{
    barrier_nospec_true();
}
#endif
