/* linux/ioport.h - struct resource (a device's memory, port or irq range, as
 * a platform device lists them) and resource_size(). */
#ifndef LS__LINUX_IOPORT_H
#define LS__LINUX_IOPORT_H
#if defined(LS_UPSTREAM) && defined(__KERNEL__) && __has_include_next(<linux/ioport.h>)
#include_next <linux/ioport.h>
#else
#include "linux/types.h"

typedef phys_addr_t resource_size_t;
struct resource {
	resource_size_t start;
	resource_size_t end; /* inclusive */
	const char *name;
	unsigned long flags;
	unsigned long desc;
	struct resource *parent, *sibling, *child;
};
#define IORESOURCE_IO 0x00000100
#define IORESOURCE_MEM 0x00000200
#define IORESOURCE_REG 0x00000300
#define IORESOURCE_IRQ 0x00000400
#define IORESOURCE_DMA 0x00000800
#define IORESOURCE_BUS 0x00001000
#define resource_size(r) ((resource_size_t)((r)->end - (r)->start + 1))
#endif
#endif /* LS__LINUX_IOPORT_H */
