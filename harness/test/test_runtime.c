/* test_runtime.c - lock semantics and the validator, one forked child per
 * test: the child runs the body with its reports sent up a pipe, the parent
 * checks the report text and the exit status (a deadlock _exit()s). */
#define _GNU_SOURCE
#include "../rt.h"
#include "test.h"
#include "child.h"

/* ---- lock semantics -------------------------------------------------------- */

static ls_rwlock_t rw;
static ls_rwsem_t sem;
static ls_mutex_t ma, mb;
static ls_spinlock_t sl;

static void *try_read_rw(void *a) { (void)a; bool ok = ls_read_trylock(&rw); if (ok) ls_read_unlock(&rw); return (void *)(long)ok; }
static void *try_write_rw(void *a) { (void)a; bool ok = ls_write_trylock(&rw); if (ok) ls_write_unlock(&rw); return (void *)(long)ok; }
static void *try_read_sem(void *a) { (void)a; bool ok = ls__tryacquire_shared(&sem, LS_K_RWSEM, LS__HERE); if (ok) ls_up_read(&sem); return (void *)(long)ok; }
static void *down_write_sem(void *a) { (void)a; ls_down_write(&sem); ls_up_write(&sem); return NULL; }
static void *write_rw(void *a) { (void)a; ls_write_lock(&rw); ls_write_unlock(&rw); return NULL; }
static void *try_lock_ma(void *a) { (void)a; bool ok = ls_mutex_trylock(&ma); if (ok) ls_mutex_unlock(&ma); return (void *)(long)ok; }

static void test_rwlock_sharing(void)
{
	ls_read_lock(&rw);
	CHECK(in_thread(try_read_rw, NULL) == (void *)1);  /* readers share */
	CHECK(in_thread(try_write_rw, NULL) == (void *)0); /* a writer waits */
	/* a waiting writer does not block a nested reader of rwlock_t */
	pthread_t w;
	pthread_create(&w, NULL, write_rw, NULL);
	msleep(20);
	ls_read_lock(&rw);
	ls_read_unlock(&rw);
	ls_read_unlock(&rw);
	pthread_join(w, NULL);
	CHECK(in_thread(try_write_rw, NULL) == (void *)1);
}

static void test_rwsem_writer_blocks_readers(void)
{
	ls_down_read(&sem);
	CHECK(in_thread(try_read_sem, NULL) == (void *)1);
	pthread_t w;
	pthread_create(&w, NULL, down_write_sem, NULL);
	while (!__atomic_load_n(&sem.rt.wwait, __ATOMIC_ACQUIRE))
		msleep(1);
	CHECK(in_thread(try_read_sem, NULL) == (void *)0); /* queued writer first */
	ls_up_read(&sem);
	pthread_join(w, NULL);
	CHECK(in_thread(try_read_sem, NULL) == (void *)1);
}

static void test_recursive_and_trylock(void)
{
	ls_spin_lock_recursive(&sl);
	ls_spin_lock_recursive(&sl);
	ls_spin_unlock_recursive(&sl);
	CHECK(!ls_spin_trylock(&sl)); /* still held once, not recursive */
	ls_spin_unlock_recursive(&sl);
	CHECK(ls_spin_trylock(&sl));
	ls_spin_unlock(&sl);
	CHECK(ls_mutex_trylock(&ma));
	CHECK(in_thread(try_lock_ma, NULL) == (void *)0);
	ls_mutex_unlock(&ma);
	CHECK(in_thread(try_lock_ma, NULL) == (void *)1);
	static ls_mutex_t rec;
	ls_register_lock(&rec, LS_K_MUTEX, "rec", "rec", -1, NULL, 0, true);
	ls_mutex_lock(&rec);
	ls_mutex_lock(&rec);
	ls_mutex_unlock(&rec);
	ls_mutex_unlock(&rec);
	CHECK(val_nreports() == 0);
}

static void guard_scope(void)
{
	ls_guard(MUTEX, &ma);
	ls_assert_held(&ma);
}

