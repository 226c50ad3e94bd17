/* linux/moduleparam.h - module parameters.  The model loads no module, so
 * a parameter keeps its initial value: each macro is a declaration that
 * checks that the variable it names exists (MODULE_PARM_DESC: nothing). */
#ifndef LS__LINUX_MODULEPARAM_H
#define LS__LINUX_MODULEPARAM_H
#if defined(LS_UPSTREAM) && defined(__KERNEL__) && __has_include_next(<linux/moduleparam.h>)
#include_next <linux/moduleparam.h>
#else
#include "linux/compiler.h"
#define module_param_named(name, value, type, perm) \
	static const void *const __COUNTER_CAT(ls__param_, __COUNTER__) __attribute__((unused)) = &(value)
#define module_param(name, type, perm) module_param_named(name, name, type, perm)
#define module_param_string(name, string, len, perm) \
	static const void *const __COUNTER_CAT(ls__param_, __COUNTER__) __attribute__((unused)) = (string)
#define module_param_array(name, type, nump, perm) module_param_named(name, name, type, perm)
#define MODULE_PARM_DESC(name, desc) extern int ls__modinfo
#endif
#endif /* LS__LINUX_MODULEPARAM_H */
