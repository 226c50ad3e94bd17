/*
 * trace_test.c - golden tests of trace.c, report.c and diagram.c.
 *
 * Each case reads its IrProgram from the IR text form (NAME.ir, ir_parse:
 * no libclang) over a small real C file in extract/test/golden/trace/ (so
 * source_line() finds the C text), builds the CheckResult by hand as the
 * SPIN driver would, and compares trace.txt, trace.dot and schedule.txt
 * with the golden files beside it.  The text form carries no variant
 * reason and no thread function location: a case sets them.  Run from the
 * repository root.  UPDATE_GOLDEN=1 rewrites the output goldens (look at
 * them before committing); the .ir inputs are written by hand.
 */
#include "../stages.h"
#include "../trace.h"
#include "test.h"

#include <stdlib.h>
#include <string.h>

#define G "extract/test/golden/trace/"
#define OUT "build/test/trace/"

/* ---- IR from its text form -------------------------------------------- */
/* G NAME.ir, parsed; it must dump as written (ir_parse has run ir_check). */
static IrProgram *load(const char *name)
{
	const char *path = xprintf(G "%s.ir", name);
	const char *text = read_file(path, NULL);
	IrProgram *p = text ? ir_parse(path, text) : NULL;
	if (!p) {
		printf("FAIL - cannot read %s\n", path);
		exit(1);
	}
	StrBuf again;
	sb_init(&again);
	ir_dump(p, &again);
	CHECK(!strcmp(again.buf, text), "%s.ir reads back as written", name);
	sb_release(&again);
	return p;
}

static void by_line_walk(IrStmt *st, IrStmt **s, int n)
{
	for (; st; st = st->next) {
		if (st->loc.line > 0 && st->loc.line < n && !s[st->loc.line])
			s[st->loc.line] = st;
		by_line_walk(st->body, s, n);
		by_line_walk(st->then, s, n);
		by_line_walk(st->els, s, n);
	}
}

/* s[line]: the first statement of thread t at that C line, in program order
 * (an if before the block of its branch on the same line); s has n entries. */
static void by_line(IrProgram *p, int t, IrStmt **s, int n)
{
	by_line_walk(p->threads[t]->body->body, s, n);
}

/* the line of a thread's function, which the text form does not carry */
static void func_line(IrProgram *p, int t, int line)
{
	p->threads[t]->func_loc = (SrcLoc){ p->spec, line, 2 };
}

static Trail *trail_new(int nthreads)
{
	Trail *tr = arena_alloc(sizeof(*tr));
	tr->steps = arena_array(64, sizeof(TrailStep));
	tr->nthreads = nthreads;
	tr->stuck = arena_array((size_t)nthreads, sizeof(IrStmt *));
	tr->stuck_lock = arena_array((size_t)nthreads, sizeof(int));
	for (int i = 0; i < nthreads; i++)
		tr->stuck_lock[i] = -1;
	tr->failed_thread = -1;
	tr->failed_lock = -1;
	tr->failed_level = -1;
	tr->failed_rank = -1;
	tr->cycle_start = -1;
	return tr;
}

static void tstep(Trail *tr, int thread, const IrStmt *s, int lock, bool taken, int lb, int la)
{
	tr->steps[tr->nsteps++] = (TrailStep){ thread, s, lock, taken, lb, la, -1, NULL, 0 };
}

static CheckResult *result(Verdict v, const char *detail, Trail *tr, long states)
{
	CheckResult *r = arena_alloc(sizeof(*r));
	r->verdict = v;
	r->complete = true;
	r->detail = detail;
	r->states = states;
	r->transitions = states * 2 - 3;
	r->seconds = 0.01;
	r->trail = tr;
	return r;
}

/* ---- golden comparison -------------------------------------------------- */
static void golden(const char *name, const char *got)
{
	const char *path = xprintf(G "%s", name);
	const char *out = xprintf(OUT "%s", name);
	write_file(out, got, strlen(got));
	if (getenv("UPDATE_GOLDEN")) {
		write_file(path, got, strlen(got));
		CHECK(true, "golden %s rewritten", name);
		return;
	}
	const char *want = read_file(path, NULL);
	bool same = want && strcmp(want, got) == 0;
	CHECK(same, "golden %s", name);
	if (!same)
		printf("  # differs: diff -u %s %s\n", path, out);
}