static void test_guard(void)
{
	guard_scope();
	ls_assert_not_held(&ma);
	CHECK(ls_mutex_trylock(&ma));
	ls_mutex_unlock(&ma);
	CHECK(val_nreports() == 0);
}

/* ---- ranks ----------------------------------------------------------------- */

static ls_mutex_t pod, p2m, p2m2, paging, dom0_p2m;
static ls_rwlock_t rpod;
static bool is_dom0;

static void reg_ranks(void)
{
	ls_register_lock(&pod, LS_K_MUTEX, "pod", "d0.pod", 48, NULL, 0, false);
	ls_register_lock(&p2m, LS_K_MUTEX, "p2m", "d0.p2m", 16, NULL, 0, true);
	ls_register_lock(&p2m2, LS_K_MUTEX, "p2m", "np.p2m", 16, NULL, 0, true);
	ls_register_lock(&rpod, LS_K_RWLOCK, "rpod", "d0.rpod", 48, NULL, 0, false);
	ls_register_lock(&paging, LS_K_MUTEX, "paging", "d1.paging", 64, NULL, 0, false);
	ls_register_lock(&dom0_p2m, LS_K_MUTEX, "p2m", "dom0.p2m", 16, &is_dom0, 64, false);
}

static void body_rank_violation(void)
{
	reg_ranks();
	ls_mutex_lock(&pod);
	ls_mutex_lock(&p2m);
	ls_mutex_unlock(&p2m);
	ls_mutex_unlock(&pod);
}

static void test_rank_violation(void)
{
	child(body_rank_violation);
	CHECK(has("rank-violation "));
	CHECK(has("| lockspin: rank-violation: mm locking order violation: 48 > 16\n"));
	CHECK(has("level 48 set by d0.pod taken at "));
}

static void body_rank_ok(void)
{
	reg_ranks();
	ls_mutex_lock(&p2m); /* equal ranks */
	ls_mutex_lock(&p2m2);
	ls_mutex_unlock(&p2m2);
	ls_mutex_lock(&pod);
	ls_mutex_lock(&p2m); /* recursive re-take: no check */
	ls_mutex_unlock(&p2m);
	ls_mutex_unlock(&pod);
	ls_mutex_unlock(&p2m);
	ls_read_lock(&rpod); /* read: checks, does not raise */
	ls_mutex_lock(&p2m);
	ls_mutex_unlock(&p2m);
	ls_read_unlock(&rpod);
	ls_mutex_lock(&pod); /* unlock restores the level */
	ls_mutex_unlock(&pod);
	ls_mutex_lock(&p2m);
	ls_mutex_unlock(&p2m);
	is_dom0 = true; /* bias: 16 + 64 under 64 */
	ls_mutex_lock(&paging);
	ls_mutex_lock(&dom0_p2m);
	ls_mutex_unlock(&dom0_p2m);
	ls_mutex_unlock(&paging);
}

static void test_rank_ok_twins(void)
{
	child(body_rank_ok);
	CHECK(out[0] == 0);
	CHECK(status == 0);
}

static void body_rank_unbiased(void)
{
	reg_ranks();
	ls_mutex_lock(&paging);
	ls_mutex_lock(&dom0_p2m);
	ls_mutex_unlock(&dom0_p2m);
	ls_mutex_unlock(&paging);
}

static void test_rank_bias_off(void)
{
	child(body_rank_unbiased);
	CHECK(has("mm locking order violation: 64 > 16"));
}

static void body_ranks_mode(void)
{
	val_set_mode("off");
	body_rank_violation();
}

static void test_validate_off(void)
{
	child(body_ranks_mode);
	CHECK(out[0] == 0);
}

/* ---- order, unlock checks ------------------------------------------------- */

