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
	const PmlMap *map = pml_emit(p, &sb);
	SpinOptions o = { .workdir = xprintf("%s/%s", workdir, p->variant), .max_depth = depth,
			  .memory_mb = 512, .time_limit = 60, .map = map };
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

/* pan's error lines, each decoded as what it is; an unknown one is a tool
 * failure naming pan's text, never a deadlock. */
static void test_pan_errors(void)
{
	const char *m;
	CHECK(classify_pan_error("pan:1: invalid end state (at depth 12)\npan: wrote model.pml.trail\n", &m) == V_DEADLOCK,
	      "pan: invalid end state is a deadlock");
	CHECK(classify_pan_error("pan:1: assertion violated (x==1) (at depth 3)\n", &m) == V_ASSERTION &&
		      !strcmp(m, "assertion violated (x==1)"),
	      "pan: assertion violated is an assertion, message without the depth");
	CHECK(classify_pan_error("pan:1: assertion violated - invalid array index (at depth 1)\n", &m) == V_OUT_OF_BOUNDS,
	      "pan: invalid array index is out-of-bounds, not an assertion or a deadlock");
	CHECK(classify_pan_error("pan:1: non-progress cycle (at depth 8)\n", &m) == V_LIVELOCK, "pan: non-progress cycle");
	CHECK(classify_pan_error("pan:1: acceptance cycle (at depth 8)\n", &m) == V_LIVELOCK, "pan: acceptance cycle");
	CHECK(classify_pan_error("(Spin Version 6.5.2)\npan:1: some new run-time error (at depth 2)\n", &m) == V_INCONCLUSIVE &&
		      m && !strcmp(m, "some new run-time error"),
	      "pan: an unknown error is a tool failure naming the message");
	CHECK(classify_pan_error("pan: wrote model.pml.trail\npan: elapsed time 0 seconds\nerrors: 0\n", &m) == -1 && !m,
	      "pan: no error line");
	CHECK(classify_replay_error("spin: indexing g_slot[8] - size is 8\nspin: x.c:36, Error: indexing array 'g_slot'\n") ==
		      V_OUT_OF_BOUNDS,
	      "spin -t: indexing array is out-of-bounds");
	CHECK(classify_replay_error("spin: x.c:36, Error: assertion violated\nspin: indexing g_slot[8] - size is 8\n"
				"spin: x.c:36, Error: indexing array 'g_slot'\n") == -1,
	      "spin -t: an index error after the failed assertion is not where the trail stopped");
}

/* A model with pan's own run-time errors, end to end: an unchecked index
 * past the end is out-of-bounds (it was "deadlock: no thread can move"),
 * and a failing run-time check has its own verdict. */
static void test_runtime_errors(void)
{
	IrProgram *p = prog("index", "a", LK_MUTEX);
	IrVar *v = ir_add_var(p, "arr", VK_INT, 0, 1, 0, 2, L(1));
	IrThread *t = thread(p, "t0");
	IrStmt *as = append(t, ir_stmt(S_ASSIGN, L(10)));
	as->lhs = ir_expr(E_VAR, L(10));
	as->lhs->var = v->id;
	as->lhs->b = ir_const(3, L(10));
	as->rhs = ir_const(1, L(10));
	finish(p);
	CheckResult *r = run(p, 10000);
	CHECK(r->verdict == V_OUT_OF_BOUNDS && r->detail && strstr(r->detail, "invalid array index at spec/t.c:10"),
	      "unchecked index past the end: out-of-bounds at line 10");

	p = prog("divzero", "a", LK_MUTEX);
	v = ir_add_var(p, "n", VK_INT, 0, 1, 0, 1, L(1));
	t = thread(p, "t0");
	IrStmt *ck = append(t, ir_stmt(S_ASSERT, L(11)));
	IrExpr *rd = ir_expr(E_VAR, L(11));
	rd->var = v->id;
	ck->cond = ir_binop(OP_NE, rd, ir_const(0, L(11)), L(11));
	ck->text = "division by 'n', which may be zero";
	ck->implicit = true;
	ck->violation = V_DIV_ZERO;
	ck->guard = true;
	finish(p);
	r = run(p, 10000);
	CHECK(r->verdict == V_DIV_ZERO && r->trail && r->trail->failed == ck, "failing division check: division-by-zero at it");
}

/* spin reads lockspin's models through cat, not cpp (spin_plain): only
 * texts a preprocessor would not change; a model with a #define still goes
 * through cpp, and its search still finds the deadlock. */
static void test_plain(void)
{
	IrProgram *p = prog_abba();
	StrBuf sb;
	sb_init(&sb);
	const PmlMap *map = pml_emit(p, &sb);
	CHECK(spin_plain(sb.buf), "an emitted model is plain: cat gives spin what cpp would");
	CHECK(spin_plain("# 12 \"spec/a.c\"\nbyte x;\n"), "line markers are plain");
	CHECK(!spin_plain("#define N 2\nbyte x[N];\n"), "#define: not plain");
	CHECK(!spin_plain("byte x;\n  #if 0\nbyte y;\n#endif\n"), "an indented #if: not plain");
	CHECK(!spin_plain("byte x; // a comment\n"), "a // comment: not plain");
	CHECK(!spin_plain("byte x = \\\n1;\n"), "a backslash-newline: not plain");
	const char *text = xprintf("#define LS_TEST_UNUSED 1\n%s", sb.buf);
	SpinOptions o = { .workdir = xprintf("%s/plain", workdir), .max_depth = 10000, .memory_mb = 512,
			  .time_limit = 60, .map = map };
	CheckResult *r = spin_check(p, text, &o);
	CHECK(r->verdict == V_DEADLOCK, "a model with a #define: through cpp, deadlock (%s)", verdict_name(r->verdict));
	sb_release(&sb);
}

int main(int argc, char **argv)
{
	workdir = argc > 1 ? argv[1] : "/tmp/lockspin-spin-test";
	test_plain();
	test_abba();
	test_pan_errors();
	test_runtime_errors();

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
