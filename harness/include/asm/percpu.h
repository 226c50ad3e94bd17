/*
 * asm/percpu.h - over an upstream Xen tree (LS_UPSTREAM), the arch's
 * per-CPU area is replaced, not read: its DECLARE_PER_CPU declares one
 * variable where lockspin's declares one per CPU (xen/percpu.h), and
 * declarations made with the two could not be indexed alike.  What else
 * the arch header declares that a lock protocol reaches is here.
 */
#ifndef LS__ASM_PERCPU_H
#define LS__ASM_PERCPU_H

#include "xen/percpu.h"

#if defined(LS_UPSTREAM)
/* Xen's arm and x86 guards: the real header is never read after this one */
#define __ARM_PERCPU_H__
#define __X86_PERCPU_H__
/* asm/smp.h's smp_processor_id() is get_processor_id(): the thread's CPU */
#define get_processor_id() ls__cpu_id(LS__HERE)
#define __get_cpu_var(var) this_cpu(var)
#define per_cpu_ptr(var, cpu) (&per_cpu(var, cpu))
void percpu_init_areas(void);
/* a per-CPU pointer (this_cpu_ptr) is not modelled: its value is untracked,
 * an error where a lock decision or assertion needs it */
void *ls__xen_this_cpu_ptr(void *var);
#define __get_cpu_ptr(var) (*(__typeof__(var) *)ls__xen_this_cpu_ptr(&(var)))
/* x86: the CPU's copy of the per-CPU variable var points to (an lvalue) */
#define this_cpu_ptr(var) (*(__typeof__(var))ls__xen_this_cpu_ptr(var))
#endif

#endif /* LS__ASM_PERCPU_H */