static void body_inversion(void)
{
	ls_register_lock(&ma, LS_K_MUTEX, "A", "a", -1, NULL, 0, false);
	ls_register_lock(&mb, LS_K_MUTEX, "B", "b", -1, NULL, 0, false);
	ls_mutex_lock(&ma);
	ls_mutex_lock(&mb);
	ls_mutex_unlock(&mb);
	ls_mutex_unlock(&ma);
	ls_mutex_lock(&mb);
	ls_mutex_lock(&ma);
	ls_mutex_unlock(&ma);
	ls_mutex_unlock(&mb);
}

static void test_inversion_without_deadlock(void)
{
	child(body_inversion);
	CHECK(has("potential-deadlock "));
	CHECK(has("Chain exists of:\n|     A --> B --> A\n"));
	CHECK(has("A --> B at harness/test/test_runtime.c:"));
	CHECK(status == 0);
}

/* PoD option 2 (spec/xen_pod_reclaim.c nested_own_rank): host and nested
 * p2m locks are one declaration, the nested one biased to its own rank.
 * The class graph keys nodes by (class, effective rank) like the model, so
 * host p2m --> pod --> nested p2m is no cycle.  The bias flag is set after
 * registration, as the scenario sets it after the registry ran. */
static ls_rwlock_t hp2m, np2m;
static ls_spinlock_t podl;
static bool np2m_nested;

static void reg_p2m(void)
{
	ls_register_lock(&hp2m, LS_K_RWLOCK, "p2m_domain.lock", "hostp2m.lock", 16, NULL, 0, true);
	ls_register_lock(&np2m, LS_K_RWLOCK, "p2m_domain.lock", "np2m.lock", 16, &np2m_nested, 36, true);
	ls_register_lock(&podl, LS_K_SPIN, "p2m_domain.pod_lock", "hostp2m.pod_lock", 48, NULL, 0, false);
	np2m_nested = true;
}

static void body_nested_own_rank(void)
{
	reg_p2m();
	ls_write_lock(&hp2m);
	ls_spin_lock(&podl);
	ls_spin_unlock(&podl);
	ls_write_unlock(&hp2m);
	ls_spin_lock(&podl);
	ls_write_lock(&np2m);
	ls_write_unlock(&np2m);
	ls_spin_unlock(&podl);
}

static void body_nested_inversion(void)
{
	reg_p2m();
	ls_write_lock(&hp2m);
	ls_write_unlock(&hp2m);
	ls_spin_lock(&podl);
	ls_write_lock(&np2m);
	ls_write_unlock(&np2m);
	ls_spin_unlock(&podl);
	ls_write_lock(&np2m);
	ls_spin_lock(&podl);
	ls_spin_unlock(&podl);
	ls_write_unlock(&np2m);
}

static void test_class_by_rank(void)
{
	child(body_nested_own_rank);
	CHECK(out[0] == 0);
	CHECK(status == 0);
	/* a real inversion between the nested lock and pod_lock is still one,
	 * named by rank since the class name alone is ambiguous */
	child(body_nested_inversion);
	CHECK(has("mm locking order violation: 52 > 48"));
	CHECK(has("Chain exists of:\n|     p2m_domain.lock (rank 52) --> p2m_domain.pod_lock --> "
		  "p2m_domain.lock (rank 52)\n"));
	CHECK(status == 0);
}

static void body_same_order(void)
{
	ls_mutex_lock(&ma);
	ls_mutex_lock(&mb);
	ls_mutex_unlock(&mb);
	ls_mutex_unlock(&ma);
	ls_mutex_lock(&ma);
	ls_mutex_lock(&mb);
	ls_mutex_unlock(&mb);
	ls_mutex_unlock(&ma);
}

static void test_same_order_ok(void)
{
	child(body_same_order);
	CHECK(out[0] == 0);
}

static void body_read_read(void)
{
	/* read(R) -> M and M -> read(R): readers share, no cycle */
	ls_read_lock(&rw);
	ls_mutex_lock(&ma);
	ls_mutex_unlock(&ma);
	ls_read_unlock(&rw);
	ls_mutex_lock(&ma);
	ls_read_lock(&rw);
	ls_read_unlock(&rw);
	ls_mutex_unlock(&ma);
}

