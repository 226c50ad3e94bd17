/*
 * asm/ls_list.h - LS__LIST(head), the head of a list walk in linux/list.h
 * and xen/list.h.  Natively in a side-car program (LS_SIDE_NATIVE,
 * native_side.c) the head is looked at first: one no code initialised
 * (zeros) is an error at the walk, exit 2, never the NULL the walk would
 * follow.  Elsewhere it is the head itself.
 */
#ifndef LS__ASM_LS_LIST_H
#define LS__ASM_LS_LIST_H

#if defined(LS_SIDE_NATIVE)
void *ls__side_list(const void *head, const char *file, int line);
#define LS__LIST(h) ((__typeof__(h))ls__side_list((h), __FILE__, __LINE__))
#else
#define LS__LIST(h) (h)
#endif

#endif
