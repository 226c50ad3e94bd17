/* linux/of_address.h - a device-tree node's register ranges (linux/of.h:
 * none is modelled; of_iomap() natively maps nothing, NULL). */
#ifndef LS__LINUX_OF_ADDRESS_H
#define LS__LINUX_OF_ADDRESS_H
#if defined(LS_UPSTREAM) && defined(__KERNEL__) && __has_include_next(<linux/of_address.h>)
#include_next <linux/of_address.h>
#else
#include "linux/of.h"
#include "linux/io.h"
static inline void __iomem *of_iomap(struct device_node *np, int index)
{
	(void)np, (void)index;
	return NULL;
}
#endif
#endif /* LS__LINUX_OF_ADDRESS_H */