/* What one projection gives the three presenters, as main.c does. */
typedef struct Told {
	const char *txt, *dot, *sched;
} Told;

static Told tell(const IrProgram *p, const CheckResult *r, bool full)
{
	const CTrace *t = trace_project(p, r, full);
	Told o;
	StrBuf sb;
	sb_init(&sb);
	report_trace_text(t, &sb);
	o.txt = sb_detach_arena(&sb);
	sb_init(&sb);
	diagram_dot(t, &sb);
	o.dot = sb_detach_arena(&sb);
	sb_init(&sb);
	report_schedule(t, &sb);
	o.sched = sb_detach_arena(&sb);
	return o;
}

/* --full, then the brief form (the default), against the goldens */
static void check_case(const char *stem, const IrProgram *p, const CheckResult *r)
{
	Told f = tell(p, r, true), b = tell(p, r, false);
	golden(xprintf("%s.trace.txt", stem), f.txt);
	golden(xprintf("%s.dot", stem), f.dot);
	golden(xprintf("%s.schedule.txt", stem), f.sched);
	golden(xprintf("%s.brief.trace.txt", stem), b.txt);
	golden(xprintf("%s.brief.dot", stem), b.dot);
	CHECK(!strcmp(f.sched, b.sched), "%s: the schedule has every step in either form", stem);
	CHECK(diagram_render_svg(b.dot, xprintf(OUT "%s.brief.svg", stem)), "%s.brief.svg rendered", stem);

	const char *svg = xprintf(OUT "%s.svg", stem);
	remove(svg);
	bool ok = diagram_render_svg(f.dot, svg);
	const char *text = ok ? read_file(svg, NULL) : NULL;
	CHECK(ok && text && (strncmp(text, "<?xml", 5) == 0 || strncmp(text, "<svg", 4) == 0),
	      "%s.svg rendered with libgvc", stem);
}

/* ---- ABBA --------------------------------------------------------------- */
static IrProgram *abba_program(IrStmt **s)
{
	IrProgram *p = load("abba");
	p->why = "thread_ab takes a then b, thread_ba takes b then a";
	func_line(p, 0, 7);
	func_line(p, 1, 16);
	by_line(p, 0, s, 32);
	by_line(p, 1, s, 32);
	return p;
}

static void test_abba(void)
{
	IrStmt *s[32] = { 0 };
	IrProgram *p = abba_program(s);
	Trail *tr = trail_new(2);
	tstep(tr, 0, s[9], 0, false, -1, -1);
	tstep(tr, 0, s[10], -1, false, -1, -1);
	tstep(tr, 1, s[18], 1, false, -1, -1);
	tstep(tr, 1, s[19], -1, true, -1, -1);
	tr->stuck[0] = s[11];
	tr->stuck_lock[0] = 1;
	tr->stuck[1] = s[20];
	tr->stuck_lock[1] = 0;
	check_case("abba", p, result(V_DEADLOCK, "T1 and T2 wait for each other", tr, 23));

	/* the same program, lock order only (no trail): lockdep's scenario */
	CheckResult *r = result(V_POTENTIAL_DEADLOCK, "lock order a --> b --> a", NULL, 40);
	r->edges = arena_array(2, sizeof(OrderEdge));
	r->edges[r->nedges++] = (OrderEdge){ 0, 1, s[11]->loc, s[9]->loc, 0, 0 };
	r->edges[r->nedges++] = (OrderEdge){ 1, 0, s[20]->loc, s[18]->loc, 0, 0 };
	p->expect = "potential-deadlock";
	check_case("abba-order", p, r);
}

