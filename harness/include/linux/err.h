/* linux/err.h - an error number carried in a pointer (the top 4095
 * addresses), as the kernel's ERR_PTR()/PTR_ERR()/IS_ERR() encode it. */
#ifndef LS__LINUX_ERR_H
#define LS__LINUX_ERR_H
#if defined(LS_UPSTREAM) && defined(__KERNEL__) && __has_include_next(<linux/err.h>)
#include_next <linux/err.h>
#else
#include "linux/compiler.h"
#include "linux/errno.h"
#define MAX_ERRNO 4095
#define IS_ERR_VALUE(x) unlikely((unsigned long)(void *)(x) >= (unsigned long)-MAX_ERRNO)
#define ERR_PTR(error) ((void *)(long)(error))
#define PTR_ERR(ptr) ((long)(ptr))
#define IS_ERR(ptr) IS_ERR_VALUE((unsigned long)(ptr))
#define IS_ERR_OR_NULL(ptr) (!(ptr) || IS_ERR_VALUE((unsigned long)(ptr)))
#define ERR_CAST(ptr) ((void *)(ptr))
#define PTR_ERR_OR_ZERO(ptr) (IS_ERR(ptr) ? PTR_ERR(ptr) : 0)
#endif
#endif /* LS__LINUX_ERR_H */
