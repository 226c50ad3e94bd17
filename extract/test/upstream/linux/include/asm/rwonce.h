#ifndef __ASM_GENERIC_RWONCE_H
#define __ASM_GENERIC_RWONCE_H
#define __READ_ONCE(x)	(*(const volatile __typeof__(x) *)&(x))
#define READ_ONCE(x)	__READ_ONCE(x)
#define WRITE_ONCE(x, val)	do { *(volatile __typeof__(x) *)&(x) = (val); } while (0)
#endif
