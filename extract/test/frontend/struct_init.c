/* Struct locals declared with an initialiser, as the kernel and Xen write
 * them: a designated list (`struct work w = { .op = OP_FLUSH };`, the
 * fields it leaves out C's zero), a positional one with a nested struct,
 * a copy of a modelled object (`= *req`: its modelled fields are read, the
 * others untracked) and a copy of another struct local, also assigned
 * after the declaration (`later = *req`).  Each field is a
 * local of its own, as for a struct local without one; before, the whole
 * struct was untracked and every test of it either branch (an assertion
 * here).  A struct a call returns is untracked still, which --explain
 * says. */
#include "lockspin.h"

#define OP_NONE 0
#define OP_FLUSH 2

struct range {
	int start;
	int end;
};

struct work {
	int op;
	struct range r;
	void *owner;
};

struct request {
	int op LS_STATE LS_RANGE(0, 3);
	int flags;
};

static struct request reqs[1];
static ls_spinlock_t lock;
static int flushed LS_STATE LS_RANGE(0, 3);

static struct range next_range(int start)
{
	struct range r = { start, start + 1 };

	return r;
}

static void flush_worker(void *arg)
{
	struct request *req = &reqs[0];
	struct work w = { .op = OP_FLUSH };
	struct work p = { OP_NONE, { 1, 2 } };
	struct request copy = *req;
	struct work again = w;
	struct range nr = next_range(1);
	struct request later;

	(void)arg;
	ls_spin_lock(&lock);
	later = *req;               /* assigned as a whole: the same copy */
	if ( w.op == OP_FLUSH && w.r.end == 0 && p.r.end == 2 )
		flushed = 1;
	if ( copy.op != OP_NONE || again.op != OP_FLUSH || later.op != copy.op )
		flushed = 2;
	if ( nr.end == 2 )          /* a struct a call returns: untracked, said */
		flushed = 1;
	ls_spin_unlock(&lock);
	ls_assert(flushed == 1);
}

LS_SCENARIO
{
	ls_thread(flush_worker, NULL);
}
