/* draw.h -- the explorer's drawing primitives: colour roles, writing a
 * UTF-8 string into at most w columns, text width, word wrap.
 *
 * Colours are roles (header, selection, number, warning, plot...), mapped
 * to colour pairs when the terminal has colours and NO_COLOR is unset or
 * empty, and to plain attributes (reverse, bold) otherwise.  Knows nothing
 * of the application: views and the screen layout draw with these.
 */
#ifndef CAMTUNE_TUI_DRAW_H
#define CAMTUNE_TUI_DRAW_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>

enum tui_role {
	TUI_ROLE_NORMAL, TUI_ROLE_HEADER, TUI_ROLE_STATUS, TUI_ROLE_SELECTED,
	TUI_ROLE_TITLE, TUI_ROLE_NUMBER, TUI_ROLE_GOOD, TUI_ROLE_WARNING,
	TUI_ROLE_ERROR, TUI_ROLE_MARK, TUI_ROLE_DIM, TUI_ROLE_PLOT,
	TUI_ROLE_PLOT2, TUI_ROLE_PLOT3, TUI_ROLE_POINT, TUI_ROLE_TARGET,
	TUI_N_ROLES
};

#define TUI_MIN_COLS 60
#define TUI_MIN_ROWS 16

/* Start colours if the terminal has them and NO_COLOR is unset or empty;
 * returns whether colours are on. */
bool tui_colors_init(void);
/* The curses attributes of a role. */
int tui_attr(int role);
/* Write at most w display columns of a UTF-8 string at (y, x). */
void tui_addnstr(int y, int x, const char *s, int w);
/* w blanks in the role's attributes; leaves that attribute set. */
void tui_fill(int y, int x, int w, int role);
/* Display columns of a UTF-8 string. */
int tui_text_width(const char *s);
/* Word wrap: the bytes of s that make its first line of at most w columns
 * (broken after a blank when the text goes on; a single word wider than w
 * is cut).  *next: where the next line starts, blanks skipped. */
size_t tui_wrap_line(const char *s, int w, size_t *next);
/* The bytes of s that skip its first `cols` display columns. */
size_t tui_skip_columns(const char *s, int cols);
/* s in at most w display columns: whole when it fits, else cut in the
 * middle, both ends kept, with an ellipsis (~ when ascii) between them
 * ("pt-hiper-6656-nazare" in 12: "pt-hi…nazare").  Into out (len bytes). */
void tui_cut_middle(const char *s, int w, bool ascii, char *out, size_t len);

#endif
