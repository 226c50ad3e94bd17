/*
 * linux/list.h - the kernel's circular doubly linked list (see
 * linux/compiler.h).  List pointers are untracked data in the model: a loop
 * over a list is a loop whose test is a choice (--explain lists it), and a
 * lock reached through a list entry is an error naming it.
 */
#ifndef LS__LINUX_LIST_H
#define LS__LINUX_LIST_H

/* over a Linux tree (LS_UPSTREAM): the tree's struct list_head (its
 * linux/types.h) and inline list_add() and friends; the walks below
 * replace its own */
#if defined(LS_UPSTREAM) && defined(__KERNEL__) && __has_include_next(<linux/list.h>)
#include_next <linux/list.h>
#undef LIST_HEAD_INIT
#undef LIST_HEAD
#undef list_entry
#undef list_first_entry
#undef list_for_each_entry
#endif

#include "linux/kernel.h"

#if !defined(LS_UPSTREAM) || !defined(__KERNEL__) || !__has_include_next(<linux/list.h>)
struct list_head { struct list_head *next, *prev; };

static inline void INIT_LIST_HEAD(struct list_head *l) { l->next = l; l->prev = l; }
static inline void list_add(struct list_head *n, struct list_head *h)
{
	n->next = h->next;
	n->prev = h;
	h->next->prev = n;
	h->next = n;
}
static inline void list_add_tail(struct list_head *n, struct list_head *h)
{
	n->next = h;
	n->prev = h->prev;
	h->prev->next = n;
	h->prev = n;
}
static inline void list_del(struct list_head *e)
{
	e->prev->next = e->next;
	e->next->prev = e->prev;
	e->next = e->prev = e;
}
static inline int list_empty(const struct list_head *h) { return h->next == h; }
#endif

#define LIST_HEAD_INIT(name) { &(name), &(name) }
#define LIST_HEAD(name) struct list_head name = LIST_HEAD_INIT(name)

#define list_entry(ptr, type, member) container_of(ptr, type, member)
#define list_first_entry(ptr, type, member) list_entry((ptr)->next, type, member)
#include "asm/ls_list.h" /* LS__LIST(): a walk's head, checked natively */
#define list_for_each_entry(pos, head, member) \
	for (pos = list_entry(LS__LIST(head)->next, __typeof__(*pos), member); &pos->member != (head); \
	     pos = list_entry(pos->member.next, __typeof__(*pos), member))

#endif /* LS__LINUX_LIST_H */
