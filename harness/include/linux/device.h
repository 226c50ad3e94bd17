/*
 * linux/device.h - struct device and the driver-model calls a driver makes
 * on its own device, written for lockspin from their documented meaning.
 *
 * The model follows no heap and no driver core: a driver's objects are the
 * side-car's globals (LS_POINTS_TO), so devm_kzalloc() and the rest are
 * static inline functions (the front end ignores a call to one with any
 * result; natively each is linux/slab.h's allocation, never released: the
 * device outlives the run).  dev_get_drvdata()/dev_set_drvdata() read and
 * write dev->driver_data, a plain field.  dev_err() and the other dev_*()
 * messages print nothing (their arguments are not evaluated), as printk().
 */
#ifndef LS__LINUX_DEVICE_H
#define LS__LINUX_DEVICE_H
#if defined(LS_UPSTREAM) && defined(__KERNEL__) && __has_include_next(<linux/device.h>)
#include_next <linux/device.h>
#else
#include "linux/types.h"
#include "linux/kernel.h"
#include "linux/slab.h"
#include "linux/module.h"
#include "linux/pm.h"
#include "linux/mod_devicetable.h"
#include "linux/ioport.h"

struct device_node;
struct bus_type;
struct device_driver {
	const char *name;
	struct bus_type *bus;
	struct module *owner;
	const char *mod_name;
	bool suppress_bind_attrs;
	const struct of_device_id *of_match_table;
	int (*probe)(struct device *dev);
	int (*remove)(struct device *dev);
	void (*shutdown)(struct device *dev);
	const struct dev_pm_ops *pm;
};
struct device {
	struct device *parent;
	const char *init_name;
	struct bus_type *bus;
	struct device_driver *driver;
	void *platform_data;
	void *driver_data;
	struct device_node *of_node;
	u64 *dma_mask;
	u64 coherent_dma_mask;
	void (*release)(struct device *dev);
};

static inline void *dev_get_drvdata(const struct device *dev)
{
	return dev->driver_data;
}
static inline void dev_set_drvdata(struct device *dev, void *data)
{
	dev->driver_data = data;
}
static inline const char *dev_name(const struct device *dev)
{
	return dev->init_name ? dev->init_name : "";
}
static inline struct device *get_device(struct device *dev)
{
	return dev;
}
static inline void put_device(struct device *dev)
{
	(void)dev;
}

static inline void *devm_kmalloc(struct device *dev, size_t size, gfp_t gfp)
{
	(void)dev;
	return kmalloc(size, gfp);
}
static inline void *devm_kzalloc(struct device *dev, size_t size, gfp_t gfp)
{
	(void)dev;
	return kzalloc(size, gfp);
}
static inline void *devm_kcalloc(struct device *dev, size_t n, size_t size, gfp_t gfp)
{
	(void)dev;
	return kcalloc(n, size, gfp);
}
static inline void *devm_kmalloc_array(struct device *dev, size_t n, size_t size, gfp_t gfp)
{
	(void)dev;
	return kcalloc(n, size, gfp);
}
static inline void devm_kfree(struct device *dev, const void *p)
{
	(void)dev;
	(void)p;
}

/* nothing printed, arguments not evaluated (linux/printk.h) */
#define dev_emerg(dev, ...) ((void)0)
#define dev_alert(dev, ...) ((void)0)
#define dev_crit(dev, ...) ((void)0)
#define dev_err(dev, ...) ((void)0)
#define dev_warn(dev, ...) ((void)0)
#define dev_notice(dev, ...) ((void)0)
#define dev_info(dev, ...) ((void)0)
#define dev_dbg(dev, ...) ((void)0)
#define dev_err_ratelimited(dev, ...) ((void)0)
#define dev_warn_ratelimited(dev, ...) ((void)0)
#define dev_WARN(dev, ...) WARN(1, __VA_ARGS__)
/* dev_err_probe(dev, err, fmt, ...): the message is not printed, err is the value */
#define dev_err_probe(dev, err, ...) (err)
#endif
#endif /* LS__LINUX_DEVICE_H */
