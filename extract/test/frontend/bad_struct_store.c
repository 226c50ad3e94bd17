/* A whole struct stored into a modelled object (Xen's safe_write_pte():
 * *p = new): its modelled field would keep its value unseen, so it is an
 * error, not a store the model drops. */
#include "lockspin.h"

typedef struct {
	long l1 LS_STATE LS_RANGE(0, 3);
} pte_t;

static pte_t ptes[2];

static void write_pte(pte_t *p, pte_t n)
{
	*p = n;
}

static void t(void *arg)
{
	pte_t n = { 1 };

	(void)arg;
	write_pte(&ptes[0], n);
	ls_assert(ptes[0].l1 == 1);
}

LS_SCENARIO
{
	ls_thread(t, NULL);
}
