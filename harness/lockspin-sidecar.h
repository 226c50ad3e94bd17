/*
 * lockspin-sidecar.h - annotations for code that must not be edited.
 *
 * A side-car file is plain C that lockspin parses after the upstream .c
 * files it is given with (`lockspin check --sidecar S.c a.c b.c`), so
 * every name the upstream files declare is in scope.  Each macro below
 * expands to an unused static function whose body names what it annotates
 * and whose attributes (the same LS_... vocabulary as lockspin.h) the front
 * end attaches to that declaration.  clang resolves the names: a field,
 * global or function that does not exist is an error at the side-car's
 * file:line:col, exit 2.
 *
 *   LS_FIELD(struct T, field, attrs...)     LS_STATE, LS_RANGE, LS_RANK,
 *                                           LS_RANK_BIAS, LS_CLASS,
 *                                           LS_RECURSIVE, LS_TARGETS on a
 *                                           field of struct T
 *   LS_GLOBAL(name, attrs...)               the same on a global
 *   LS_PER_CPU(name, attrs...)              the same on a DEFINE_PER_CPU variable
 *                                           (Xen's per_cpu__name)
 *   LS_POINTS_TO(struct T, field, obj)      pointer field of struct T (one the
 *                                           code allocates at creation) points,
 *                                           in every T, to the side-car's global
 *                                           obj (an object or an array; a T **
 *                                           field's element i to obj[i])
 *   LS_POINTS_TO_EACH(struct T, field, arr) the same, one each: the field of
 *                                           the k-th T object points to arr[k]
 *   LS_GLOBAL_POINTS_TO(ptr, obj)           the global pointer ptr (an ops
 *                                           table the driver installs at boot)
 *                                           points to the side-car's global
 *                                           object obj: ptr->field reads obj's
 *                                           (gic_hw_ops->info->nr_lrs with
 *                                           LS_POINTS_TO on info, LS_FIELD on
 *                                           nr_lrs), a constant, no model step
 *   LS_TARGETS_OF(ptr, field, f, g, ...)    a call through ptr->field (ptr a
 *                                           global pointer to an ops table)
 *                                           reaches f or g, ...
 *   LS_ABSTRACT(fn, LS_IGNORE)              a call to fn is a no-op
 *   LS_ABSTRACT(fn, LS_RESULT(lo, hi))      a call to fn returns any value
 *                                           lo..hi (its body is not lowered)
 *   LS_REPLACE(fn, my_fn)                   a call to fn runs my_fn (written
 *                                           in the side-car) instead
 *
 * The scenario (LS_SCENARIO) and the variants (LS_VARIANT) are written in
 * the side-car as in any spec.  Under gcc the attributes vanish (as in
 * lockspin.h) and the functions are unused statics.
 */
#ifndef LOCKSPIN_SIDECAR_H
#define LOCKSPIN_SIDECAR_H

#include "lockspin.h"

#define LS__SC_CAT2(a, b) a##b
#define LS__SC_CAT(a, b) LS__SC_CAT2(a, b)
/* one name per annotation: __COUNTER__ is unique in the translation unit */
#define LS__SC_FN(what, ...)                                                                   \
	__attribute__((__unused__)) LS__ANN("sidecar " what) __VA_ARGS__ static void LS__SC_CAT( \
		ls__sidecar_, __COUNTER__)(void)

#define LS_FIELD(type, field, ...) \
	LS__SC_FN("field", __VA_ARGS__) { type *ls__p = 0; (void)ls__p->field; }
#define LS_GLOBAL(name, ...) \
	LS__SC_FN("global", __VA_ARGS__) { (void)&(name); }
#define LS_PER_CPU(name, ...) LS_GLOBAL(per_cpu__##name, __VA_ARGS__)
/* the object is named in the body so that clang resolves it */
#define LS_POINTS_TO(type, field, obj) \
	LS__SC_FN("points_to") { type *ls__p = 0; (void)ls__p->field; (void)&(obj); }
#define LS_POINTS_TO_EACH(type, field, arr) \
	LS__SC_FN("points_to", LS__ANN("points_each")) { type *ls__p = 0; (void)ls__p->field; (void)&(arr); }
#define LS_GLOBAL_POINTS_TO(ptr, obj) \
	LS__SC_FN("points_to") { (void)&(ptr); (void)&(obj); }
#define LS_TARGETS_OF(ptr, field, ...) \
	LS__SC_FN("targets_of", LS_TARGETS(__VA_ARGS__)) { (void)(ptr)->field; (void)(__VA_ARGS__); }

#define LS_IGNORE LS__ANN("abstract ignore")
#define LS_RESULT(lo, hi) LS__ANN("abstract result " #lo " " #hi)
#define LS_ABSTRACT(fn, how) \
	LS__SC_FN("abstract", how) { (void)(fn); }
#define LS_REPLACE(fn, with) \
	LS__SC_FN("replace") { (void)(1 ? (fn) : (with)); }

#endif
