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
 *
 * The models are built once and kept (a parse per input made the target a
 * hundred times slower); every stage allocates from the one arena, so the
 * arena, the decoders' allocations with it, is freed every FREE_EVERY inputs
 * and the models rebuilt.  The decoders take the model const: an input
 * decodes the same against a kept model as against a fresh one.
 */
#include "stages.h"

#include <stdint.h>
#include <stdio.h>
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

#define FREE_EVERY 256
#define MAX_SPECS 64
#define MAX_VARIANTS 16

/* The models built since the arena was last freed, per spec and variant. */
static struct {
	char path[128];
	int nv;
	IrVariant *vs;
	IrProgram *p[MAX_VARIANTS];
	const PmlMap *map[MAX_VARIANTS];
} models[MAX_SPECS];
static int nmodels;
static unsigned ninputs;

static void model_of(const char *spec, size_t size, IrProgram **p, const PmlMap **map)
{
	int i = 0;
	while (i < nmodels && strcmp(models[i].path, spec))
		i++;
	if (i == nmodels) {
		if (nmodels == MAX_SPECS || strlen(spec) >= sizeof models[i].path)
			abort(); /* more spec files than spec/ holds */
		snprintf(models[i].path, sizeof models[i].path, "%s", spec);
		models[i].vs = frontend_variants(spec, NULL, 0, &models[i].nv);
		if (!models[i].vs || models[i].nv < 1)
			abort(); /* run from the top of the tree */
		nmodels++;
	}
	int v = (int)(size % (size_t)(models[i].nv < MAX_VARIANTS ? models[i].nv : MAX_VARIANTS));
	if (!models[i].p[v]) {
		models[i].p[v] = frontend_extract(spec, &models[i].vs[v], NULL, 0);
		if (!models[i].p[v])
			abort();
		StrBuf pml;
		sb_init(&pml);
		models[i].map[v] = pml_emit(models[i].p[v], &pml);
		sb_release(&pml);
	}
	*p = models[i].p[v];
	*map = models[i].map[v];
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (ninputs++ % FREE_EVERY == FREE_EVERY - 1) {
		arena_free_all();
		memset(models, 0, sizeof models);
		nmodels = 0;
	}
	char *text = malloc(size + 1);
	memcpy(text, data, size);
	text[size] = 0;
	char buf[128];
	IrProgram *p;
	const PmlMap *map;
	model_of(trail_spec(text, buf, sizeof buf), size, &p, &map);
	(void)pml_decode_trail(p, map, text);
	const IrStmt **un;
	(void)pml_decode_unreached(p, map, text, &un);
	LockPair *e;
	(void)pml_decode_order(p, map, text, &e);
	free(text);
	return 0;
}
