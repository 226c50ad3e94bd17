#ifndef __ARM_PERCPU_H__
#define __ARM_PERCPU_H__
#include <xen/types.h>
extern unsigned long __per_cpu_offset[NR_CPUS];
#define RELOC_HIDE(ptr, off) ({ unsigned long __ptr = (unsigned long)(ptr); (typeof(ptr)) (__ptr + (off)); })
#define __DEFINE_PER_CPU(type, name, suffix) __attribute__((__section__(".bss.percpu" #suffix))) __typeof__(type) per_cpu_##name
#define per_cpu(var, cpu) (*RELOC_HIDE(&per_cpu__##var, __per_cpu_offset[cpu]))
#define __get_cpu_var(var) (*RELOC_HIDE(&per_cpu__##var, __per_cpu_offset[0]))
#define DECLARE_PER_CPU(type, name) extern __typeof__(type) per_cpu__##name
/* declared with the arch's own DECLARE_PER_CPU, before lockspin's */
DECLARE_PER_CPU(unsigned int, cpu_id);
#define get_processor_id() (this_cpu(cpu_id))
#endif
