/*
 * linux/init.h - __init/__exit (linux/compiler.h: nothing to compile) and
 * the init calls.  The model runs no boot and loads no module: the
 * scenario says what runs, so module_init(fn)/module_exit(fn) and the
 * *_initcall(fn) forms only keep fn referenced (a constant pointer to it,
 * as the kernel's section entry is), which also checks that fn exists.
 */
#ifndef LS__LINUX_INIT_H
#define LS__LINUX_INIT_H
#if defined(LS_UPSTREAM) && defined(__KERNEL__) && __has_include_next(<linux/init.h>)
#include_next <linux/init.h>
#undef module_init
#undef module_exit
#undef early_initcall
#undef core_initcall
#undef postcore_initcall
#undef arch_initcall
#undef subsys_initcall
#undef fs_initcall
#undef device_initcall
#undef late_initcall
#undef __initcall
#endif
#include "linux/compiler.h"

#define LS__INITCALL(fn) \
	static __typeof__(fn) *const __COUNTER_CAT(ls__initcall_, __COUNTER__) __attribute__((unused)) = (fn)
#define module_init(fn) LS__INITCALL(fn)
#define module_exit(fn) LS__INITCALL(fn)
#define early_initcall(fn) LS__INITCALL(fn)
#define core_initcall(fn) LS__INITCALL(fn)
#define postcore_initcall(fn) LS__INITCALL(fn)
#define arch_initcall(fn) LS__INITCALL(fn)
#define subsys_initcall(fn) LS__INITCALL(fn)
#define fs_initcall(fn) LS__INITCALL(fn)
#define device_initcall(fn) LS__INITCALL(fn)
#define late_initcall(fn) LS__INITCALL(fn)
#define __initcall(fn) device_initcall(fn)
#endif /* LS__LINUX_INIT_H */
