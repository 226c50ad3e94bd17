/*
 * fuzz_trail.c - libFuzzer target: the decoders of SPIN's output.
 *
 * The input is taken as the text of `spin -t -p` (pml_decode_trail) and of
 * pan's report (pml_decode_unreached, pml_decode_order), decoded against the
 * IR and PmlMap of the spec it names (a trail names the C file of its steps,
 * `spec/xen_vgic_rank.c:229`; the corpus is every spec's spin.txt in
 * results/), else of spec/basics/abba.c, so that the state, pointer and array
 * values of the real models are decoded too.  The variant is the one the
 * input's length picks (an input always decodes against the same model).
 * The IR is rebuilt per input because every stage allocates from the one
 * arena, which is freed after each input.
 */
#include "stages.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The first `spec/NAME.c` the text names that is a file here (NAME of
 * [a-z0-9_/]: no `..`), into buf; else spec/basics/abba.c. */
static const char *trail_spec(const char *text, char *buf, size_t n)
{
	const char *p = strstr(text, "spec/");
	if (p) {
		size_t k = strspn(p, "abcdefghijklmnopqrstuvwxyz0123456789_/");
		if (k + 3 <= n && !strncmp(p + k, ".c", 2)) {
			memcpy(buf, p, k + 2);
			buf[k + 2] = 0;
			if (access(buf, R_OK) == 0)
				return buf;
		}
	}
	return "spec/basics/abba.c";
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	memcpy(text, data, size);
	text[size] = 0;
	char buf[128];
	const char *spec = trail_spec(text, buf, sizeof buf);
	int nv = 0;
	IrVariant *vs = frontend_variants(spec, NULL, 0, &nv);
	if (!vs || nv < 1)
		abort(); /* run from the top of the tree */
	IrProgram *p = frontend_extract(spec, &vs[size % (size_t)nv], NULL, 0);
	if (!p)
		abort();
	StrBuf pml;
	sb_init(&pml);
	const PmlMap *map = pml_emit(p, &pml);
	sb_release(&pml);
	(void)pml_decode_trail(p, map, text);
	const IrStmt **un;
	(void)pml_decode_unreached(p, map, text, &un);
	LockPair *e;
	(void)pml_decode_order(p, map, text, &e);
	free(text);
	arena_free_all();
	return 0;
}
