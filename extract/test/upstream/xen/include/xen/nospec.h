#ifndef XEN_NOSPEC_H
#define XEN_NOSPEC_H
#include <asm/nospec.h>
#endif
