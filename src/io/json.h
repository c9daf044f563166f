/* json.h -- writing JSON: a streaming writer that lays a document out as
 * cJSON_Print does, and the cJSON helpers every other document shares.
 *
 * The streaming writer (ct_jw) writes straight to a FILE*, so a document
 * of any size costs no memory:
 *
 *   ct_jw w;  ct_jw_init(&w, f);
 *   ct_jw_object(&w, NULL);            the document (key NULL: a value in
 *     ct_jw_string(&w, "key", "v");    an array, or the document itself)
 *     ct_jw_array(&w, "list");  ...  ct_jw_end(&w);
 *   ct_jw_end(&w);  ct_jw_newline(&w);
 *   if (ct_jw_flush(&w)) ...           the errno of the first failed write
 *
 * The layout is cJSON_Print's (a tab per level, "key":<TAB>value, arrays
 * on one line as [a, b]), so a document keeps its bytes whichever way it
 * is written.  Strings are escaped as cJSON escapes them.
 *
 * cJSON documents: every allocation cJSON makes goes through camtune's
 * hooks, so a document that lost an item to a failed allocation (cJSON's
 * AddXToObject then silently leaves the item out) is never printed:
 * ct_json_print returns NULL for it. */
#ifndef CAMTUNE_JSON_H
#define CAMTUNE_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define CT_JW_MAX_DEPTH 64

typedef struct ct_jw {
	FILE *f;
	int depth;
	uint64_t empty;    /* bit d: the container at depth d has no item yet */
	uint64_t in_array; /* bit d: the container at depth d is an array */
	int err;           /* errno of the first failed write (EIO if unknown), 0 */
	size_t len;        /* bytes in buf, not yet given to f */
	char buf[16384];
} ct_jw;

void ct_jw_init(ct_jw *w, FILE *f);
/* Open an object or an array as the value of key (NULL in an array or at
 * the top); ct_jw_end closes the innermost one. */
void ct_jw_object(ct_jw *w, const char *key);
void ct_jw_array(ct_jw *w, const char *key);
void ct_jw_end(ct_jw *w);
void ct_jw_string(ct_jw *w, const char *key, const char *v);
void ct_jw_number(ct_jw *w, const char *key, double v); /* ct_format_double */
void ct_jw_u64(ct_jw *w, const char *key, uint64_t v);
void ct_jw_bool(ct_jw *w, const char *key, bool v);
void ct_jw_null(ct_jw *w, const char *key);
/* A value already printed by cJSON_Print at the top level (an object's
 * lines re-indented to the current depth). */
void ct_jw_printed(ct_jw *w, const char *key, const char *text);
/* The final newline of a document. */
void ct_jw_newline(ct_jw *w);
/* Give what is buffered to the FILE (then fflush it as needed): 0, or the
 * errno of the first failed write. */
int ct_jw_flush(ct_jw *w);

/* Format a double in the shortest of 15, 16 or 17 significant digits
 * (%.Ng) that reads back to the same value ("null" for NaN or infinity, as
 * JSON has no such numbers).  buf: at least 32 bytes. */
void ct_format_double(char *buf, size_t len, double v);

/* ---- cJSON documents ------------------------------------------------------ */
struct cJSON;
/* A number item printed round-trip exactly (cJSON prints 15 digits). */
struct cJSON *ct_json_number(double v);
/* Add item to an object under key, or to an array; when that fails (an
 * allocation, or o NULL) the item is deleted: cJSON leaves it to the
 * caller. */
void ct_json_add(struct cJSON *o, const char *key, struct cJSON *item);
void ct_json_append(struct cJSON *array, struct cJSON *item);
/* Print a cJSON document (formatted, with a final newline), or NULL: out
 * of memory now, or an allocation failed while the document was built
 * (doc NULL too). */
char *ct_json_print(const struct cJSON *doc);
/* cJSON_Print's text without the final newline, under the same rule. */
char *ct_json_print_value(const struct cJSON *item);
/* The allocator under cJSON's hooks (tests: one that fails); NULL, NULL
 * restores malloc and free.  Call with no cJSON item alive. */
void ct_json_set_allocator(void *(*alloc)(size_t), void (*release)(void *));

#endif
