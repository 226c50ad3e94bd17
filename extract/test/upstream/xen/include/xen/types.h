#ifndef __TYPES_H__
#define __TYPES_H__
#include <stdbool.h>
#include <stddef.h>
typedef __UINT8_TYPE__ uint8_t;
typedef __UINT32_TYPE__ uint32_t;
typedef __UINT64_TYPE__ uint64_t;
typedef uint32_t u32;
#endif
