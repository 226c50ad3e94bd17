/* ABBCCA: three workers each lock their node, then the next one. */
#include "lockspin.h"

struct node {
	ls_mutex_t lock;
	struct node *next;
};
static struct node n0 = { .next = &n1 }, n1 = { .next = &n2 }, n2 = { .next = &n0 };

static void worker(void *arg)
{
	struct node *n = arg;

	ls_mutex_lock(&n->lock);
	ls_mutex_lock(&n->next->lock);
	ls_mutex_unlock(&n->next->lock);
	ls_mutex_unlock(&n->lock);
}

static void peek(void *arg)
{
	struct node *n = arg;

	ls_mutex_lock(&n->lock);
	ls_mutex_unlock(&n->lock);
}

LS_SCENARIO
{
	ls_thread(peek, &n2);
	ls_thread(worker, &n0);
	ls_thread(worker, &n1);
	ls_thread(worker, &n2);
}
