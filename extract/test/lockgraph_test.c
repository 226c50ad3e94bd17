/* lockgraph_test.c - order.txt (lockgraph.c) is the lock-order graph of a
 * search in a file: written from a CheckResult's edges and read back into
 * the same edges, for the model text it was made from only; a stale,
 * absent or malformed file is refused with its reason.  On the text IR of
 * an ABBA program (extract/test/golden/promela/t_abba.ir, ir_parse: no
 * libclang).  Run from the repository root. */
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

int main(void)
{
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
		{ 0, 1, { p->spec, 11, 1 }, { p->spec, 10, 1 } },
		{ 1, 0, { p->spec, 21, 1 }, { p->spec, 20, 1 } },
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
