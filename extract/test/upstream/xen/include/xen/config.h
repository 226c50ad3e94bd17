/* A fake Xen tree for lockspin's tests (written for lockspin, not Xen's
 * code): headers with Xen's names, include guards and shapes, declaring
 * besides the locking API the things Xen's code uses from them.  The build
 * forces this file in with -include, as Xen's does. */
#ifndef __XEN_CONFIG_H__
#define __XEN_CONFIG_H__
#define CONFIG_NR_CPUS 4
#define NR_CPUS CONFIG_NR_CPUS
#endif
