#ifndef __ASM_SMP_H
#define __ASM_SMP_H
#include <xen/percpu.h>
#define raw_smp_processor_id() (get_processor_id())
#define smp_processor_id() raw_smp_processor_id()
#endif
