#ifndef __LINUX_COMPILER_H
#define __LINUX_COMPILER_H
#define likely(x)	__builtin_expect(!!(x), 1)
#define unlikely(x)	__builtin_expect(!!(x), 0)
#define barrier() __asm__ __volatile__("": : :"memory")
#define __UNIQUE_ID(prefix) __PASTE(__PASTE(__UNIQUE_ID_, prefix), __COUNTER__)
#define ___PASTE(a, b) a##b
#define __PASTE(a, b) ___PASTE(a, b)
#include <asm/rwonce.h>
#endif /* __LINUX_COMPILER_H */
