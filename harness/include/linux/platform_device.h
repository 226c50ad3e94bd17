/*
 * linux/platform_device.h - a platform device (memory-mapped registers and
 * interrupt lines listed as resources) and its driver, written for lockspin
 * from their documented meaning.  The model runs no bus: a scenario calls
 * the driver's functions on the side-car's objects.  platform_get_resource()
 * walks pdev->resource natively; platform_get_irq() and the ioremap helpers
 * are static inline functions (ignored by the front end with any result;
 * natively the irq is the IORESOURCE_IRQ resource's start, or -ENXIO).
 * platform_driver_register() binds nothing (0); module_platform_driver(drv)
 * is the kernel's pair of init/exit functions calling it.
 */
#ifndef LS__LINUX_PLATFORM_DEVICE_H
#define LS__LINUX_PLATFORM_DEVICE_H
#if defined(LS_UPSTREAM) && defined(__KERNEL__) && __has_include_next(<linux/platform_device.h>)
#include_next <linux/platform_device.h>
#else
#include "linux/device.h"
#include "linux/io.h"
#include "linux/init.h"

struct platform_device {
	const char *name;
	int id;
	struct device dev;
	u32 num_resources;
	struct resource *resource;
	const struct platform_device_id *id_entry;
};
/* remove returns int, as before v6.11 (then void) */
struct platform_driver {
	int (*probe)(struct platform_device *);
	int (*remove)(struct platform_device *);
	void (*shutdown)(struct platform_device *);
	int (*suspend)(struct platform_device *, pm_message_t state);
	int (*resume)(struct platform_device *);
	struct device_driver driver;
	const struct platform_device_id *id_table;
	bool prevent_deferred_probe;
};
#define to_platform_device(x) container_of((x), struct platform_device, dev)

static inline void *platform_get_drvdata(const struct platform_device *pdev)
{
	return dev_get_drvdata(&pdev->dev);
}
static inline void platform_set_drvdata(struct platform_device *pdev, void *data)
{
	dev_set_drvdata(&pdev->dev, data);
}
static inline struct resource *platform_get_resource(struct platform_device *pdev, unsigned int type,
						     unsigned int num)
{
	for (u32 i = 0; i < pdev->num_resources; i++) {
		struct resource *r = &pdev->resource[i];

		if ((r->flags & type) == type && num-- == 0)
			return r;
	}
	return NULL;
}
static inline int platform_get_irq(struct platform_device *pdev, unsigned int num)
{
	struct resource *r = platform_get_resource(pdev, IORESOURCE_IRQ, num);

	return r ? (int)r->start : -ENXIO;
}
#define platform_get_irq_optional(pdev, num) platform_get_irq(pdev, num)
static inline void __iomem *devm_platform_ioremap_resource(struct platform_device *pdev, unsigned int index)
{
	return devm_ioremap_resource(&pdev->dev, platform_get_resource(pdev, IORESOURCE_MEM, index));
}
static inline void __iomem *devm_platform_get_and_ioremap_resource(struct platform_device *pdev,
								   unsigned int index, struct resource **res)
{
	struct resource *r = platform_get_resource(pdev, IORESOURCE_MEM, index);

	if (res)
		*res = r;
	return devm_ioremap_resource(&pdev->dev, r);
}
static inline int platform_driver_register(struct platform_driver *drv)
{
	(void)drv;
	return 0;
}
static inline void platform_driver_unregister(struct platform_driver *drv)
{
	(void)drv;
}
#define module_platform_driver(drv) \
	static int __init drv##_ls_init(void) { return platform_driver_register(&(drv)); } \
	module_init(drv##_ls_init); \
	static void __exit drv##_ls_exit(void) { platform_driver_unregister(&(drv)); } \
	module_exit(drv##_ls_exit)
#define builtin_platform_driver(drv) \
	static int __init drv##_ls_init(void) { return platform_driver_register(&(drv)); } \
	device_initcall(drv##_ls_init)
#endif
#endif /* LS__LINUX_PLATFORM_DEVICE_H */
