/*
 * linux/ls__printk.h - printk() and pr_*() for linux/printk.h and
 * linux/kernel.h; no include guard: each of them reads it after the tree's
 * header of its name (LS_UPSTREAM), whose macros it replaces.
 *
 * They print nothing: the arguments are inside sizeof, so they count as used
 * and are not evaluated (a message's arguments decide no lock and no
 * assertion).
 */
#undef printk
#undef printk_deferred
#undef pr_emerg
#undef pr_alert
#undef pr_crit
#undef pr_err
#undef pr_warn
#undef pr_notice
#undef pr_info
#undef pr_cont
#undef pr_debug
#undef pr_devel
int ls__printk(const char *fmt, ...);
#define printk(...) ((void)sizeof(ls__printk(__VA_ARGS__)))
#define printk_deferred(...) printk(__VA_ARGS__)
#define pr_emerg(...) printk(__VA_ARGS__)
#define pr_alert(...) printk(__VA_ARGS__)
#define pr_crit(...) printk(__VA_ARGS__)
#define pr_err(...) printk(__VA_ARGS__)
#define pr_warn(...) printk(__VA_ARGS__)
#define pr_notice(...) printk(__VA_ARGS__)
#define pr_info(...) printk(__VA_ARGS__)
#define pr_cont(...) printk(__VA_ARGS__)
#define pr_debug(...) printk(__VA_ARGS__)
#define pr_devel(...) printk(__VA_ARGS__)
