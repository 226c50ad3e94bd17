#ifndef __ARCH_ARM_ATOMIC__
#define __ARCH_ARM_ATOMIC__
#include <xen/types.h>
typedef struct { int counter; } atomic_t;
#define ATOMIC_INIT(i) { (i) }
/* unreached inline asm: it must not stop the parse */
static inline void atomic_add(int i, atomic_t *v)
{
    asm volatile ( "ldxr w0, %0\n" "add w0, w0, %w1\n" "stxr w2, w0, %0\n" : "+Q" (v->counter) : "Ir" (i) : "w0", "w2", "memory" );
}
/* by value, as Xen's arm and x86 headers have it */
static inline int _atomic_read(atomic_t v)
{
    return v.counter;
}
static inline void _atomic_set(atomic_t *v, int i)
{
    v->counter = i;
}
#define read_atomic(p) ({ typeof(*(p)) __x; asm volatile ( "ldr %w0, %1" : "=r" (__x) : "m" (*(p)) ); __x; })
#define write_atomic(p, x) do { asm volatile ( "str %w1, %0" : "=m" (*(p)) : "r" (x) ); } while (0)
#endif