/* ---- ABBCCA: three workers over a ring of nodes, and a bystander -------- */
static void test_abbcca(void)
{
	IrProgram *p = load("abbcca");
	p->why = "each worker locks its node, then the next node of the ring";
	IrStmt *peek[32] = { 0 }, *w[3][32] = { { 0 } };
	func_line(p, 0, 21);
	by_line(p, 0, peek, 32);
	for (int i = 0; i < 3; i++) {
		func_line(p, i + 1, 10);
		by_line(p, i + 1, w[i], 32);
	}

	Trail *tr = trail_new(4);
	tstep(tr, 0, peek[24], 2, false, -1, -1);
	tstep(tr, 1, w[0][14], 0, false, -1, -1);
	tstep(tr, 0, peek[25], 2, false, -1, -1);
	tstep(tr, 2, w[1][14], 1, false, -1, -1);
	tstep(tr, 3, w[2][14], 2, false, -1, -1);
	for (int i = 0; i < 3; i++) {
		tr->stuck[i + 1] = w[i][15];
		tr->stuck_lock[i + 1] = (i + 1) % 3;
	}
	check_case("abbcca", p, result(V_DEADLOCK, "T2, T3 and T4 wait for each other", tr, 312));
}

/* ---- assertion: the gfn_to_pfn_cache refresh race ----------------------- */
static void test_assertion(void)
{
	IrProgram *p = load("gpc");
	p->why = "refresh maps with the lock dropped; deactivate unmaps in that window";
	static const int func_lines[] = { 9, 20, 28 };
	IrStmt *s[48] = { 0 };
	for (int t = 0; t < 3; t++) {
		func_line(p, t, func_lines[t]);
		by_line(p, t, s, 48);
	}

	Trail *tr = trail_new(3);
	static const int order[][2] = {
		{ 0, 11 }, { 0, 12 }, { 0, 13 }, { 0, 14 }, { 1, 22 }, { 1, 23 }, { 1, 24 }, { 1, 25 },
		{ 0, 15 }, { 0, 16 }, { 0, 17 }, { 2, 30 }, { 2, 31 }, { 2, 32 },
	};
	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		IrStmt *st = s[order[i][1]];
		tstep(tr, order[i][0], st, st->kind == S_LOCK ? 0 : -1, st->kind == S_IF, -1, -1);
	}
	tr->failed = s[32];
	tr->failed_thread = 2;
	check_case("assertion", p, result(V_ASSERTION, "assertion 'mapped' failed", tr, 1021));

	/* the brief form and the causal step: the check reads `mapped`,
	 * written at steps 4 (mapped = 1) and 7 (mapped = 0): step 7 broke it */
	const CTrace *t = trace_project(p, result(V_ASSERTION, "assertion 'mapped' failed", tr, 1021), false);
	CHECK(t->causal_step == 6 && t->steps[6].stmt == s[24], "causal step: the last write of what the check reads");
	bool brief_ok = t->nbrief == 10;
	for (int i = 0; i < t->nsteps; i++) {
		const IrStmt *st = t->steps[i].stmt;
		bool want = st->kind == S_LOCK || st == s[14] || st == s[24] || st == s[32];
		brief_ok &= t->steps[i].in_brief == want && trace_shows(t, i) == want;
	}
	CHECK(brief_ok, "brief: the lock operations, the writes of 'mapped', the failing step; not the writes of 'valid' nor the branch");
	StrBuf out;
	sb_init(&out);
	report_trace_text(t, &out);
	CHECK(strstr(out.buf, "brief form, 10 shown") && !strstr(out.buf, "gpc.c:31") &&
	      strstr(out.buf, "The causal step, the last write of it: step 7, T2"),
	      "brief trace.txt leaves out the branch and names the causal step");
	sb_release(&out);
	sb_init(&out);
	diagram_dot(t, &out);
	CHECK(strstr(out.buf, "r5_1 -> r10_2 [style=bold") && strstr(out.buf, "label=\"breaks it\""),
	      "the diagram draws the causal arrow between the brief rows (7 -> 14 are rows 5 -> 10)");
	CHECK(diagram_render_svg(out.buf, OUT "assertion-brief.svg"), "the brief diagram renders");
	sb_release(&out);
	const CTrace *full = trace_project(p, result(V_ASSERTION, "assertion 'mapped' failed", tr, 1021), true);
	bool all = true;
	for (int i = 0; i < full->nsteps; i++)
		all &= trace_shows(full, i);
	CHECK(all && full->causal_step == 6, "--full shows every step, with the same causal step");

	/* values: with the trail's changes, the causal step is the last change
	 * of an element the check reads, and trace.txt shows each change */
	Trail *tv = arena_alloc(sizeof(*tv));
	*tv = *tr;
	tv->steps = arena_array((size_t)tr->nsteps, sizeof(TrailStep));
	memcpy(tv->steps, tr->steps, (size_t)tr->nsteps * sizeof(TrailStep));
	static ValChange set_mapped = { 1, 1, 0, 1 }, clear_mapped = { 1, 1, 1, 0 }, clear_valid = { 0, 1, 1, 0 };
	tv->steps[3].changes = &set_mapped;   /* step 4: mapped = 1 */
	tv->steps[3].nchanges = 1;
	tv->steps[5].changes = &clear_valid;  /* step 6: valid = 0 */
	tv->steps[5].nchanges = 1;
	tv->steps[6].changes = &clear_mapped; /* step 7: mapped = 0 */
	tv->steps[6].nchanges = 1;
	t = trace_project(p, result(V_ASSERTION, "assertion 'mapped' failed", tv, 1021), true);
	sb_init(&out);
	report_trace_text(t, &out);
	CHECK(strstr(out.buf, "mapped: 1 -> 0") && strstr(out.buf, "valid: 1 -> 0") && t->causal_step == 6,
	      "each step shows the modelled values it changed");
	sb_release(&out);
	/* a change of another element is no write of what the check reads */
	static ValChange other_elem = { 1, 0, 1, 0 };
	tv->steps[6].changes = &other_elem;
	t = trace_project(p, result(V_ASSERTION, "assertion 'mapped' failed", tv, 1021), false);
	CHECK(t->causal_step == 3 && !t->steps[6].in_brief, "causal step by element: mapped[0] is not mapped");
}

