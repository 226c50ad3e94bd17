/* test_lazy.c - the validated fast path's lazy holds (lockspin.h,
 * ls__fast_take): every report a held entry feeds still comes when the
 * lock was taken with no entry.  One forked child per case (child.h). */
#define _GNU_SOURCE
#include "../rt.h"
#include "test.h"
#include "child.h"

/* A lazy hold (lockspin.h, ls__fast_take): with validation on and nothing
 * held, a fast lock released by this thread before is taken with no held
 * entry, only ls__ulast and its site; the entry is made when anything
 * reads it.  Each report a held entry feeds must still come, citing the
 * lazy acquisition's line: an inversion whose first lock was taken lazily
 * (the entry made by the next acquisition, inline), a rank violation under
 * a lazily taken ranked lock, a self-deadlock on a lazily held lock taken
 * again inline and out of line (a guard: made at the slow path's entry),
 * held at exit, a double unlock after a lazy release.  LAZY() checks the
 * hold is lazy without a call into the runtime (ls_assert's would make
 * the entry): exit status 7 if not. */
static ls_mutex_t za, zb, zr, zl;
#define LAZY(l) do { if (ls__ulast != &(l).rt || ls__self->nheld != 0) _exit(7); } while (0)
/* the lazy acquisitions' lines, known to the parent too */
enum { ZA_LINE = __LINE__ + 1 };
static void lock_za(void) { ls_mutex_lock(&za); }
enum { ZR_LINE = __LINE__ + 1 };
static void lock_zr(void) { ls_mutex_lock(&zr); }

static void body_lazy_inversion(void)
{
	ls_register_lock(&za, LS_K_MUTEX, "ZA", "za", -1, NULL, 0, false);
	ls_register_lock(&zb, LS_K_MUTEX, "ZB", "zb", -1, NULL, 0, false);
	/* first acquisitions: out of line (class, fcls, released bit) */
	ls_mutex_lock(&za);
	ls_mutex_unlock(&za);
	ls_mutex_lock(&zb);
	ls_mutex_unlock(&zb);
	lock_za();
	LAZY(za);
	ls_mutex_lock(&zb);
	if (ls__ulast || ls__self->nheld != 2 || ls__self->held[0].lock != &za.rt ||
	    ls__self->held[0].line != ZA_LINE || za.rt.word != ls__self->tag)
		_exit(8);
	ls_mutex_unlock(&zb);
	ls_mutex_unlock(&za);
	ls_mutex_lock(&zb);
	LAZY(zb);
	ls_mutex_lock(&za);
	ls_mutex_unlock(&za);
	ls_mutex_unlock(&zb);
	/* released lazily: a second unlock is a double unlock */
	lock_za();
	LAZY(za);
	ls_mutex_unlock(&za);
	if (ls__ulast || za.rt.word != 0)
		_exit(9);
	ls_mutex_unlock(&za);
}

static void body_lazy_rank(void)
{
	ls_register_lock(&zr, LS_K_MUTEX, "ZR", "zr", 20, NULL, 0, false);
	ls_register_lock(&zl, LS_K_MUTEX, "ZL", "zl", 5, NULL, 0, false);
	ls_mutex_lock(&zr);
	ls_mutex_unlock(&zr);
	lock_zr();
	LAZY(zr);
	if (ls__self->level != 0)
		_exit(8);
	ls_mutex_lock(&zl);
	ls_mutex_unlock(&zl);
	ls_mutex_unlock(&zr);
	ls_assert(ls__self->level == 0 && ls__self->nheld == 0);
	/* released out of order, zr then zl: nothing held at level 20 (what
	 * zl's entry saved), so taking zl again is out of order, lazy or not:
	 * a third report */
	ls_mutex_lock(&zr);
	ls_mutex_lock(&zl);
	ls_mutex_unlock(&zr);
	ls_mutex_unlock(&zl);
	if (ls__self->nheld != 0 || ls__self->level != 20)
		_exit(9);
	ls_mutex_lock(&zl);
	ls_mutex_unlock(&zl);
}

