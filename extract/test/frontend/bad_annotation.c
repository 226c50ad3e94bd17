#include "lockspin.h"
static ls_mutex_t a __attribute__((annotate("lockspin:rnak 3")));
static ls_mutex_t b LS_RANK(high);
static int count LS_STATE;
static ls_mutex_t c LS_RANK_BIAS(nothing, 4);
static void t(void *arg) { (void)arg; ls_mutex_lock(&a); ls_mutex_unlock(&a); }
LS_SCENARIO { ls_thread(t, NULL); }
