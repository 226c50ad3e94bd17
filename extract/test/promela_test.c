/* promela_test.c - pml_emit shape, on the text IR of an ABBA program
 * (extract/test/golden/promela/t_abba.ir: t0 takes a then b, t1 b then a;
 * fake locations in "spec/t.c"), read with ir_parse: no libclang.  Run from
 * the repository root. */
#include "../stages.h"
#include "test.h"

#include <stdlib.h>
#include <string.h>

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
	pml_emit(p, &sb);
	if (argc > 1 && strcmp(argv[1], "--print") == 0) {
		fputs(sb.buf, stdout);
		sb_release(&sb);
		return 0;
	}
	const char *hdr = "/* lockspin model: spec=spec/t.c variant=abba */\n";
	CHECK(strncmp(sb.buf, hdr, strlen(hdr)) == 0, "header line");
	CHECK(strstr(sb.buf, "# 10 \"spec/t.c\"\n\tE_2: printf(\"@2:L0\\n\"); ") != NULL, "line marker before a lock op");
	CHECK(strstr(sb.buf, "atomic { lk_owner[1] == 0 -> lk_owner[1] = _pid }") != NULL, "test-and-set");
	StrBuf again;
	sb_init(&again);
	pml_emit(p, &again);
	CHECK(strcmp(sb.buf, again.buf) == 0, "deterministic");
	sb_release(&sb);
	sb_release(&again);
	return TEST_SUMMARY();
}