static void body_read_write(void)
{
	ls_write_lock(&rw);
	ls_mutex_lock(&ma);
	ls_mutex_unlock(&ma);
	ls_write_unlock(&rw);
	ls_mutex_lock(&ma);
	ls_read_lock(&rw);
	ls_read_unlock(&rw);
	ls_mutex_unlock(&ma);
}

static void test_read_orders(void)
{
	child(body_read_read);
	CHECK(out[0] == 0);
	child(body_read_write);
	CHECK(has("potential-deadlock "));
}

static void body_double_unlock(void)
{
	ls_mutex_lock(&ma);
	ls_mutex_unlock(&ma);
	ls_mutex_unlock(&ma);
	ls_mutex_unlock(&mb);
}

static void test_bad_unlocks(void)
{
	child(body_double_unlock);
	CHECK(has("double-unlock "));
	CHECK(has("released before by this thread"));
	CHECK(has("unlock-not-held "));
	CHECK(has("not held by this thread"));
}

/* "released before by this thread" is the model's: any time before, by
 * this thread (classify.c released_before), however many releases came
 * between, and not when only another thread released it. */
static ls_mutex_t many[24];

static void body_double_unlock_later(void)
{
	ls_mutex_lock(&ma);
	ls_mutex_unlock(&ma);
	for (int i = 0; i < 24; i++) {
		ls_mutex_lock(&many[i]);
		ls_mutex_unlock(&many[i]);
	}
	ls_mutex_unlock(&ma);
}

static void *lock_unlock_mb(void *a) { (void)a; ls_mutex_lock(&mb); ls_mutex_unlock(&mb); return NULL; }

static void body_released_by_another(void)
{
	in_thread(lock_unlock_mb, NULL);
	ls_mutex_unlock(&mb);
}

static void body_double_unlock_shared(void)
{
	ls_read_lock(&rw);
	ls_read_unlock(&rw);
	ls_read_unlock(&rw);
}

static void test_released_before(void)
{
	child(body_double_unlock_later);
	CHECK(has("double-unlock ") && !has("unlock-not-held "));
	child(body_released_by_another);
	CHECK(has("unlock-not-held ") && !has("double-unlock "));
	child(body_double_unlock_shared);
	CHECK(has("double-unlock ") && has("released before by this thread"));
}

static void body_wrong_side(void)
{
	ls_write_lock(&rw);
	ls_read_unlock(&rw);    /* write-held: the read side is not held */
	ls_write_unlock(&rw);
	ls_read_lock(&rw);
	ls_write_unlock(&rw);   /* read-held: the write side is not held */
	ls_read_unlock(&rw);
	ls_down_write(&sem);
	ls_up_read(&sem);
	ls_up_write(&sem);
}

static void test_wrong_side_unlock(void)
{
	child(body_wrong_side);
	CHECK(status == 0);
	CHECK(has("read-release of lock@"));
	CHECK(has("not held for reading by this thread (held for writing)"));
	CHECK(has("write-release of lock@"));
	CHECK(has("not held for writing by this thread (held for reading)"));
	CHECK(!has("double-unlock"));
	/* three reports, each unlock-not-held */
	int n = 0;
	for (const char *p = out; (p = strstr(p, "unlock-not-held ")); p++)
		n++;
	CHECK(n == 3);
}

static void t_leaves_locked(void *a)
{
	(void)a;
	ls_spin_lock(&sl);
}

static void body_held_at_exit(void)
{
	ls_thread(t_leaves_locked, NULL);
	rt_run_threads();
}

static void test_held_at_exit(void)
{
	child(body_held_at_exit);
	CHECK(has("held-at-exit 0 harness/test/test_runtime.c:"));
	CHECK(has("t_leaves_locked ends holding lock@"));
}

static void body_assert(void)
{
	ls_assert(1 + 1 == 3);
	ls_assert_held(&ma);
}

