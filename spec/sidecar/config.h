/* config.h - the build's configuration, forced into every file of the
 * program with -include (as Xen's build does with xen/config.h); recorded
 * in compile_commands.json, so the front end sees it only through it. */
#define CONFIG_NR_VCPUS 2
