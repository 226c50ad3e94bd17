/*
 * null_deref.c - a read and a write through a modelled pointer that is NULL.
 *
 * cur points to the current buffer (LS_STATE: NULL or which object) and
 * is only set by setup().  The bad variants skip setup() in one thread, so
 * use() reads (bad_read) or writes (bad_write) cur->count through NULL.
 * Before the run-time check the model read or wrote the phantom slot-0
 * object with no error (false ok); now each is a `null-deref` violation
 * with a trace.  The ok twin sets cur before either thread runs use().
 *
 *  Possible unsafe scenario (bad):
 *
 *        t1
 *        ----
 *   lock(l);
 *   cur->count = 1;    cur is NULL
 */
#include "lockspin.h"

LS_VARIANT(bad_read, "BAD_READ", "null-deref", "use() reads cur->count before anyone set cur");
LS_VARIANT(bad_write, "BAD_WRITE", "null-deref", "use() writes cur->count before anyone set cur");
LS_VARIANT(ok, "", "ok", "cur is set before the threads start");

struct buf {
	int count LS_STATE LS_RANGE(0, 3);
};

static ls_mutex_t l;
static struct buf b0;
static struct buf *cur LS_STATE;
static bool seen LS_STATE;

static void use(void *arg)
{
	(void)arg;
	ls_mutex_lock(&l);
#if defined(BAD_READ)
	seen = cur->count > 0;
#elif defined(BAD_WRITE)
	cur->count = 1;
#else
	if (cur && cur->count < 3)
		cur->count++;
	seen = cur->count > 0;
#endif
	ls_mutex_unlock(&l);
}

LS_SCENARIO
{
#if !defined(BAD_READ) && !defined(BAD_WRITE)
	cur = &b0;
#else
	cur = NULL;
#endif
	b0.count = 0;
	seen = false;
	ls_thread(use, NULL);
	ls_thread(use, NULL);
}
