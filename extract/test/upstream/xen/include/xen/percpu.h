#ifndef __XEN_PERCPU_H__
#define __XEN_PERCPU_H__
#include <asm/percpu.h>
#define DEFINE_PER_CPU(type, name) __DEFINE_PER_CPU(type, _##name, )
#define this_cpu(var) __get_cpu_var(var)
#endif
