#ifndef _LINUX_KERNEL_H
#define _LINUX_KERNEL_H
#include <xen/types.h>
/* Xen's: a statement expression over pointer arithmetic */
#define container_of(ptr, type, member) ({                      \
        typeof( ((type *)0)->member ) *__mptr = (ptr);          \
        (type *)( (char *)__mptr - offsetof(type,member) );})
#define min(x,y) ({ const typeof(x) _x = (x); const typeof(y) _y = (y); (void) (&_x == &_y); _x < _y ? _x : _y; })
#define max(x,y) ({ const typeof(x) _x = (x); const typeof(y) _y = (y); (void) (&_x == &_y); _x > _y ? _x : _y; })
#endif
