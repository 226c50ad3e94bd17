/* lockgraph_test.c - order.txt (lockgraph.c) is the lock-order graph of a
 * search in a file: written from a CheckResult's edges and read back into
 * the same edges, for the model text it was made from only; a stale,
 * absent or malformed file is refused with its reason.  On the text IR of
 * an ABBA program (extract/test/golden/promela/t_abba.ir, ir_parse: no
 * libclang).  And lockdep's subclasses: (class, subclass) is a node of the
 * class graph (extract/test/golden/lockgraph/t_nested.ir, four locks of one
 * class taken with mutex_lock_nested()).  Run from the repository root. */
#include "../stages.h"
#include "test.h"

#include <stdlib.h>
#include <string.h>

#define OUT "build/test/lockgraph/"

static const char *write_order(const IrProgram *p, const char *model, const CheckResult *r, const char *name)
{
	StrBuf sb;
	sb_init(&sb);
	lockgraph_write(p, model, lockgraph_of_result(r), &sb);
	const char *path = xprintf(OUT "%s", name);
	write_file(path, sb.buf, sb.len);
	sb_release(&sb);
	return path;
}

/* path with its first `from` replaced by `to` */
static const char *tamper(const char *path, const char *from, const char *to, const char *name)
{
	const char *text = read_file(path, NULL);
	const char *at = strstr(text, from);
	const char *bad = xprintf("%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
	const char *out = xprintf(OUT "%s", name);
	write_file(out, bad, strlen(bad));
	return out;
}

/* The id of the k-th statement (0-based) of thread t's body. */
static int nth_stmt(const IrProgram *p, int t, int k)
{
	const IrStmt *s = p->threads[t]->body->body;
	while (k-- > 0 && s)
		s = s->next;
	return s ? s->id : 0;
}

/* t0 holds m[0] (subclass 1) taking m[1] (2); t1 holds m[2] taking m[3]:
 * with t1's two subclasses set to the arguments */
static CheckResult nested_graph(IrProgram *p, int t1_first, int t1_second)
{
	IrStmt *a = p->threads[1]->body->body, *b = a->next;
	a->subclass = t1_first;
	b->subclass = t1_second;
	LockPair pairs[] = {
		{ 0, 1, { p->spec, 11, 1 }, { p->spec, 10, 1 }, nth_stmt(p, 0, 1) },
		{ 2, 3, { p->spec, 21, 1 }, { p->spec, 20, 1 }, nth_stmt(p, 1, 1) },
	};
	CheckResult r = { .verdict = V_OK, .complete = true };
	lockgraph_build(p, pairs, 2, &r);
	return r;
}

static void test_subclasses(void)
{
	const char *ir = "extract/test/golden/lockgraph/t_nested.ir";
	const char *text = read_file(ir, NULL);
	IrProgram *p = text ? ir_parse(ir, text) : NULL;
	CHECK(p && lockgraph_nests(p), "%s parses, with subclasses", ir);
	if (!p)
		return;
	CheckResult r = nested_graph(p, 2, 1);
	CHECK(r.verdict == V_POTENTIAL_DEADLOCK && r.detail &&
		      !strcmp(r.detail, "lock order cycle between classes: 'm/1' -> 'm/2' -> 'm/1'"),
	      "1 then 2 against 2 then 1 on four locks of one class: a cycle between subclasses (%s)",
	      r.detail ? r.detail : "no detail");
	bool subs = r.nedges == 2 && r.edges[0].from == r.edges[0].to && r.edges[0].from_sub == 1 &&
		    r.edges[0].to_sub == 2 && r.edges[1].from_sub == 2 && r.edges[1].to_sub == 1;
	CHECK(subs, "the edges carry the subclasses (m/1 -> m/2, m/2 -> m/1)");
	r = nested_graph(p, 1, 2);
	CHECK(r.verdict == V_OK && r.nedges == 1, "1 then 2 in both: one edge, no report (verdict %s)",
	      verdict_name(r.verdict));
	r = nested_graph(p, 0, 0);
	CHECK(r.verdict == V_OK, "1 then 2 against two plain locks of the class: no report");

	/* the held lock's subclass is its last acquisition's on the path: t0
	 * takes m[0] as 3, releases it, re-takes it as 1 and takes m[1] as 2;
	 * t1 takes 2 then 3.  Only 1 -> 2 -> 3: every subclass t0 ever takes
	 * m[0] at would close 3 -> 2 -> 3 */
	ir = "extract/test/golden/lockgraph/t_nested_flow.ir";
	text = read_file(ir, NULL);
	p = text ? ir_parse(ir, text) : NULL;
	CHECK(p != NULL, "%s parses", ir);
	if (!p)
		return;
	LockPair flow[] = {
		{ 0, 1, { p->spec, 13, 1 }, { p->spec, 12, 1 }, nth_stmt(p, 0, 3) },
		{ 2, 3, { p->spec, 21, 1 }, { p->spec, 20, 1 }, nth_stmt(p, 1, 1) },
	};
	r = (CheckResult){ .verdict = V_OK, .complete = true };
	lockgraph_build(p, flow, 2, &r);
	CHECK(r.verdict == V_OK && r.nedges == 2 && r.edges[0].from_sub == 1 && r.edges[0].to_sub == 2,
	      "a lock released and re-taken is held at its new subclass (verdict %s)", verdict_name(r.verdict));
}

int main(void)
{
	test_subclasses();
	const char *ir = "extract/test/golden/promela/t_abba.ir";
	const char *text = read_file(ir, NULL);
	IrProgram *p = text ? ir_parse(ir, text) : NULL;
	if (!p || !mkdir_p(OUT)) {
		printf("FAIL - cannot read %s or create " OUT "\n", ir);
		return 1;
	}
	const char *model = "proctype t0() { skip }\n";
	/* class ids: a 0, b 1; t0 takes b at 11 holding a (taken at 10), t1 a at 21 holding b (20) */
	OrderEdge edges[] = {
		{ 0, 1, { p->spec, 11, 1 }, { p->spec, 10, 1 }, 0, 0 },
		{ 1, 0, { p->spec, 21, 1 }, { p->spec, 20, 1 }, 0, 0 },
	};
	CheckResult r = { .verdict = V_OK, .complete = true, .edges = edges, .nedges = 2 };
	const char *path = write_order(p, model, &r, "order.txt");
	const char *want = "lockspin-order 1\n"
			   "spec\tspec/t.c\n"
			   "variant\tabba\n"
			   "model\t%s\n"
			   "search\tcomplete\n"
			   "edge\ta\tb\tspec/t.c:11\tspec/t.c:10\n"
			   "edge\tb\ta\tspec/t.c:21\tspec/t.c:20\n"
			   "end\n";
	const char *got = read_file(path, NULL);
	const char *model_line = got ? strstr(got, "model\t") : NULL;
	char hash[17] = "";
	if (model_line)
		sscanf(model_line, "model\t%16s", hash);
	CHECK(got && strlen(hash) == 16 && !strcmp(got, xprintf(want, hash)), "order.txt: header, edges by class name, end");

	const char *why = NULL;
	LockGraph *g = lockgraph_read(path, p, model, &why);
	bool same = g && g->complete && g->nedges == 2;
	for (int i = 0; same && i < 2; i++)
		same = g->edges[i].from == edges[i].from && g->edges[i].to == edges[i].to &&
		       !strcmp(g->edges[i].loc.file, p->spec) && g->edges[i].loc.line == edges[i].loc.line &&
		       !strcmp(g->edges[i].from_loc.file, p->spec) && g->edges[i].from_loc.line == edges[i].from_loc.line;
	CHECK(same, "read back: the same edges (class ids and places), complete");
	CHECK(!strcmp(lockgraph_at(edges[0].loc), "spec/t.c:11") && !strcmp(lockgraph_at((SrcLoc){ 0 }), "-:0"),
	      "a place is FILE:LINE, none is -:0");

	why = NULL;
	CHECK(!lockgraph_read(path, p, "proctype t0() { skip; skip }\n", &why) && why && !strncmp(why, "stale", 5),
	      "another model text: stale (%s)", why ? why : "no reason");
	why = NULL;
	CHECK(!lockgraph_read(OUT "none.txt", p, model, &why) && why && !strcmp(why, "absent"), "no file: absent");
	why = NULL;
	CHECK(!lockgraph_read(tamper(path, "edge\ta\tb", "edge\ta\tzz", "unknown.txt"), p, model, &why) && why &&
		      !strcmp(why, "malformed"),
	      "an edge naming no class of the model: malformed");
	why = NULL;
	CHECK(!lockgraph_read(tamper(path, "spec/t.c:21", "spec/t.c", "noline.txt"), p, model, &why) && why &&
		      !strcmp(why, "malformed"),
	      "a place without a line: malformed");
	why = NULL;
	CHECK(!lockgraph_read(tamper(path, "end\n", "", "noend.txt"), p, model, &why) && why && !strcmp(why, "malformed"),
	      "no end line: malformed");

	/* an unfinished search is said so, and read back so: run does not compare */
	CheckResult part = { .verdict = V_INCONCLUSIVE, .complete = false, .incomplete_why = "out of memory" };
	path = write_order(p, model, &part, "partial.txt");
	got = read_file(path, NULL);
	g = lockgraph_read(path, p, model, &why);
	CHECK(got && strstr(got, "search\tincomplete\tout of memory\n") && g && !g->complete && g->nedges == 0 &&
		      !strcmp(g->incomplete_why, "out of memory"),
	      "incomplete search: written and read back with its reason");
	return TEST_SUMMARY();
}
