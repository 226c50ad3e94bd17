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
	CHECK(strstr(sb.buf, "# 11 \"spec/t.c\"\n\tprintf(\"@3:L1\\n\"); ") != NULL, "line marker before a lock op");
	/* a label would end pan's merge chain there: a stored state more per
	 * lock operation (pml_unreached_prepare makes the report exact) */
	CHECK(strstr(sb.buf, "\tprintf(\"@3:L1\\n\"); atomic") && !strstr(sb.buf, "E_"),
	      "no label on a lock operation's entry tag, and no marker where nothing is held");
	/* the owner is the thread's pid as a constant: under a swarm's
	 * -p_permute pan's _pid is a slot number, 0 for some thread */
	CHECK(strstr(sb.buf, "atomic { lk_owner[1] == 0 -> lk_owner[1] = 1 }") &&
		      strstr(sb.buf, "atomic { lk_owner[0] == 0 -> lk_owner[0] = 2 }") && !strstr(sb.buf, "= _pid"),
	      "test-and-set, the owner a constant pid");
	/* a thread's first statement has no previous step for its entry tag
	 * to join: the tag is inside the one atomic, after the guard */
	CHECK(strstr(sb.buf, "# 10 \"spec/t.c\"\n\tatomic { lk_owner[0] == 0 -> printf(\"@2:L0\\n\"); "
			     "lk_owner[0] = 1; hold[0] = 1; printf(\"@2:+\\n\") };\n") &&
		      strstr(sb.buf, "\tatomic { lk_owner[1] == 0 -> printf(\"@7:L1\\n\"); ") &&
		      map->first_lock[0] == 2 && map->first_lock[1] == 7,
	      "first acquisition: one atomic, its tag after the guard (map: first_lock %d %d)", map->first_lock[0],
	      map->first_lock[1]);
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

	/* a thread's lead: its local stores before its first acquisition run
	 * inside that atomic, after the guard; a global store ends the lead */
	const char *ir_lead = "program spec/t.c variant v expect ok\n"
			      "class a mutex locks 0..0  @1:1\n"
			      "lock 0 a\n"
			      "var g int 0..5 init 0  @1:1\n"
			      "thread 0 t0  @2:1\n"
			      "  local %i int 0..5\n"
			      "  %i = 3  @10:1\n"
			      "  acquire a  @11:1\n"
			      "  release a  @12:1\n"
			      "thread 1 t1  @3:1\n"
			      "  g = 1  @20:1\n"
			      "  acquire a  @21:1\n"
			      "  release a  @22:1\n";
	IrProgram *pl = ir_parse("lead.ir", ir_lead);
	StrBuf lead;
	sb_init(&lead);
	const PmlMap *lmap = pl ? pml_emit(pl, &lead) : NULL;
	CHECK(lmap && strstr(lead.buf, "\tatomic { lk_owner[0] == 0 ->\n# 10 \"spec/t.c\"\n\t\tprintf(\"@2\\n\");\n"
				       "# 10 \"spec/t.c\"\n\t\tl0_i = 3;\n# 11 \"spec/t.c\"\n\t\tprintf(\"@3:L0\\n\"); "
				       "lk_owner[0] = 1; hold[0] = 1; printf(\"@3:+\\n\") };\n") &&
		      lmap->first_lock[0] == 3 && lmap->first_lock[1] == 0 &&
		      strstr(lead.buf, "\tprintf(\"@7:L0\\n\"); atomic { lk_owner[0] == 0 -> lk_owner[0] = 2 }"),
	      "a thread's lead runs inside its first acquisition's atomic; a global store is a step of its own");
	sb_release(&lead);

	/* a first acquisition whose guard no run passed: its tag (after the
	 * guard) is listed, but the thread starts there: it is reached */
	const char *pan1 = xprintf("unreached in proctype %s\n"
				   "\tspec/t.c:10, state 2, \"printf('@2:L0\\n')\"\n"
				   "\tspec/t.c:10, state 3, \"lk_owner[0] = 1\"\n"
				   "\t(2 of 20 states)\n", map->proc[0]);
	nun = pml_decode_unreached(p, map, pan1, &un);
	CHECK(nun == 0, "decode unreached: a thread's first acquisition is reached: %d", nun);

	/* a thread that waits at its first acquisition printed no tag: the
	 * trail ends with t0 entering @3 (holding a) and t1 never moved */
	const char *out = "  1:\tproc  1 (t0_t0:1) spec/t.c:10 (state 1)\t[((lk_owner[0]==0))]\n"
			  "          @2:L0\n"
			  "  1:\tproc  1 (t0_t0:1) spec/t.c:10 (state 2)\t[printf('@2:L0\\\\n')]\n"
			  "  1:\tproc  1 (t0_t0:1) spec/t.c:10 (state 3)\t[lk_owner[0] = 1]\n"
			  "  1:\tproc  1 (t0_t0:1) spec/t.c:10 (state 4)\t[hold[0] = 1]\n"
			  "          @2:+\n"
			  "  1:\tproc  1 (t0_t0:1) spec/t.c:10 (state 5)\t[printf('@2:+\\\\n')]\n"
			  "          @3:L1\n"
			  "  1:\tproc  1 (t0_t0:1) spec/t.c:11 (state 7)\t[printf('@3:L1\\\\n')]\n"
			  "spin: trail ends after 1 steps\n"
			  "#processes: 3\n"
			  "  1:\tproc  2 (t1_t1:1) spec/t.c:20 (state 1)\n"
			  "  1:\tproc  1 (t0_t0:1) spec/t.c:11 (state 10)\n"
			  "  1:\tproc  0 (:init::1) spec/t.c:1 (state 5) <valid end state>\n";
	Trail *tr = pml_decode_trail(p, map, out);
	CHECK(tr && tr->nsteps == 1 && tr->steps[0].stmt == map->stmt[2] && tr->stuck[0] == map->stmt[3] &&
		      tr->stuck_lock[0] == 1 && tr->stuck[1] == map->stmt[7] && tr->stuck_lock[1] == 1,
	      "decode trail: a thread that never moved waits at its first acquisition (on b)");
	const char *out2 = xprintf("%.*s  1:\tproc  2 (t1_t1:1) spec/t.c:2 (state 28) <valid end state>\n"
				   "  1:\tproc  1 (t0_t0:1) spec/t.c:11 (state 10)\n",
				   (int)(strstr(out, "  1:\tproc  2 (t1_t1:1) spec/t.c:20") - out), out);
	tr = pml_decode_trail(p, map, out2);
	CHECK(tr && tr->stuck[0] == map->stmt[3] && !tr->stuck[1], "decode trail: one at a valid end waits nowhere");

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
	sb_release(&sb);
	sb_release(&again);
	return TEST_SUMMARY();
}