static void test_assertions(void)
{
	child(body_assert);
	CHECK(has("| lockspin: assertion: assertion '1 + 1 == 3' failed\n"));
	CHECK(has("assertion '&ma' failed"));
}

/* ---- real deadlocks ---------------------------------------------------------- */

static void body_aa(void)
{
	ls_mutex_lock(&ma);
	ls_mutex_lock(&ma);
}

static pthread_barrier_t bar;

static void t_ab(void *a)
{
	(void)a;
	ls_mutex_lock(&ma);
	pthread_barrier_wait(&bar);
	ls_mutex_lock(&mb);
}

static void t_ba(void *a)
{
	(void)a;
	ls_mutex_lock(&mb);
	pthread_barrier_wait(&bar);
	ls_mutex_lock(&ma);
}

static void body_abba(void)
{
	pthread_barrier_init(&bar, NULL, 2);
	ls_register_lock(&ma, LS_K_MUTEX, "A", "a", -1, NULL, 0, false);
	ls_register_lock(&mb, LS_K_MUTEX, "B", "b", -1, NULL, 0, false);
	ls_thread(t_ab, NULL);
	ls_thread(t_ba, NULL);
	rt_run_threads();
}

static void t_reader(void *a)
{
	(void)a;
	ls_down_read(&sem);
	pthread_barrier_wait(&bar);
	while (!__atomic_load_n(&sem.rt.wwait, __ATOMIC_ACQUIRE))
		msleep(1);
	ls_down_read(&sem); /* behind the queued writer */
}

static void t_writer(void *a)
{
	(void)a;
	pthread_barrier_wait(&bar);
	ls_down_write(&sem);
}

static void body_rwsem_nested_read(void)
{
	pthread_barrier_init(&bar, NULL, 2);
	ls_thread(t_reader, NULL);
	ls_thread(t_writer, NULL);
	rt_run_threads();
}

static void test_deadlocks(void)
{
	child(body_aa);
	CHECK(status == RT_EXIT_DEADLOCK);
	CHECK(has("| lockspin: deadlock: a thread waits for a lock it holds\n"));
	child(body_abba);
	CHECK(status == RT_EXIT_DEADLOCK);
	CHECK(has("| lockspin: deadlock: 2 threads wait for each other\n"));
	CHECK(has("waits for b at harness/test/test_runtime.c:"));
	CHECK(has("holding a taken at harness/test/test_runtime.c:"));
	CHECK(has("potential-deadlock "));
	child(body_rwsem_nested_read);
	CHECK(status == RT_EXIT_DEADLOCK);
	CHECK(has("(read)"));
}

/* ---- the inline fast path (lockspin.h) ---------------------------------------- */

/* The annotated entry points exist out of line too (runtime.c). */
static void body_out_of_line(void)
{
	void (*lock)(void *, int, const char *, int) = ls__acquire;
	void (*unlock)(void *, int, const char *, int) = ls__release;
	void (*rlock)(void *, int, const char *, int) = ls__acquire_shared;
	void (*runlock)(void *, int, const char *, int) = ls__release_shared;
	lock(&ma, LS_K_MUTEX, LS__HERE);
	ls_assert_held(&ma);
	rlock(&rw, LS_K_RWLOCK, LS__HERE);
	ls_assert_held(&rw);
	runlock(&rw, LS_K_RWLOCK, LS__HERE);
	unlock(&ma, LS_K_MUTEX, LS__HERE);
	ls_assert_not_held(&ma);
	ls_assert_not_held(&rw);
	unlock(&ma, LS_K_MUTEX, LS__HERE); /* double unlock, out of line */
}

/* A chain seen before is a cache hit; an out-of-order release re-keys the
 * entries above it, so only the locks really held give edges. */
