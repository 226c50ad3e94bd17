/*
 * linux/of.h - the device tree as a driver reads it.  No device tree is
 * modelled and CONFIG_OF is not defined: of_match_ptr(p) is NULL, as in a
 * kernel built without it, and the property readers are static inline
 * functions (ignored by the front end with any result; natively the
 * property is absent: -EINVAL, false, NULL).
 */
#ifndef LS__LINUX_OF_H
#define LS__LINUX_OF_H
#if defined(LS_UPSTREAM) && defined(__KERNEL__) && __has_include_next(<linux/of.h>)
#include_next <linux/of.h>
#else
#include "linux/types.h"
#include "linux/errno.h"
#include "linux/mod_devicetable.h"

struct device;
struct device_node {
	const char *name;
	const char *full_name;
	struct device_node *parent;
	struct device_node *child;
	struct device_node *sibling;
	void *data;
};
#ifdef CONFIG_OF
#define of_match_ptr(p) (p)
#else
#define of_match_ptr(p) NULL
#endif
static inline int of_property_read_u32(const struct device_node *np, const char *name, u32 *out)
{
	(void)np, (void)name, (void)out;
	return -EINVAL;
}
static inline bool of_property_read_bool(const struct device_node *np, const char *name)
{
	(void)np, (void)name;
	return false;
}
static inline int of_device_is_compatible(const struct device_node *np, const char *compat)
{
	(void)np, (void)compat;
	return 0;
}
static inline struct device_node *of_node_get(struct device_node *np)
{
	return np;
}
static inline void of_node_put(struct device_node *np)
{
	(void)np;
}
static inline const void *of_device_get_match_data(const struct device *dev)
{
	(void)dev;
	return NULL;
}
#define device_get_match_data(dev) of_device_get_match_data(dev)
#endif
#endif /* LS__LINUX_OF_H */
