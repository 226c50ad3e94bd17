/*
 * xen/percpu.h - per-CPU variables for lockspin: each scenario thread is a
 * CPU (an interrupt handler runs on the CPU it interrupts), so a per-CPU
 * variable is an array indexed by the thread's number; smp_processor_id()
 * is that number, a constant per thread in the model.
 *   static DEFINE_PER_CPU(bool, in_flush) LS_STATE;   this_cpu(in_flush) = true;
 * NR_CPUS is 4 unless defined before (it must cover the scenario's threads:
 * an index beyond it is out-of-bounds).
 */
#ifndef LS__XEN_PERCPU_H
#define LS__XEN_PERCPU_H

/* over an upstream tree (LS_UPSTREAM): the real header first, for
 * everything else it declares; the macros below replace its own */
#if defined(LS_UPSTREAM) && __has_include_next(<xen/percpu.h>)
#include_next <xen/percpu.h>
#undef DEFINE_PER_CPU
#undef DECLARE_PER_CPU
#undef per_cpu
#undef smp_processor_id
#undef this_cpu
#endif

#include "lockspin.h"

#ifndef NR_CPUS
#define NR_CPUS 4
#endif
#define DEFINE_PER_CPU(type, name) type per_cpu__##name[NR_CPUS]
#define DECLARE_PER_CPU(type, name) extern type per_cpu__##name[NR_CPUS]
#define per_cpu(name, cpu) (per_cpu__##name[cpu])
#define smp_processor_id() ls__cpu_id(LS__HERE)
#define this_cpu(name) per_cpu(name, smp_processor_id())

/* asm/smp.h defines smp_processor_id() too (on this_cpu(cpu_id)): read
 * it now, with the macros above, and replace its own */
#if defined(LS_UPSTREAM) && __has_include(<asm/smp.h>)
#undef smp_processor_id
#include <asm/smp.h>
#undef smp_processor_id
#define smp_processor_id() ls__cpu_id(LS__HERE)
#endif

#endif /* LS__XEN_PERCPU_H */
