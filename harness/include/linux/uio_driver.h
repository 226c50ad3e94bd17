/*
 * linux/uio_driver.h - a Userspace I/O driver's side of the UIO core,
 * written for lockspin from its documented meaning (Documentation/
 * driver-api/uio-howto): struct uio_info describes the device's memory
 * regions, its interrupt line and its callbacks; the core calls ->handler
 * from its interrupt handler, and ->irqcontrol when user space writes 0 or
 * 1 to /dev/uioN.  The core itself is not here: registering binds nothing
 * (0), so a scenario calls the callbacks as the core would.
 */
#ifndef LS__LINUX_UIO_DRIVER_H
#define LS__LINUX_UIO_DRIVER_H
#if defined(LS_UPSTREAM) && defined(__KERNEL__) && __has_include_next(<linux/uio_driver.h>)
#include_next <linux/uio_driver.h>
#else
#include "linux/types.h"
#include "linux/device.h"
#include "linux/interrupt.h"

struct inode;
struct vm_area_struct;
struct uio_device;
struct uio_map;
struct uio_portio;

struct uio_mem {
	const char *name;
	phys_addr_t addr;
	unsigned long offs;
	resource_size_t size;
	int memtype;
	void __iomem *internal_addr;
	struct uio_map *map;
};
#define MAX_UIO_MAPS 5
struct uio_port {
	const char *name;
	unsigned long start;
	unsigned long size;
	int porttype;
	struct uio_portio *portio;
};
#define MAX_UIO_PORT_REGIONS 5

struct uio_info {
	struct uio_device *uio_dev;
	const char *name;
	const char *version;
	struct uio_mem mem[MAX_UIO_MAPS];
	struct uio_port port[MAX_UIO_PORT_REGIONS];
	long irq;
	unsigned long irq_flags;
	void *priv;
	irqreturn_t (*handler)(int irq, struct uio_info *dev_info);
	int (*mmap)(struct uio_info *info, struct vm_area_struct *vma);
	int (*open)(struct uio_info *info, struct inode *inode);
	int (*release)(struct uio_info *info, struct inode *inode);
	int (*irqcontrol)(struct uio_info *info, s32 irq_on);
};

static inline int uio_register_device(struct device *parent, struct uio_info *info)
{
	(void)parent, (void)info;
	return 0;
}
static inline int devm_uio_register_device(struct device *parent, struct uio_info *info)
{
	return uio_register_device(parent, info);
}
static inline void uio_unregister_device(struct uio_info *info)
{
	(void)info;
}
static inline void uio_event_notify(struct uio_info *info)
{
	(void)info;
}

#define UIO_IRQ_CUSTOM -1
#define UIO_IRQ_NONE 0
#define UIO_MEM_NONE 0
#define UIO_MEM_PHYS 1
#define UIO_MEM_LOGICAL 2
#define UIO_MEM_VIRTUAL 3
#define UIO_MEM_IOVA 4
#define UIO_PORT_NONE 0
#define UIO_PORT_X86 1
#define UIO_PORT_GPIO 2
#define UIO_PORT_OTHER 3
#endif
#endif /* LS__LINUX_UIO_DRIVER_H */
