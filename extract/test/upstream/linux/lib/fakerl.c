// SPDX-License-Identifier: GPL-2.0
/* fakerl.c - a rate-limited warning in kernel style, over the fake tree's
 * linux/ratelimit.h (whose helpers are inline functions) */
#include <linux/ratelimit.h>

static DEFINE_RATELIMIT_STATE(fakerl_rs, 500, 1);

void fakerl_miss(void)
{
	ratelimit_state_inc_miss(&fakerl_rs);
}

int fakerl_report(void)
{
	return ratelimit_state_reset_miss(&fakerl_rs);
}
