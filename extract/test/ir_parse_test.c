/*
 * ir_parse_test.c - the IR text form round-trips, and the Promela stage is
 * tested from text IR, without libclang.
 *
 *   ir_parse_test             every extract/test/frontend/NAME.ir parses and
 *                             dumps identically; every
 *                             extract/test/golden/promela/NAME.ir gives the
 *                             Promela in NAME.pml beside it; malformed text
 *                             is an error at its line
 *   ir_parse_test FILE.ir...  the round trip of each FILE (045-ir-roundtrip.sh
 *                             gives it every spec variant's --dump=ir)
 *
 * Run from the repository root.  UPDATE_GOLDEN=1 rewrites the .pml goldens
 * (make golden; look at git diff before committing).
 */
#include "../stages.h"
#include "test.h"

#include <glob.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PG "extract/test/golden/promela/"

/* parse(dump) dumps identically, for each program in the file (--dump=ir
 * without --variant prints one per variant); the last program, or NULL */
static IrProgram *roundtrip(const char *path)
{
	const char *text = read_file(path, NULL);
	if (!text) {
		CHECK(false, "read %s", path);
		return NULL;
	}
	IrProgram *p = NULL;
	StrBuf again;
	sb_init(&again);
	bool parsed = true;
	int n = 0;
	for (const char *s = text; *s && parsed; n++) {
		const char *next = strstr(s, "\nprogram ");
		size_t len = next ? (size_t)(next - s) + 1 : strlen(s);
		p = ir_parse(path, xstrndup(s, len));
		parsed = p != NULL;
		if (p)
			ir_dump(p, &again);
		s += len;
	}
	bool same = parsed && strcmp(again.buf, text) == 0;
	CHECK(same, "round trip %s (%d program%s)", path, n, n == 1 ? "" : "s");
	if (parsed && !same) {
		const char *out = xprintf("build/test/%s.again", strrchr(path, '/') ? strrchr(path, '/') + 1 : path);
		write_file(out, again.buf, again.len);
		printf("  # differs: diff -u %s %s\n", path, out);
	}
	sb_release(&again);
	return parsed ? p : NULL;
}

static void each(const char *pattern, void (*fn)(const char *))
{
	glob_t g;
	int rc = glob(pattern, 0, NULL, &g);
	CHECK(rc == 0 && g.gl_pathc > 0, "files match %s", pattern);
	for (size_t i = 0; rc == 0 && i < g.gl_pathc; i++)
		fn(g.gl_pathv[i]);
	if (rc == 0)
		globfree(&g);
}

static void frontend_golden(const char *path)
{
	roundtrip(path);
}

/* NAME.ir -> pml_emit -> NAME.pml */
static void promela_golden(const char *path)
{
	IrProgram *p = roundtrip(path);
	if (!p)
		return;
	StrBuf sb;
	sb_init(&sb);
	pml_emit(p, &sb);
	size_t n = strlen(path);
	const char *golden = xprintf("%.*s.pml", (int)(n - 3), path);
	if (getenv("UPDATE_GOLDEN")) {
		write_file(golden, sb.buf, sb.len);
		CHECK(true, "golden %s rewritten", golden);
	} else {
		const char *want = read_file(golden, NULL);
		bool same = want && strcmp(want, sb.buf) == 0;
		CHECK(same, "promela from %s is %s", path, golden);
		if (!same) {
			const char *out = xprintf("build/test/%s", strrchr(golden, '/') + 1);
			write_file(out, sb.buf, sb.len);
			printf("  # differs: diff -u %s %s\n", golden, out);
		}
	}
	StrBuf again;
	sb_init(&again);
	pml_emit(p, &again);
	CHECK(strcmp(sb.buf, again.buf) == 0, "promela from %s is deterministic", path);
	sb_release(&sb);
	sb_release(&again);
}

/* malformed text: NULL, and one "badN.ir:LINE:COL: error:" message */
static void bad(const char *text, int line, const char *what)
{
	const char *errf = "build/test/ir_parse_test.err";
	fflush(stderr);
	int saved = dup(2);
	FILE *f = fopen(errf, "w");
	if (!f || saved < 0) {
		CHECK(false, "redirect stderr to %s", errf);
		return;
	}
	dup2(fileno(f), 2);
	diag_new_file();
	static int ncase;
	const char *name = xprintf("bad%d.ir", ++ncase); /* error_at prints a message once */
	IrProgram *p = ir_parse(name, text);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	fclose(f);
	const char *msg = read_file(errf, NULL);
	const char *want = xprintf("%s:%d:", name, line);
	CHECK(!p && msg && !strncmp(msg, want, strlen(want)) && strstr(msg, ": error: ") &&
		      strchr(msg, '\n') == msg + strlen(msg) - 1,
	      "malformed text is refused: %s: %s", what, msg && *msg ? xstrndup(msg, strlen(msg) - 1) : "no message");
}

