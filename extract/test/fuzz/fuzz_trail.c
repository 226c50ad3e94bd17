/*
 * fuzz_trail.c - libFuzzer target: the decoders of SPIN's output.
 *
 * The input is taken as the text of `spin -t -p` (pml_decode_trail) and of
 * pan's report (pml_decode_unreached, pml_decode_order), decoded against the
 * IR of spec/basics/abba.c.  The IR is rebuilt per input because every stage
 * allocates from the one arena, which is freed after each input.
 */
#include "stages.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int nv = 0;
	IrVariant *vs = frontend_variants("spec/basics/abba.c", NULL, 0, &nv);
	if (!vs || nv < 1)
		abort(); /* run from the top of the tree */
	IrProgram *p = frontend_extract("spec/basics/abba.c", &vs[0], NULL, 0);
	if (!p)
		abort();
	StrBuf pml;
	sb_init(&pml);
	const PmlMap *map = pml_emit(p, &pml);
	sb_release(&pml);
	char *text = malloc(size + 1);
	memcpy(text, data, size);
	text[size] = 0;
	(void)pml_decode_trail(p, map, text);
	const IrStmt **un;
	(void)pml_decode_unreached(p, map, text, &un);
	LockPair *e;
	(void)pml_decode_order(p, map, text, &e);
	free(text);
	arena_free_all();
	return 0;
}
