/* more errors than the cap (20): the rest are counted, not shown, and the run goes on */
#include "lockspin.h"
static int n1 LS_STATE;
static int n2 LS_STATE;
static int n3 LS_STATE;
static int n4 LS_STATE;
static int n5 LS_STATE;
static int n6 LS_STATE;
static int n7 LS_STATE;
static int n8 LS_STATE;
static int n9 LS_STATE;
static int n10 LS_STATE;
static int n11 LS_STATE;
static int n12 LS_STATE;
static int n13 LS_STATE;
static int n14 LS_STATE;
static int n15 LS_STATE;
static int n16 LS_STATE;
static int n17 LS_STATE;
static int n18 LS_STATE;
static int n19 LS_STATE;
static int n20 LS_STATE;
static int n21 LS_STATE;
static int n22 LS_STATE;
static ls_mutex_t m;
static void t(void *a) { (void)a; ls_mutex_lock(&m); ls_mutex_unlock(&m); }
LS_SCENARIO { ls_thread(t, NULL); }
