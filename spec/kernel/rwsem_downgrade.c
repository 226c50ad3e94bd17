/*
 * downgrade_write(): a writer publishes a new configuration and goes on
 * reading it.  Dropping the write lock and taking the read lock (bad) lets
 * another writer in between, and the first one then reads a generation it
 * did not write; downgrade_write() (ok) turns the write hold into a read
 * hold in one step, so no writer can come in between.
 */
#include <linux/rwsem.h>

LS_VARIANT(bad, "BAD", "assertion", "up_write() then down_read() opens a window for the other writer");
LS_VARIANT(ok, "", "ok", "downgrade_write() keeps the writer out");

struct config {
	struct rw_semaphore sem;
	int gen LS_STATE LS_RANGE(0, 2);
};

static struct config cfg;

static void publisher(void *arg)
{
	(void)arg;
	down_write(&cfg.sem);
	cfg.gen = 1;
#ifdef BAD
	up_write(&cfg.sem);
	down_read(&cfg.sem);
#else
	downgrade_write(&cfg.sem);
#endif
	ls_assert(cfg.gen == 1);
	up_read(&cfg.sem);
}

static void other_writer(void *arg)
{
	(void)arg;
	down_write(&cfg.sem);
	cfg.gen = 2;
	up_write(&cfg.sem);
	down_read(&cfg.sem);
	up_read(&cfg.sem);
}

LS_SCENARIO
{
	ls_thread(publisher, NULL);
	ls_thread(other_writer, NULL);
}
