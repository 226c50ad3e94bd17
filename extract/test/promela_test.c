/* promela_test.c - pml_emit shape, on the text IR of an ABBA program
 * (extract/test/golden/promela/t_abba.ir: t0 takes a then b, t1 b then a;
 * fake locations in "spec/t.c"), read with ir_parse: no libclang.  Run from
 * the repository root. */
#include "../stages.h"
#include "test.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	const char *path = "extract/test/golden/promela/t_abba.ir";
	const char *text = read_file(path, NULL);
	IrProgram *p = text ? ir_parse(path, text) : NULL;
	if (!p) {
		printf("FAIL - cannot read %s\n", path);
		return 1;
	}
	StrBuf sb;
	sb_init(&sb);
	const PmlMap *map = pml_emit(p, &sb);
	if (argc > 1 && strcmp(argv[1], "--print") == 0) {
		fputs(sb.buf, stdout);
		sb_release(&sb);
		return 0;
	}
	const char *hdr = "/* lockspin model: spec=spec/t.c variant=abba */\n";
	CHECK(strncmp(sb.buf, hdr, strlen(hdr)) == 0, "header line");
	CHECK(strstr(sb.buf, "# 10 \"spec/t.c\"\n\tprintf(\"@2:L0\\n\"); ") != NULL, "line marker before a lock op");
	/* a label would end pan's merge chain there: a stored state more per
	 * lock operation (pml_unreached_prepare makes the report exact) */
	CHECK(strstr(sb.buf, "\tprintf(\"@2:L0\\n\"); atomic") && !strstr(sb.buf, "E_"),
	      "no label on a lock operation's entry tag, and no marker where nothing is held");
	CHECK(strstr(sb.buf, "atomic { lk_owner[1] == 0 -> lk_owner[1] = _pid }") != NULL, "test-and-set");
	StrBuf again;
	sb_init(&again);
	pml_emit(p, &again);
	CHECK(strcmp(sb.buf, again.buf) == 0, "deterministic");

	/* the map says what the text holds */
	/* each thread's second acquisition holds its first lock in every run:
	 * one marker each, implied by the entry tag (no tag of its own), none
	 * where nothing can be held */
	CHECK(map->nmarkers == 2 && map->markers[0].stmt == 3 && map->markers[0].held == 0 &&
		      map->markers[0].taken == 1 && map->markers[1].stmt == 8 && map->markers[1].held == 1 &&
		      map->markers[1].taken == 0 && map->markers[0].implied && map->markers[1].implied &&
		      strstr(sb.buf, "\tprintf(\"@3:L1\\n\"); atomic") && !strstr(sb.buf, "@O"),
	      "map: 2 order markers, (3, 0, 1) and (8, 1, 0), implied by their entry tags");
	CHECK(map->proc[0] && strstr(sb.buf, xprintf("proctype %s()", map->proc[0])) && map->proc[1] &&
		      strstr(sb.buf, xprintf("proctype %s()", map->proc[1])), "map: proctype names");
	CHECK(map->lock_entry[2] && map->stmt[2] && map->stmt[2]->kind == S_LOCK && map->thread[2] == 0 &&
		      map->thread[8] == 1, "map: lock entry tags, statements and threads by id");
	CHECK(map->first_acq[0 * p->nlocks + 0] == map->stmt[2] && map->first_acq[1 * p->nlocks + 0] == map->stmt[8],
	      "map: first acquisition of a lock per thread");

	/* pan's unreached report: t1's second acquisition (@8, and its marker
	 * @O8.1.0) never runs, so the one order pair is a held while b is
	 * taken at @3 */
	const char *pan = xprintf("unreached in proctype %s\n"
				  "\tspec/t.c:20, state 9, \"printf('@O8.1.0\\n')\"\n"
				  "\tspec/t.c:20, state 8, \"printf('@8:L0\\n')\"\n"
				  "\t(2 of 20 states)\n", map->proc[1]);
	LockPair *pairs;
	int np = pml_decode_order(p, map, pan, &pairs);
	CHECK(np == 1 && pairs[0].held == 0 && pairs[0].taken == 1 && pairs[0].loc.line == map->stmt[3]->loc.line &&
		      pairs[0].held_loc.line == map->stmt[2]->loc.line,
	      "decode order: 1 pair from the reached markers: %d", np);
	const IrStmt **un;
	int nun = pml_decode_unreached(p, map, pan, &un);
	CHECK(nun == 1 && un[0] == map->stmt[8], "decode unreached: the lock operation @8: %d", nun);

	/* pan.t as spin -a writes it: the static mark of a merge chain's first
	 * statement (state 3) goes, so the report can list it; the mark of an
	 * unless escape and every other line stay */
	const char *pan_t = "\ttrans[1][2]\t= settr(28,0,10,14,14,\"((lk_owner[1]==0))\", 1, 2, 0); /* m: 3 -> 10,0 */\n"
			    "\treached1[3] = 1;\n"
			    "\ttrans[1][3]\t= settr(0,0,0,0,0,\"lk_owner[1] = _pid\",0,0,0);\n"
			    "\ttrans[1][4]->escp[0] = 7;\n"
			    "\treached1[7] = 1;\n";
	const char *tpath = xprintf("%s/promela_test.%d.t", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", (int)getpid());
	write_file(tpath, pan_t, strlen(pan_t));
	CHECK(pml_unreached_prepare(tpath), "pan.t rewritten");
	const char *after = read_file(tpath, NULL);
	CHECK(after && !strstr(after, "reached1[3]") && strstr(after, "reached1[7] = 1;\n") &&
		      strstr(after, "/* m: 3 -> 10,0 */\n\ttrans[1][3]"),
	      "pan.t: a merge chain's static mark gone, nothing else");
	unlink(tpath);
	CHECK(!pml_unreached_prepare(tpath), "pan.t missing: false");

	/* initial values: the declarations' initialisers, threads started by
	 * themselves after ls_pid0 (pid 0); spin takes no negative constant in
	 * an initialiser, so a negative value brings back init */
	const char *ir_pos = "program spec/t.c variant v expect ok\n"
			     "var busy int 0..5 init 2  @1:1\n"
			     "var idle int 0..5 init 0  @1:1\n"
			     "thread 0 t0  @2:1\n"
			     "  busy = 1  @10:1\n";
	IrProgram *pp = ir_parse("pos.ir", ir_pos);
	StrBuf pos;
	sb_init(&pos);
	CHECK(pp && pml_emit(pp, &pos) && strstr(pos.buf, "byte g_busy[2] = { 0, 2 };") &&
		      strstr(pos.buf, "byte g_idle[2];") && strstr(pos.buf, "active proctype ls_pid0() { end: false }") &&
		      strstr(pos.buf, "active proctype t0_t0()") && !strstr(pos.buf, "init {"),
	      "initial values in the declarations, active threads after ls_pid0, no init");
	const char *ir_neg = "program spec/t.c variant v expect ok\n"
			     "var busy int -5..5 init -3  @1:1\n"
			     "thread 0 t0  @2:1\n"
			     "  busy = 1  @10:1\n";
	IrProgram *pn = ir_parse("neg.ir", ir_neg);
	StrBuf neg;
	sb_init(&neg);
	CHECK(pn && pml_emit(pn, &neg) && strstr(neg.buf, "short g_busy[2];") &&
		      strstr(neg.buf, "init {\n\tatomic {\n\t\tg_busy[1] = -3;\n\t\trun t0_t0();\n") &&
		      !strstr(neg.buf, "active") && strstr(neg.buf, "\nproctype t0_t0()"),
	      "a negative initial value: init sets it and runs the threads");
	sb_release(&pos);
	sb_release(&neg);
	sb_release(&sb);
	sb_release(&again);
	return TEST_SUMMARY();
}