static void body_chain_cache(void)
{
	ls_register_lock(&ma, LS_K_MUTEX, "CA", "ca", -1, NULL, 0, false);
	ls_register_lock(&mb, LS_K_MUTEX, "CB", "cb", -1, NULL, 0, false);
	ls_register_lock(&sl, LS_K_SPIN, "CS", "cs", -1, NULL, 0, false);
	for (int i = 0; i < 3; i++) {
		ls_mutex_lock(&ma);
		ls_mutex_lock(&mb);
		ls_mutex_unlock(&ma); /* out of order: mb is held alone */
		ls_spin_lock(&sl);    /* CB --> CS, no CA --> CS */
		ls_spin_unlock(&sl);
		ls_mutex_unlock(&mb);
	}
	ls_spin_lock(&sl);
	ls_mutex_lock(&ma);           /* CS --> CA closes CA --> CB --> CS: not direct */
	ls_mutex_unlock(&ma);
	ls_mutex_lock(&mb);           /* CS --> CB closes CB --> CS --> CB */
	ls_mutex_unlock(&mb);
	ls_spin_unlock(&sl);
}

static ls_mutex_t mc;

static void *hold_mc(void *a)
{
	ls_mutex_lock(&mc);
	__atomic_store_n((int *)a, 1, __ATOMIC_RELEASE);
	msleep(50);
	ls_mutex_unlock(&mc);
	return NULL;
}

/* The inline path losing the CAS waits out of line and then holds the lock. */
static void body_contended(void)
{
	int started = 0;
	pthread_t pt;
	ls_mutex_lock(&ma); /* this thread has its slot: the inline path from here */
	pthread_create(&pt, NULL, hold_mc, &started);
	while (!__atomic_load_n(&started, __ATOMIC_ACQUIRE))
		msleep(1);
	ls_mutex_lock(&mc);
	ls_assert_held(&mc);
	ls_mutex_unlock(&mc);
	ls_mutex_unlock(&ma);
	pthread_join(pt, NULL);
}

/* Validation off: the inline path takes an exclusive lock with its CAS
 * alone and pushes no held entry; what the runtime still answers (held or
 * not, stray unlocks, nesting, out-of-order release) it reads from the
 * holder's tag in the lock word.  Checked with ls_assert: a failure is a
 * report. */
static void *try_lock_mb(void *a) { (void)a; bool ok = ls_mutex_trylock(&mb); if (ok) ls_mutex_unlock(&mb); return (void *)(long)ok; }

static void body_off_untracked(void)
{
	val_set_mode("off");
	ls_mutex_lock(&mb); /* this thread's first lock: it gets its slot */
	ls_mutex_unlock(&mb);
	ls_mutex_lock(&ma);
	ls_assert(ls__self->nheld == 0);
	ls_assert_held(&ma);
	ls_assert(in_thread(try_lock_ma, NULL) == (void *)0);
	ls_mutex_lock(&mb);
	ls_mutex_unlock(&ma); /* not the last one taken: out of line */
	ls_assert_not_held(&ma);
	ls_assert_held(&mb);
	ls_assert(in_thread(try_lock_ma, NULL) == (void *)1);
	ls_mutex_unlock(&mb);
	ls_assert(in_thread(try_lock_mb, NULL) == (void *)1);
	/* re-taken recursively: it gets a held entry and nests */
	ls_spin_lock(&sl);
	ls_spin_lock_recursive(&sl);
	ls_spin_unlock_recursive(&sl);
	ls_assert_held(&sl);
	ls_spin_unlock(&sl);
	ls_assert_not_held(&sl);
	ls_assert(ls__self->nheld == 0);
	/* a stray unlock of a lock another thread holds leaves it held */
	int started = 0;
	pthread_t pt;
	pthread_create(&pt, NULL, hold_mc, &started);
	while (!__atomic_load_n(&started, __ATOMIC_ACQUIRE))
		msleep(1);
	ls_mutex_unlock(&mc);
	ls_assert(!ls_mutex_trylock(&mc));
	pthread_join(pt, NULL);
	ls_assert(ls_mutex_trylock(&mc));
	ls_mutex_unlock(&mc);
}

