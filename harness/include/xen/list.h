/*
 * xen/list.h - over an upstream Xen tree (LS_UPSTREAM) only: Xen's list,
 * with the walks written without prefetch(), which the model has no use
 * for (a hint to the cache).  List pointers are untracked data, as in
 * linux/list.h: a loop over a list is a loop whose test is a choice.
 */
#ifndef LS__XEN_LIST_H
#define LS__XEN_LIST_H

#if defined(LS_UPSTREAM) && __has_include_next(<xen/list.h>)
#include_next <xen/list.h>
#undef list_for_each
#undef list_for_each_entry
#undef list_for_each_entry_safe
#include "asm/ls_list.h" /* LS__LIST(): a walk's head, checked natively */
#define list_for_each(pos, head) for (pos = LS__LIST(head)->next; pos != (head); pos = pos->next)
#define list_for_each_entry(pos, head, member) \
	for (pos = list_entry(LS__LIST(head)->next, __typeof__(*pos), member); &pos->member != (head); \
	     pos = list_entry(pos->member.next, __typeof__(*pos), member))
#define list_for_each_entry_safe(pos, n, head, member)                                      \
	for (pos = list_entry(LS__LIST(head)->next, __typeof__(*pos), member),                \
	    n = list_entry(pos->member.next, __typeof__(*pos), member);                        \
	     &pos->member != (head); pos = n, n = list_entry(n->member.next, __typeof__(*n), member))
#elif !defined(LS_UPSTREAM)
#error "xen/list.h: lockspin has Xen's list only over a Xen tree (--compile-commands); a spec uses linux/list.h"
#endif

#endif /* LS__XEN_LIST_H */
