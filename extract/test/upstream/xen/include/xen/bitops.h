#ifndef XEN_BITOPS_H
#define XEN_BITOPS_H
#include <asm/bitops.h>
#endif
