/*
 * fe_names.c - unique local and label names within a thread, in constant
 * time.  Every inlined call makes fresh locals ("ls_value", "x_result"),
 * so a deep call tree asks for the same base thousands of times: a scan of
 * the thread's locals for each candidate "base_k" made lowering cubic in
 * the number of inlined copies.  Two maps per thread instead: the names
 * given out, and per base the next suffix to try, so each request costs
 * O(1) amortised and picks the same name the scan did (the smallest free
 * k, as every k below the remembered one is taken).
 */
#include "fe.h"

struct FeNames {
	const IrThread *thread; /* the maps belong to this thread */
	StrMap used[2];         /* [0] locals, [1] labels: names given out */
	StrMap next[2];         /* base -> next suffix k */
};

const char *fe_unique_name(Fe *fe, const char *base, bool label)
{
	if (!fe->names || fe->names->thread != fe->t) {
		fe->names = arena_alloc(sizeof(*fe->names));
		fe->names->thread = fe->t;
	}
	StrMap *used = &fe->names->used[label];
	bool isnew;
	int *k = strmap_get(&fe->names->next[label], xstrdup(base), &isnew);
	if (isnew)
		*k = 1;
	for (;; ++*k) {
		const char *name = *k == 1 ? base : xprintf("%s_%d", base, *k);
		strmap_get(used, name, &isnew);
		if (isnew) {
			++*k;
			return name;
		}
	}
}
