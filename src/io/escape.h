/* escape.h -- names from the data shown on a terminal or in a text output.
 *
 * Store names, camera ids, labels and header fields are data: a control
 * character in one must not move the cursor, clear the screen, forge a
 * report row or turn the text around.  ct_escape shows them visibly, the
 * one way every text output does (report text and Markdown, eval,
 * compare, messages on stderr, the explorer):
 *   \n \r \t                  as themselves, backslash-escaped
 *   other C0 bytes and DEL    \xHH (ESC is \x1b)
 *   C1 controls (U+0080-009F), bidi controls (U+061C, U+200E-200F,
 *   U+202A-202E, U+2066-2069), zero-width and invisible characters
 *   (U+00AD, U+180E, U+200B-200D, U+2028-2029, U+2060-2064, U+FEFF)
 *                             \uXXXX
 *   bytes that are not UTF-8  \xHH
 * Everything else, backslashes included, is shown as it is.  JSON, HTML
 * and SVG have their own escaping; this is for text meant to be read. */
#ifndef CAMTUNE_ESCAPE_H
#define CAMTUNE_ESCAPE_H

#include <stdbool.h>
#include <stddef.h>

/* True when s[0..len) has anything ct_escape would change. */
bool ct_escape_needed(const char *s, size_t len);
/* What ends a shown form cut short. */
#define CT_ELLIPSIS "\xe2\x80\xa6" /* U+2026 */
/* The buffer for a name in a message: a name of a few hundred bytes is
 * shown whole, a longer one (a 20 MB store name) cut with an ellipsis. */
#define CT_SHOWN_MAX 256
/* The longest message shown whole (ct_escape_message). */
#define CT_MESSAGE_MAX 2048

/* The shown form of s[0..len) in buf (always NUL-terminated when cap > 0;
 * when too long, cut at a character boundary and ended with
 * CT_ELLIPSIS).  Returns the length the whole shown form needs, as
 * snprintf does. */
size_t ct_escape_into(char *buf, size_t cap, const char *s, size_t len);
/* The shown form of the string s, whole, malloc'ed; NULL when out of
 * memory.  For tables: a name there is shown in full. */
char *ct_escape(const char *s);
/* The string s itself when nothing needs escaping and it fits, else its
 * shown form in buf (cut to cap with an ellipsis).  For names in
 * messages: char b[CT_SHOWN_MAX]; ct_shown(name, b, sizeof b). */
const char *ct_shown(const char *s, char *buf, size_t cap);
/* A whole message's shown form, malloc'ed (NULL when out of memory): as
 * ct_escape, but its line feeds and tabs kept, and a message longer than
 * CT_MESSAGE_MAX cut to its start, an ellipsis and its end.  Every
 * message on stderr goes through it (cli_error, cli_warn, -v), so a name
 * that reaches one unescaped is still shown safely. */
char *ct_escape_message(const char *s);

/* Display columns of UTF-8 text on a terminal, for aligning tables: 2 for
 * East Asian wide and fullwidth characters (CJK, Hangul, fullwidth forms,
 * most emoji), 0 for combining marks and variation selectors, 1 for
 * everything else (a byte that is not UTF-8 too).  A small table of its
 * own, not the locale's wcwidth: the same columns whatever LANG says.
 * Meant for shown forms (ct_escape), which hold no control character. */
size_t ct_display_width(const char *s);

#endif
