/*
 * linux/module.h - what a module declares about itself.  The model has no
 * modules: MODULE_LICENSE() and the rest of the modinfo are declarations
 * of nothing (valid at file scope with the caller's semicolon),
 * MODULE_DEVICE_TABLE(type, table) redeclares the table (it must exist),
 * THIS_MODULE is a null struct module pointer (linux/export.h).  module_init()
 * is linux/init.h's, parameters linux/moduleparam.h's.  (The system's
 * <linux/module.h>, the finit_module() flags, is not read: nothing in the
 * C library includes it.)
 */
#ifndef LS__LINUX_MODULE_H
#define LS__LINUX_MODULE_H
#if defined(LS_UPSTREAM) && defined(__KERNEL__) && __has_include_next(<linux/module.h>)
#include_next <linux/module.h>
#else
#include "linux/export.h"
#include "linux/init.h"
#include "linux/moduleparam.h"
#include "linux/kernel.h"

struct module;
#define MODULE_LICENSE(s) extern int ls__modinfo
#define MODULE_AUTHOR(s) extern int ls__modinfo
#define MODULE_DESCRIPTION(s) extern int ls__modinfo
#define MODULE_ALIAS(s) extern int ls__modinfo
#define MODULE_VERSION(s) extern int ls__modinfo
#define MODULE_FIRMWARE(s) extern int ls__modinfo
#define MODULE_SOFTDEP(s) extern int ls__modinfo
#define MODULE_IMPORT_NS(ns) extern int ls__modinfo
#define MODULE_DEVICE_TABLE(type, name) extern __typeof__(name) name
#endif
#endif /* LS__LINUX_MODULE_H */
