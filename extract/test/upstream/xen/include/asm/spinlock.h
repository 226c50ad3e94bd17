#ifndef __ASM_SPINLOCK_H
#define __ASM_SPINLOCK_H
#include <asm/system.h>
#define arch_lock_acquire_barrier() smp_mb()
#define arch_lock_release_barrier() smp_mb()
#endif
