#ifndef __XEN_LIST_H__
#define __XEN_LIST_H__
#include <xen/lib.h>
struct list_head { struct list_head *next, *prev; };
#define LIST_HEAD_INIT(name) { &(name), &(name) }
static inline void __list_add(struct list_head *new, struct list_head *prev, struct list_head *next)
{
    next->prev = new;
    new->next = next;
    new->prev = prev;
    prev->next = new;
}
static inline void list_add_tail(struct list_head *new, struct list_head *head)
{
    __list_add(new, head->prev, head);
}
static inline int list_empty(const struct list_head *head) { return head->next == head; }
#define prefetch(x) __builtin_prefetch(x)
#define list_entry(ptr, type, member) container_of(ptr, type, member)
#define list_for_each_entry(pos, head, member)                          \
    for (pos = list_entry((head)->next, typeof(*pos), member);          \
         prefetch(pos->member.next), &pos->member != (head);            \
         pos = list_entry(pos->member.next, typeof(*pos), member))
#endif