static void errors(void)
{
	static const char head[] = "program spec/t.c variant v expect ok\nclass a mutex locks 0..0  @1:1\nlock 0 a\n";
	bad("", 1, "empty");
	bad("programme x\n", 1, "no program line");
	bad(xprintf("%sthread 0 t(NULL)  @2:1\n  acquire b  @3:1\n", head), 5, "unknown lock");
	bad(xprintf("%sthread 0 t(NULL)  @2:1\n  acquire a\n", head), 5, "no location");
	bad(xprintf("%sthread 0 t(NULL)  @2:1\n  if (1 == 1)  @3:1\n", head), 5, "if without end");
	bad(xprintf("%sthread 0 t(NULL)  @2:1\n  end\n", head), 5, "end without if");
	bad(xprintf("%slock 1 b\n", head), 4, "a lock no class makes");
	bad(xprintf("%svar x int 0..3 init 1 2  @4:1\n", head), 4, "two initial values for one");
	bad(xprintf("%sthread 0 t(NULL)  @2:1\n  x = 1  @3:1\n", head), 5, "unknown variable");
	bad(xprintf("%sthread 0 t(NULL)  @2:1\n  check nonsense (1 == 1) /* x */  @3:1\n", head), 5,
	    "unknown run-time check");
	/* an atomic read-modify-write: a variable read into a local, then its
	 * store (run-time checks between), one Promela atomic block */
	const char *rmw = xprintf("%svar x int 0..3 init 0  @4:1\nthread 0 t(NULL)  @5:1\n  local %%l int 0..3\n", head);
	bad(xprintf("%s  atomic %%l = x  @6:1\n  release a  @7:1\n", rmw), 8, "an atomic read without its store");
	bad(xprintf("%s  atomic %%l = x  @6:1\n", rmw), 8, "an atomic read at the end of its sequence");
	bad(xprintf("%s  atomic %%l = 1  @6:1\n  x = 1  @7:1\n", rmw), 7, "an atomic read of no variable");
	bad(xprintf("%s  atomic x = 1  @6:1\n", rmw), 7, "atomic before what is not a read");
	IrProgram *ap = ir_parse("atomic.ir", xprintf("%s  atomic %%l = x  @6:1\n"
						     "  check out-of-range (((%%l + 1) >= 0) && ((%%l + 1) <= 3)) /* x */  @6:1\n"
						     "  x = (%%l + 1)  @6:1\n  x = 0  @7:1\n", rmw));
	const IrStmt *as = ap ? ap->threads[0]->body->body : NULL;
	StrBuf apml;
	sb_init(&apml);
	if (ap)
		pml_emit(ap, &apml);
	const char *blk = ap ? strstr(apml.buf, "atomic {") : NULL;
	const char *rd = blk ? strstr(blk, "= g_x[1];") : NULL, *ck = rd ? strstr(rd, "assert(") : NULL,
		   *wr = ck ? strstr(ck, "g_x[1] = (") : NULL, *end = wr ? strstr(wr, "};") : NULL;
	CHECK(as && as->atomic && !as->next->atomic && end &&
		      strstr(end, "g_x[1] = 0"),
	      "an atomic read, its check and its store are one atomic block; the next store is not in it");
	if (!(end && strstr(end, "g_x[1] = 0")))
		printf("  # the Promela:\n%s", apml.buf ? apml.buf : "(none)\n");
	sb_release(&apml);
	/* a well-formed minimal program parses */
	IrProgram *p = ir_parse("ok.ir", xprintf("%svar x int 0..3 init 2  @4:1\nthread 0 t(NULL)  @5:1\n"
						  "  acquire a  @6:1\n  x = (x + 1)  @7:1\n  release a  @8:1\n", head));
	const IrStmt *s = p && p->nthreads == 1 ? p->threads[0]->body->body : NULL;
	CHECK(s && s->kind == S_LOCK && s->op == LO_ACQUIRE && s->next && s->next->kind == S_ASSIGN &&
		      s->next->rhs->kind == E_BINOP && s->next->next->op == LO_RELEASE && p->vars[0]->init[1] == 2,
	      "a minimal program parses");
}

int main(int argc, char **argv)
{
	if (argc > 1) {
		for (int i = 1; i < argc; i++)
			roundtrip(argv[i]);
	} else {
		each("extract/test/frontend/*.ir", frontend_golden);
		each(PG "*.ir", promela_golden);
		errors();
	}
	int rc = TEST_SUMMARY();
	arena_free_all();
	return rc;
}
