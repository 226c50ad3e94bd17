/* Unsigned long operators where a value may be the all-ones one (Xen's
 * INVALID_MFN).  The right shift `mfn >> PAGE_SHIFT` of a local that may
 * hold it (stored before the shift) is checked, C's result being more than
 * the model holds; of one whose stores are all frames it is not (bounded
 * once the thread is lowered and the local's range is known: the check
 * that always holds is `1`, which ir_slice drops).  A comparison tests for
 * -1 only the operand that may be it: `frame < mfn` is true where mfn is
 * INVALID_MFN, whatever frame is. */
#include "lockspin.h"

#define INVALID_MFN (~0UL)
#define PAGE_SHIFT 12

static unsigned long frame LS_STATE LS_RANGE(0, 8192);
static bool cached LS_STATE;
static unsigned long page LS_STATE LS_RANGE(0, 2);

static void pod_demand_populate(void *arg)
{
    unsigned long mfn, gfn;

    (void)arg;
    gfn = frame;
    page = gfn >> PAGE_SHIFT;
    mfn = cached ? frame : INVALID_MFN;
    if ( frame < mfn )
        page = mfn >> PAGE_SHIFT;
}

LS_SCENARIO
{
    ls_thread(pod_demand_populate, NULL);
}
