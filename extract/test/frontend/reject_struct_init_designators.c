/* A struct local's initialiser with a designator of more than one field
 * (`.r.end = 2`): an error at the item, not a field left unset. */
#include "lockspin.h"

struct range {
	int start;
	int end;
};

struct work {
	int op;
	struct range r;
};

static int flushed LS_STATE LS_RANGE(0, 3);

static void flush_worker(void *arg)
{
	struct work w = { .op = 1, .r.end = 2 };

	(void)arg;
	if ( w.r.end == 2 )
		flushed = 1;
}

LS_SCENARIO
{
	ls_thread(flush_worker, NULL);
}
