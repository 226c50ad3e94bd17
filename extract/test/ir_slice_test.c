/*
 * ir_slice_test.c - the cone-of-influence slice (ir_slice.c) on text IR,
 * without libclang: each extract/test/golden/slice/NAME.ir, sliced, dumps
 * as NAME.sliced beside it, and a few facts are checked by hand on cone.ir
 * (what is relevant through data and control dependence, what goes).
 * UPDATE_GOLDEN=1 rewrites the .sliced goldens (make golden; read the diff).
 * Run from the repository root.
 */
#include "../stages.h"
#include "test.h"

#include <glob.h>
#include <stdlib.h>
#include <string.h>

static IrProgram *slice_file(const char *path, StrBuf *out)
{
	const char *text = read_file(path, NULL);
	IrProgram *p = text ? ir_parse(path, text) : NULL;
	CHECK(p != NULL, "parse %s", path);
	if (!p)
		return NULL;
	ir_slice(p);
	ir_check(p);
	ir_dump(p, out);
	return p;
}

static bool has_var(const IrProgram *p, const char *name)
{
	for (int i = 0; i < p->nvars; i++)
		if (!strcmp(p->vars[i]->name, name))
			return true;
	return false;
}

static bool has_note(const IrProgram *p, int line, const char *part)
{
	for (int i = 0; i < p->nnotes; i++)
		if (p->notes[i]->loc.line == line && strstr(p->notes[i]->what, part))
			return true;
	return false;
}

int main(void)
{
	glob_t g;
	CHECK(glob("extract/test/golden/slice/*.ir", 0, NULL, &g) == 0 && g.gl_pathc > 0, "slice goldens");
	for (size_t i = 0; i < g.gl_pathc; i++) {
		const char *in = g.gl_pathv[i];
		StrBuf sb;
		sb_init(&sb);
		if (!slice_file(in, &sb))
			continue;
		const char *gold = xprintf("%.*ssliced", (int)(strlen(in) - 2), in);
		if (getenv("UPDATE_GOLDEN")) {
			CHECK(write_file(gold, sb.buf, sb.len), "write %s", gold);
		} else {
			const char *want = read_file(gold, NULL);
			CHECK(want && !strcmp(want, sb.buf), "%s sliced as %s", in, gold);
			if (want && strcmp(want, sb.buf)) {
				write_file("build/test/slice.out", sb.buf, sb.len);
				printf("  # differs: diff -u %s build/test/slice.out\n", gold);
			}
		}
		/* slicing what is sliced changes nothing */
		IrProgram *again = ir_parse(in, sb.buf);
		StrBuf sb2;
		sb_init(&sb2);
		if (again) {
			ir_slice(again);
			ir_dump(again, &sb2);
		}
		CHECK(again && !strcmp(sb.buf, sb2.buf), "%s: the slice is a fixpoint", in);
		sb_release(&sb);
		sb_release(&sb2);
	}
	globfree(&g);

	StrBuf sb;
	sb_init(&sb);
	IrProgram *p = slice_file("extract/test/golden/slice/cone.ir", &sb);
	if (p) {
		const IrThread *t = p->threads[0];
		CHECK(has_var(p, "domain.is_control"), "a rank's bias is read by the lock order: kept");
		CHECK(has_var(p, "domain.entries"), "entries reaches a lock through %%n: kept");
		CHECK(has_var(p, "domain.budget"), "budget's own range check is a property: kept");
		CHECK(has_var(p, "spin"), "a loop test is kept");
		CHECK(has_var(p, "owner"), "an assertion's operand is kept");
		CHECK(!has_var(p, "domain.stats") && !has_var(p, "domain.dirty"), "bookkeeping state is sliced");
		CHECK(p->nvars == 5, "5 of 7 variables left: %d", p->nvars);
		CHECK(t->nlocals == 1 && !strcmp(t->locals[0]->name, "n"), "only %%n is left of the locals: %d",
		      t->nlocals);
		CHECK(has_note(p, 23, "write to 'domain.dirty' not modelled"), "the sliced write is noted at its line");
		CHECK(has_note(p, 28, "branch not modelled"), "the sliced branch is noted");
		CHECK(has_note(p, 10, "'domain.dirty' not modelled"), "the sliced variable is noted at its declaration");
		CHECK(!has_note(p, 21, "not modelled") || has_note(p, 21, "'m'"), "notes name what they slice");
		CHECK(strstr(sb.buf, "trylock lk") && !strstr(sb.buf, "%ok"), "an unread trylock result is dropped");
		CHECK(!strstr(sb.buf, "'pages' = value outside"), "a sliced local's range check goes with its store");
		CHECK(strstr(sb.buf, "'domain.budget' = value outside"), "a state store's range check stays");
	}
	sb_release(&sb);
	return TEST_SUMMARY();
}