static void body_off_aa(void)
{
	val_set_mode("off");
	body_aa();
}

static void body_off_abba(void)
{
	val_set_mode("off");
	body_abba();
}

static void test_validate_off_fast_path(void)
{
	child(body_off_untracked);
	CHECK(status == 0);
	CHECK(out[0] == 0);
	/* the wait-for graph finds the holders of untracked locks */
	child(body_off_aa);
	CHECK(status == RT_EXIT_DEADLOCK);
	CHECK(has("| lockspin: deadlock: a thread waits for a lock it holds\n"));
	child(body_off_abba);
	CHECK(status == RT_EXIT_DEADLOCK);
	CHECK(has("| lockspin: deadlock: 2 threads wait for each other\n"));
	CHECK(!has("potential-deadlock "));
}

static void test_fast_path(void)
{
	child(body_out_of_line);
	CHECK(status == 0);
	CHECK(has("double-unlock "));
	CHECK(!has("assertion "));
	child(body_chain_cache);
	CHECK(status == 0);
	CHECK(has("Chain exists of:\n|     CB --> CS --> CB\n"));
	CHECK(has("Chain exists of:\n|     CA --> CB --> CS --> CA\n"));
	CHECK(!has("CA --> CS at"));
	child(body_contended);
	CHECK(status == 0);
	CHECK(out[0] == 0);
}

/* The inline path's own state: ls__fmode is the validation mode until
 * stress sends everything out of line; a lock's first validated
 * acquisition caches its class (fcls) and the key of the chain it starts
 * (chain0) for the inline path, except where that path must not take it:
 * a registered recursive lock (a re-take nests) and a lock with a bias
 * flag (its rank moves).  Checked with ls_assert: a failure is a report. */
static bool fast_bias;
static ls_mutex_t fa, fb, fr, fc;

static void body_fast_state(void)
{
	val_set_mode("ranks");
	ls_assert(ls__fmode == LS__FM_RANKS);
	val_set_mode("off");
	ls_assert(ls__fmode == LS__FM_OFF);
	val_set_mode("full");
	ls_assert(ls__fmode == LS__FM_FULL);
	ls_register_lock(&fa, LS_K_MUTEX, "FA", "fa", 3, NULL, 0, false);
	ls_register_lock(&fb, LS_K_MUTEX, "FB", "fb", 4, &fast_bias, 10, false);
	ls_register_lock(&fr, LS_K_MUTEX, "FR", "fr", -1, NULL, 0, true);
	ls_register_lock(&fc, LS_K_MUTEX, "FC", "fc", 8, NULL, 0, false);
	ls_assert(fa.rt.fcls == 0);
	ls_mutex_lock(&fa);
	ls_mutex_unlock(&fa);
	ls_assert(fa.rt.cls > 0 && fa.rt.fcls == fa.rt.cls);
	ls_assert(fa.rt.chain0 == ls__chain_next(0, fa.rt.cls - 1, false));
	ls_mutex_lock(&fr);
	ls_mutex_unlock(&fr);
	ls_assert(fr.rt.cls > 0 && fr.rt.fcls == 0);
	/* the bias is read at every acquisition: rank 14 under fc (8) with the
	 * flag set, then rank 4 under it when the flag is cleared */
	fast_bias = true;
	ls_mutex_lock(&fc);
	ls_mutex_lock(&fb);
	ls_mutex_unlock(&fb);
	ls_mutex_unlock(&fc);
	ls_assert(fb.rt.cls > 0 && fb.rt.fcls == 0);
	fast_bias = false;
	ls_mutex_lock(&fc);
	ls_mutex_lock(&fb);
	ls_mutex_unlock(&fb);
	ls_mutex_unlock(&fc);
	/* re-registration forgets the cache with the class */
	ls_register_lock(&fa, LS_K_MUTEX, "FA", "fa", 3, NULL, 0, false);
	ls_assert(fa.rt.fcls == 0);
	sched_set_stress(1);
	ls_assert(ls__fmode == LS__FM_SLOW);
	val_set_mode("off");
	ls_assert(ls__fmode == LS__FM_SLOW);
}

