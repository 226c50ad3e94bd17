#ifndef _LINUX_ATOMIC_H
#define _LINUX_ATOMIC_H
#include <linux/types.h>
#include <linux/compiler.h>
/* the kernel's atomic_*() are inline functions (arch_atomic_*() under them) */
static __always_inline int arch_atomic_read(const atomic_t *v) { return READ_ONCE(v->counter); }
static __always_inline void arch_atomic_inc(atomic_t *v) { asm volatile("lock; incl %0" : "+m" (v->counter) :: "memory"); }
static __always_inline int atomic_read(const atomic_t *v) { return arch_atomic_read(v); }
static __always_inline void atomic_inc(atomic_t *v) { arch_atomic_inc(v); }
static __always_inline void atomic_set(atomic_t *v, int i) { WRITE_ONCE(v->counter, i); }
static __always_inline int arch_atomic_xchg(atomic_t *v, int n) { asm volatile("xchgl %0, %1" : "+r" (n), "+m" (v->counter) :: "memory"); return n; }
static __always_inline int atomic_xchg_relaxed(atomic_t *v, int n) { return arch_atomic_xchg(v, n); }
#define ATOMIC_INIT(i) { (i) }
#endif
