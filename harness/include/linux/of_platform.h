/* linux/of_platform.h - platform devices from the device tree (linux/of.h:
 * none is modelled). */
#ifndef LS__LINUX_OF_PLATFORM_H
#define LS__LINUX_OF_PLATFORM_H
#if defined(LS_UPSTREAM) && defined(__KERNEL__) && __has_include_next(<linux/of_platform.h>)
#include_next <linux/of_platform.h>
#else
#include "linux/of.h"
#include "linux/platform_device.h"
#endif
#endif /* LS__LINUX_OF_PLATFORM_H */