static void test_fast_state(void)
{
	child(body_fast_state);
	CHECK(status == 0);
	CHECK(!has("assertion "));
	CHECK(has("rank-violation "));
	CHECK(has("mm locking order violation: 8 > 4"));
	CHECK(!has("8 > 14"));
}

/* ---- downgrade_write, interrupts -------------------------------------------- */

static void *try_write_sem(void *a) { (void)a; bool ok = ls__tryacquire(&sem, LS_K_RWSEM, LS__HERE); if (ok) ls_up_write(&sem); return (void *)(long)ok; }

static void test_downgrade(void)
{
	ls_down_write(&sem);
	CHECK(in_thread(try_read_sem, NULL) == (void *)0);
	ls_downgrade_write(&sem);
	CHECK(in_thread(try_read_sem, NULL) == (void *)1);  /* now a reader: readers share */
	CHECK(in_thread(try_write_sem, NULL) == (void *)0); /* and a writer still waits */
	ls_assert_held(&sem);
	ls_up_read(&sem);
	CHECK(in_thread(try_write_sem, NULL) == (void *)1);
	CHECK(val_nreports() == 0);
}

static ls_spinlock_t irqlk;
static void cpu_irq_on(void *a) { (void)a; ls_spin_lock(&irqlk); ls_spin_unlock(&irqlk); }
static void cpu_irq_saved(void *a)
{
	(void)a;
	unsigned long f = ls_irq_save();
	ls_spin_lock(&irqlk);
	ls_spin_unlock(&irqlk);
	ls_irq_restore(f);
	ls_assert(!ls__irqs_disabled(LS__HERE)); /* restored */
}
static void handler(void *a)
{
	(void)a;
	ls_assert(ls__irqs_disabled(LS__HERE)); /* a handler starts with interrupts off */
	ls_spin_lock(&irqlk);
	ls_spin_unlock(&irqlk);
}
static void other_cpu(void *a) { (void)a; ls_spin_lock(&irqlk); ls_spin_unlock(&irqlk); }

static void body_irq_inversion(void)
{
	ls__thread(cpu_irq_on, NULL, "cpu_irq_on", "NULL", LS__HERE);
	ls_irq_thread(handler, NULL, 0);
	rt_run_threads();
}

static void body_irq_saved(void)
{
	ls__thread(cpu_irq_saved, NULL, "cpu_irq_saved", "NULL", LS__HERE);
	/* another CPU takes it with interrupts on: the handler is not its */
	ls__thread(other_cpu, NULL, "other_cpu", "NULL", LS__HERE);
	ls_irq_thread(handler, NULL, 0);
	rt_run_threads();
}

static void test_irq_usage(void)
{
	val_set_mode("full");
	child(body_irq_inversion);
	CHECK(has("irq-inversion "));
	child(body_irq_saved);
	CHECK(!has("irq-inversion") && !has("assertion"));
	CHECK(status == 0);
}

int main(void)
{
	RUN(test_rwlock_sharing);
	RUN(test_rwsem_writer_blocks_readers);
	RUN(test_recursive_and_trylock);
	RUN(test_guard);
	RUN(test_rank_violation);
	RUN(test_rank_ok_twins);
	RUN(test_rank_bias_off);
	RUN(test_validate_off);
	RUN(test_inversion_without_deadlock);
	RUN(test_class_by_rank);
	RUN(test_same_order_ok);
	RUN(test_read_orders);
	RUN(test_bad_unlocks);
	RUN(test_released_before);
	RUN(test_wrong_side_unlock);
	RUN(test_held_at_exit);
	RUN(test_assertions);
	RUN(test_deadlocks);
	RUN(test_fast_path);
	RUN(test_validate_off_fast_path);
	RUN(test_fast_state);
	RUN(test_downgrade);
	RUN(test_irq_usage);
	return TEST_DONE();
}
