/* A struct local's initialiser item the fields cannot be matched to: a
 * designator of more than one field (`.r.end = 2`), a field of an
 * anonymous member (`.a = 1`), brace elision (`{ 1, 2, 3 }` for a nested
 * struct): an error at the item, not a field left unset. */
#include "lockspin.h"

struct range {
	int start;
	int end;
};

struct work {
	int op;
	struct range r;
	union {
		int a;
		long b;
	};
};

static int flushed LS_STATE LS_RANGE(0, 3);

static void flush_worker(void *arg)
{
	struct work w = { .op = 1, .r.end = 2 };
	struct work u = { .op = 1, .a = 1 };
	struct work e = { 1, 2, 3 };

	(void)arg;
	if ( w.r.end == 2 )
		flushed = 1;
}

LS_SCENARIO
{
	ls_thread(flush_worker, NULL);
}
