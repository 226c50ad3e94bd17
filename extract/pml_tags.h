/*
 * pml_tags.h - the decoding tags, shared by the emitter (promela.c, pml_lock.c) and the
 * decoders (pml_decode.c): defined once here, so the two cannot drift.
 *
 * Statements of the model print a tag (printf is local, and pan's statement
 * merging folds it into the previous transition: tags cost no states).
 * Each PML_TAG_* is the tag text as a printf/scanf format of int arguments:
 * the emitter fills it in with xprintf, the decoders match it with
 * pml_tag_is (pml_decode.c).
 */
#ifndef LS_PML_TAGS_H
#define LS_PML_TAGS_H

#define PML_TAG_START "@"         /* every tag begins so, nothing else printed does */
#define PML_TAG_ENTER "@%d"       /* entering IR statement N */
#define PML_TAG_LOCK "@%d:L%d"    /* entering lock operation N on lock id */
#define PML_TAG_RANK " r%d"       /* after PML_TAG_LOCK: the biased rank of a rank-biased
				   * class, a Promela printf argument (run-time value) */
#define PML_TAG_DONE "@%d:+"      /* lock operation N done (trylock: succeeded) */
#define PML_TAG_FAILED "@%d:-"    /* trylock N failed */
#define PML_TAG_TRUE "@%d:T"      /* condition of if/loop N true */
#define PML_TAG_FALSE "@%d:F"     /* ... false */
#define PML_TAG_CHOSE "@%d:c%d"   /* ls_choose in N chose v */
#define PML_TAG_EXIT "@X"         /* end-of-thread check (held-at-exit) */
#define PML_TAG_ORDER "@O%d.%d.%d" /* lock a held while lock b is acquired by N: a
				    * tag whose absence from pan's unreached report is
				    * an edge of the order graph */

/* How `spin -t -p` and pan's unreached report show a tag statement:
 * printf('<tag>\n') (single quotes, the newline as backslash n). */
#define PML_SHOWN_OPEN "printf('"
#define PML_SHOWN_NL "\\n"
#define PML_SHOWN_CLOSE "'"

#endif
