/* linux/mod_devicetable.h - the match tables a driver lists the devices it
 * binds to with (device tree, platform). */
#ifndef LS__LINUX_MOD_DEVICETABLE_H
#define LS__LINUX_MOD_DEVICETABLE_H
#if defined(LS_UPSTREAM) && defined(__KERNEL__) && __has_include_next(<linux/mod_devicetable.h>)
#include_next <linux/mod_devicetable.h>
#else
#include "linux/types.h"
struct of_device_id {
	char name[32];
	char type[32];
	char compatible[128];
	const void *data;
};
#define PLATFORM_NAME_SIZE 20
struct platform_device_id {
	char name[PLATFORM_NAME_SIZE];
	unsigned long driver_data;
};
#endif
#endif /* LS__LINUX_MOD_DEVICETABLE_H */
