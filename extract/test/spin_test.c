/* spin_test.c - spin_check over the hand-made corpus: every bad case has
 * an ok twin.  Runs SPIN for real (about 0.3 s of cc per model). */
#include "test.h"
#include "progs.h"

#include <stdlib.h>
#include <string.h>

static const char *workdir;

static CheckResult *run(IrProgram *p, long depth)
{
	StrBuf sb;
	sb_init(&sb);
	pml_emit(p, &sb);
	SpinOptions o = { .workdir = xprintf("%s/%s", workdir, p->variant), .max_depth = depth,
			  .memory_mb = 512, .time_limit = 60 };
	CheckResult *r = spin_check(p, sb.buf, &o);
	sb_release(&sb);
	printf("     %-14s %-18s %6ld states  %s\n", p->variant, verdict_name(r->verdict), r->states,
	       r->detail ? r->detail : "");
	return r;
}

static CheckResult *ops(const char *variant, const char *names, IrLockKind k, int n, const char **b)
{
	return run(prog_ops(variant, names, k, b, n), 10000);
}

#define OPS(variant, names, kind, ...) \
	ops(variant, names, kind, (int)(sizeof((const char *[]){ __VA_ARGS__ }) / sizeof(char *)), \
	    (const char *[]){ __VA_ARGS__ })

static void test_abba(void)
{
	IrProgram *p = prog_abba();
	CheckResult *r = run(p, 10000);
	CHECK(r->verdict == V_DEADLOCK, "abba: deadlock");
	CHECK(r->complete, "abba: complete");
	Trail *t = r->trail;
	CHECK(t && t->stuck[0] && t->stuck[1], "abba: both threads stuck");
	if (!t || !t->stuck[0] || !t->stuck[1])
		return;
	CHECK(t->stuck[0]->loc.line == 11 && t->stuck_lock[0] == 1, "abba: t0 waits for b at line 11");
	CHECK(t->stuck[1]->loc.line == 21 && t->stuck_lock[1] == 0, "abba: t1 waits for a at line 21");
	int got0 = -1, got1 = -1;
	for (int i = 0; i < t->nsteps; i++) {
		if (t->steps[i].thread == 0 && t->steps[i].lock == 0 && t->steps[i].taken)
			got0 = t->steps[i].stmt->loc.line;
		if (t->steps[i].thread == 1 && t->steps[i].lock == 1 && t->steps[i].taken)
			got1 = t->steps[i].stmt->loc.line;
	}
	CHECK(got0 == 10 && got1 == 20, "abba: steps take a at 10 (t0), b at 20 (t1): %d %d", got0, got1);
	CHECK(t->nsteps == 2, "abba: shortest trail has 2 steps (%d)", t->nsteps);
	CHECK(strstr(r->detail, "'t0' waits for 'b' held by 't1'") != NULL, "abba: detail");
}