/* ---- the trail decoder: spin -g values become the step's changes ------- */
static void test_decode_values(void)
{
	IrProgram *p = load("gpc-values");
	const char *F = p->spec;
	const IrVar *valid = p->vars[0];
	IrStmt *s[32] = { 0 };
	by_line(p, 0, s, 32);
	const IrStmt *set = s[16];
	CHECK(!strcmp(valid->name, "valid") && set && set->kind == S_ASSIGN, "gpc-values.ir: valid = 1 at line 16");
	const char *out = xprintf(
		"\t\tg_valid[0] = 0\n"
		"\t\tg_valid[1] = 0\n"
		"Starting t0_refresh with pid 1\n"
		"  1:\tproc  0 (:init::1) x.c:1 (state 1)\t[(run t0_refresh())]\n"
		"              @%d\n"
		"  2:\tproc  1 (t0_refresh:1) %s:16 (state 1)\t[printf('@%d\\n')]\n"
		"  3:\tproc  1 (t0_refresh:1) %s:16 (state 2)\t[g_valid[1] = 1]\n"
		"\t\tg_valid[0] = 0\n"
		"\t\tg_valid[1] = 1\n"
		"\t\tlk_owner[0] = 0\n",
		set->id, F, set->id, F);
	StrBuf pml;
	sb_init(&pml);
	const PmlMap *map = pml_emit(p, &pml);
	sb_release(&pml);
	Trail *tr = pml_decode_trail(p, map, out);
	CHECK(tr && tr->nsteps == 1 && tr->steps[0].stmt == set && tr->steps[0].nchanges == 1 &&
	      tr->steps[0].changes[0].var == valid->id && tr->steps[0].changes[0].index == 1 &&
	      tr->steps[0].changes[0].before == 0 && tr->steps[0].changes[0].after == 1,
	      "spin -g: a global's new value is a change of the step that wrote it, unchanged ones are not");
}

