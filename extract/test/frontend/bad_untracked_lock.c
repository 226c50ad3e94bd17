#include "lockspin.h"
#include <stdlib.h>
struct obj { ls_mutex_t lock; };
struct obj o0;
static struct obj *lookup(int id) { (void)id; return malloc(sizeof(struct obj)); }
static void t(void *arg)
{
	struct obj *o = lookup(3);
	ls_mutex_t *l = arg;
	(void)l;
	ls_mutex_lock(&o->lock);
	ls_read_lock(&o0.lock);
	ls_mutex_unlock(&o0.lock);
}
LS_SCENARIO { ls_thread(t, NULL); }