static void t_lazy_exit(void *a)
{
	(void)a;
	ls_mutex_lock(&za);
	ls_mutex_unlock(&za);
	lock_za();
	LAZY(za);
}

static void body_lazy_exit(void)
{
	ls_register_lock(&za, LS_K_MUTEX, "ZA", "za", -1, NULL, 0, false);
	ls_thread(t_lazy_exit, NULL);
	rt_run_threads();
}

static void body_lazy_aa(void)
{
	ls_register_lock(&za, LS_K_MUTEX, "ZA", "za", -1, NULL, 0, false);
	ls_mutex_lock(&za);
	ls_mutex_unlock(&za);
	lock_za();
	LAZY(za);
	ls_mutex_lock(&za);
}

static void body_lazy_aa_guard(void)
{
	ls_register_lock(&za, LS_K_MUTEX, "ZA", "za", -1, NULL, 0, false);
	ls_mutex_lock(&za);
	ls_mutex_unlock(&za);
	lock_za();
	LAZY(za);
	ls__guard(&za, LS_K_MUTEX, LS__HERE);
}

/* Another thread has released za, this one never: its first acquisition
 * must not be lazy (the release records its bit), so a second unlock is
 * still a double unlock, not "not held". */
static void *t_first_release(void *a)
{
	(void)a;
	ls_mutex_lock(&zb); /* the thread's first lock: it gets its slot */
	ls_mutex_unlock(&zb);
	ls_mutex_lock(&za);
	if (ls__ulast != NULL || ls__self->nheld != 1)
		_exit(8);
	ls_mutex_unlock(&za);
	ls_mutex_unlock(&za);
	return NULL;
}

static void body_lazy_first_release(void)
{
	ls_register_lock(&za, LS_K_MUTEX, "ZA", "za", -1, NULL, 0, false);
	ls_register_lock(&zb, LS_K_MUTEX, "ZB", "zb", -1, NULL, 0, false);
	ls_mutex_lock(&za);
	ls_mutex_unlock(&za);
	lock_za();
	LAZY(za);
	ls_mutex_unlock(&za);
	in_thread(t_first_release, NULL);
}

static void test_lazy_hold(void)
{
	char want[160];
	child(body_lazy_inversion);
	CHECK(status == 0);
	CHECK(has("potential-deadlock "));
	CHECK(has("Chain exists of:\n|     ZA --> ZB --> ZA\n"));
	snprintf(want, sizeof want, "(ZA taken at harness/test/test_lazy.c:%d)", ZA_LINE);
	CHECK(has(want));
	CHECK(has("double-unlock "));
	child(body_lazy_rank);
	CHECK(status == 0);
	CHECK(!has("assertion "));
	CHECK(has("mm locking order violation: 20 > 5"));
	int nrank = 0;
	for (const char *p = out; (p = strstr(p, "rank-violation ")); p++)
		nrank++;
	CHECK(nrank == 3);
	snprintf(want, sizeof want, "zr taken at harness/test/test_lazy.c:%d", ZR_LINE);
	CHECK(has(want));
	child(body_lazy_exit);
	CHECK(status == 0);
	snprintf(want, sizeof want, "held-at-exit 0 harness/test/test_lazy.c:%d", ZA_LINE);
	CHECK(has(want));
	snprintf(want, sizeof want, "holding za taken at harness/test/test_lazy.c:%d", ZA_LINE);
	child(body_lazy_aa);
	CHECK(status == RT_EXIT_DEADLOCK);
	CHECK(has("| lockspin: deadlock: a thread waits for a lock it holds\n"));
	CHECK(has(want));
	child(body_lazy_aa_guard);
	CHECK(status == RT_EXIT_DEADLOCK);
	CHECK(has("| lockspin: deadlock: a thread waits for a lock it holds\n"));
	CHECK(has(want));
	child(body_lazy_first_release);
	CHECK(status == 0);
	CHECK(has("double-unlock ") && has("released before by this thread"));
}

int main(void)
{
	RUN(test_lazy_hold);
	return TEST_DONE();
}