/* ---- rank violation: PoD reclaim flushes a nested p2m under pod_lock ---- */
static void test_rank(void)
{
	IrProgram *p = load("pod");
	p->why = "p2m_flush_nestedp2m() takes a rank 16 lock under the rank 48 PoD lock";
	IrStmt *s[48] = { 0 }, *v[48] = { 0 };
	func_line(p, 0, 20);
	func_line(p, 1, 32);
	by_line(p, 0, s, 48);
	by_line(p, 1, v, 48);

	/* lock ids: hostp2m.lock 0, np2m.lock 1, d0.pod_lock 2 */
	Trail *tr = trail_new(2);
	tstep(tr, 1, v[34], -1, false, 0, 0);
	tstep(tr, 1, v[16], 1, false, 0, 16);
	tstep(tr, 0, s[22], 0, false, 0, 16);
	tstep(tr, 1, v[17], 1, false, 16, 0);
	tstep(tr, 0, s[23], 2, false, 16, 48);
	tstep(tr, 0, s[24], -1, true, 48, 48);
	tstep(tr, 0, s[25], -1, false, 48, 48);
	/* the failing check, s[16] in T1, is not in the trail: trace.c adds it */
	tr->failed = s[16];
	tr->failed_thread = 0;
	CheckResult *r = result(V_RANK_VIOLATION, "mm locking order violation: 48 > 16", tr, 88);
	r->unreached = arena_array(1, sizeof(IrStmt *));
	r->unreached[r->nunreached++] = v[35];
	check_case("rank", p, r);
}

/* ---- smoke: other verdicts run clean under the sanitizers --------------- */
/* T1 takes a, releases it, releases it again (abba_program's statements) */
static Trail *double_unlock_trail(IrStmt **s)
{
	Trail *tr = trail_new(2);
	tstep(tr, 0, s[9], 0, false, -1, -1);
	tstep(tr, 0, s[13], 0, false, -1, -1);
	tstep(tr, 0, s[13], 0, false, -1, -1);
	tr->failed = s[13];
	tr->failed_thread = 0;
	return tr;
}