int main(int argc, char **argv)
{
	workdir = argc > 1 ? argv[1] : "/tmp/lockspin-spin-test";
	test_abba();

	CheckResult *r;
	r = OPS("aa", "a", LK_MUTEX, "+a+a-a-a");
	CHECK(r->verdict == V_DEADLOCK && r->trail->stuck[0] && r->trail->stuck[0]->loc.line == 11, "aa: self deadlock at line 11");
	r = OPS("order", "ab", LK_MUTEX, "+a+b-b-a", "+a+b-b-a", "+a+b-b-a");
	CHECK(r->verdict == V_OK && r->complete && r->states > 0, "consistent order: ok");
	CHECK(r->nedges == 1 && r->edges[0].from == 0 && r->edges[0].to == 1, "consistent order: one edge a->b");
	r = OPS("double", "a", LK_MUTEX, "+a-a-a");
	CHECK(r->verdict == V_DOUBLE_UNLOCK && r->trail->failed && r->trail->failed->loc.line == 12, "double unlock at 12");
	r = OPS("notheld", "ab", LK_MUTEX, "+a-b-a");
	CHECK(r->verdict == V_UNLOCK_NOT_HELD && r->trail->failed_lock == 1, "unlock not held: b");
	r = OPS("exit", "a", LK_MUTEX, "+a");
	CHECK(r->verdict == V_HELD_AT_EXIT && r->trail->failed_thread == 0 && !r->trail->failed, "held at exit");
	r = OPS("trylock", "ab", LK_MUTEX, "+a+b-b-a", "+bta-b");
	CHECK(r->verdict == V_OK, "trylock backoff: ok");

	IrProgram *p = prog("rank", "pq", LK_MUTEX); /* p: 48 (pod), q: 16 (p2m) */
	p->classes[0]->rank = 48;
	p->classes[1]->rank = 16;
	IrThread *t = thread(p, "t0");
	acq(p, t, 10, 0); acq(p, t, 11, 1); rel(p, t, 12, 1); rel(p, t, 13, 0);
	finish(p);
	r = run(p, 10000);
	CHECK(r->verdict == V_RANK_VIOLATION && r->trail->failed && r->trail->failed->loc.line == 11,
	      "rank 48 then 16: rank violation at 11");
	CHECK(r->detail && strstr(r->detail, "48 > 16 taking 'q'"), "rank detail");

	p = prog("rankeq", "pq", LK_MUTEX);
	p->classes[0]->rank = 16;
	p->classes[1]->rank = 16;
	p->classes[1]->recursive = true;
	t = thread(p, "t0");
	acq(p, t, 10, 1); acq(p, t, 11, 0); acq(p, t, 12, 1); rel(p, t, 13, 1); rel(p, t, 14, 0); rel(p, t, 15, 1);
	finish(p);
	r = run(p, 10000);
	CHECK(r->verdict == V_OK, "equal ranks and a recursive retake: ok");

	r = OPS("rwread", "a", LK_RWLOCK, "raRa", "raraRaRa");
	CHECK(r->verdict == V_OK, "rwlock: recursive readers ok");
	r = OPS("rwlockw", "a", LK_RWLOCK, "raraRaRa", "+a-a");
	CHECK(r->verdict == V_OK, "rwlock: a waiting writer does not block a recursive reader");
	r = OPS("rwsem", "a", LK_RWSEM, "raraRaRa", "+a-a");
	CHECK(r->verdict == V_DEADLOCK, "rwsem: reader, waiting writer, reader again: deadlock");

	r = OPS("gated", "gab", LK_MUTEX, "+g+a+b-b-a-g", "+g+b+a-a-b-g");
	CHECK(r->verdict == V_POTENTIAL_DEADLOCK, "abba under a gate lock: potential deadlock (lockdep's view)");
	CHECK(r->nedges == 4, "gated: 4 class edges (g->a g->b a->b b->a): %d", r->nedges);

	/* while (?) { lock a; unlock a; }  ls_progress();  -> the loop may spin forever */
	p = prog("spin", "a", LK_MUTEX);
	t = thread(p, "t0");
	IrStmt *loop = append(t, ir_stmt(S_LOOP, L(10)));
	loop->why = "untracked";
	loop->body = lockop(p, 11, LO_ACQUIRE, LM_EXCL, 0, 0);
	loop->body->next = lockop(p, 12, LO_RELEASE, LM_EXCL, 0, 0);
	append(t, ir_stmt(S_PROGRESS, L(13)));
	finish(p);
	r = run(p, 10000);
	CHECK(r->verdict == V_LIVELOCK && r->trail && r->trail->cycle_start >= 0, "non-progress loop: livelock");

	r = run(prog_ops("shallow", "ab", LK_MUTEX, (const char *[]){ "+a+b-b-a", "+a+b-b-a" }, 2), 3);
	CHECK(r->verdict == V_INCONCLUSIVE && !r->complete && r->incomplete_why, "tiny depth: inconclusive (%s)",
	      r->incomplete_why ? r->incomplete_why : "-");
	int rc = TEST_SUMMARY();
	arena_free_all();
	return rc;
}