static void test_smoke(void)
{
	IrStmt *s[32] = { 0 };
	IrProgram *p = abba_program(s);
	StrBuf out;

	/* double unlock: T1 releases a twice */
	Trail *tr = double_unlock_trail(s);
	sb_init(&out);
	report_trace_text(trace_project(p, result(V_DOUBLE_UNLOCK, "double unlock of 'a'", tr, 5), false), &out);
	CHECK(strstr(out.buf, "Double unlock of 'a'") &&
	      strstr(out.buf, "'a' was released before at " G "abba.c:13"), "double-unlock explained");
	CHECK(strstr(out.buf, "3  T1 thread_ab(NULL)") && strstr(out.buf, "release a: already released"),
	      "double-unlock: the failing step is marked");
	sb_release(&out);

	/* a failed check ends the trail: the other thread stopped at a lock is
	 * not stuck, and no presenter shows it waiting (trace.h, waits) */
	tr = double_unlock_trail(s);
	tr->stuck[1] = s[20];
	tr->stuck_lock[1] = -1;
	const CTrace *du = trace_project(p, result(V_DOUBLE_UNLOCK, "double unlock of 'a'", tr, 5), false);
	CHECK(du->nwaits == 0, "no waits after a failed check (%d)", du->nwaits);
	sb_init(&out);
	diagram_dot(du, &out);
	CHECK(!strstr(out.buf, "waits for"), "the diagram draws no wait after a failed check");
	sb_release(&out);
	sb_init(&out);
	report_schedule(du, &out);
	CHECK(!strstr(out.buf, "stuck "), "the schedule has no stuck line after a failed check");
	sb_release(&out);

	/* AA: T1 takes a, then waits for a itself */
	tr = trail_new(2);
	tstep(tr, 0, s[9], 0, false, -1, -1);
	tr->stuck[0] = s[20];
	tr->stuck_lock[0] = 0;
	sb_init(&out);
	report_trace_text(trace_project(p, result(V_DEADLOCK, "T1 waits for itself", tr, 4), false), &out);
	CHECK(strstr(out.buf, "Chain exists of:\n  a --> a\n") && strstr(out.buf, "Wait-for cycle: T1 --> T1"),
	      "self-deadlock: chain a --> a");
	sb_release(&out);

	/* potential deadlock found with a trail that does not block */
	tr = trail_new(2);
	tstep(tr, 0, s[9], 0, false, -1, -1);
	tstep(tr, 0, s[11], 1, false, -1, -1);
	CheckResult *po = result(V_POTENTIAL_DEADLOCK, "lock order a --> b --> a", tr, 40);
	po->edges = arena_array(2, sizeof(OrderEdge));
	po->edges[po->nedges++] = (OrderEdge){ 1, 0, s[20]->loc, s[18]->loc, 0, 0 };
	po->edges[po->nedges++] = (OrderEdge){ 0, 1, s[11]->loc, s[9]->loc, 0, 0 };
	sb_init(&out);
	report_trace_text(trace_project(p, po, false), &out);
	CHECK(strstr(out.buf, "Chain exists of:\n  b --> a --> b\n") && strstr(out.buf, "P1") &&
	      strstr(out.buf, "     2  T1 thread_ab(NULL)"), "potential deadlock with a trail: steps and lockdep paths");
	sb_release(&out);

	/* held at exit */
	tr = trail_new(2);
	tstep(tr, 0, s[9], 0, false, -1, -1);
	tr->failed_thread = 0;
	sb_init(&out);
	report_trace_text(trace_project(p, result(V_HELD_AT_EXIT, "T1 ended holding 'a'", tr, 5), false), &out);
	CHECK(strstr(out.buf, "returned from thread_ab()") && strstr(out.buf, "#0: a, taken at " G "abba.c:9"),
	      "held-at-exit lists the lock with where it was taken");
	sb_release(&out);

	/* livelock: steps 2.. repeat */
	tr = trail_new(2);
	tstep(tr, 0, s[9], 0, false, -1, -1);
	tstep(tr, 1, s[19], -1, false, -1, -1);
	tstep(tr, 1, s[22], 1, false, -1, -1);
	tr->cycle_start = 1;
	sb_init(&out);
	report_trace_text(trace_project(p, result(V_LIVELOCK, "non-progress cycle", tr, 9), false), &out);
	CHECK(strstr(out.buf, "<<< cycle starts here, repeats forever >>>\n     2  T2"),
	      "livelock marks the cycle start");
	sb_release(&out);
	sb_init(&out);
	diagram_dot(trace_project(p, result(V_LIVELOCK, "non-progress cycle", tr, 9), false), &out);
	CHECK(strstr(out.buf, "repeats forever"), "livelock diagram has the way back");
	sb_release(&out);

	/* ok: no trail at all */
	sb_init(&out);
	p->expect = "ok";
	report_trace_text(trace_project(p, result(V_OK, NULL, NULL, 99), false), &out);
	CHECK(strstr(out.buf, "No violation in any interleaving."), "ok verdict, no trail");
	report_schedule(trace_project(p, result(V_OK, NULL, NULL, 99), false), &out);
	CHECK(strstr(out.buf, "thread 1 thread_ba NULL\nend\n"), "ok schedule has threads and end");
	sb_release(&out);

	sb_init(&out);
	diagram_dot(trace_project(p, result(V_OK, NULL, NULL, 99), false), &out);
	CHECK(diagram_render_svg(out.buf, OUT "ok.svg"), "ok verdict: the diagram still renders");
	sb_release(&out);

	/* a bad .dot is refused, not a crash (Graphviz prints its own error) */
	CHECK(!diagram_render_svg("digraph {", OUT "bad.svg"), "broken dot text is refused");
}

int main(void)
{
	if (!mkdir_p(OUT)) {
		printf("FAIL - cannot create " OUT "\n");
		return 1;
	}
	test_abba();
	test_abbcca();
	test_assertion();
	test_decode_values();
	test_rank();
	test_smoke();
	int rc = TEST_SUMMARY();
	arena_free_all();
	return rc;
}
