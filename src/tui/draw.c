/* draw.c -- drawing primitives and colour roles (draw.h). */
#include "config.h"

#include <langinfo.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "tui/draw.h"

#include "io/escape.h"
#include "tui/tui.h"

static const struct role_style {
	short fg, bg;
	int attr;      /* with colours */
	int mono;      /* without */
} styles[TUI_N_ROLES] = {
	[TUI_ROLE_NORMAL] = {-1, -1, A_NORMAL, A_NORMAL},
	[TUI_ROLE_HEADER] = {COLOR_YELLOW, -1, A_BOLD, A_BOLD | A_UNDERLINE},
	[TUI_ROLE_STATUS] = {COLOR_WHITE, COLOR_BLUE, A_NORMAL, A_REVERSE},
	[TUI_ROLE_SELECTED] = {COLOR_BLACK, COLOR_CYAN, A_NORMAL, A_REVERSE},
	[TUI_ROLE_TITLE] = {COLOR_CYAN, -1, A_BOLD, A_BOLD},
	[TUI_ROLE_NUMBER] = {COLOR_CYAN, -1, A_NORMAL, A_NORMAL},
	[TUI_ROLE_GOOD] = {COLOR_GREEN, -1, A_BOLD, A_BOLD},
	[TUI_ROLE_WARNING] = {COLOR_YELLOW, -1, A_BOLD, A_BOLD},
	[TUI_ROLE_ERROR] = {COLOR_WHITE, COLOR_RED, A_BOLD, A_REVERSE | A_BOLD},
	[TUI_ROLE_MARK] = {COLOR_MAGENTA, -1, A_BOLD, A_BOLD},
	[TUI_ROLE_DIM] = {-1, -1, A_DIM, A_DIM},
	[TUI_ROLE_PLOT] = {COLOR_CYAN, -1, A_NORMAL, A_NORMAL},
	[TUI_ROLE_PLOT2] = {COLOR_YELLOW, -1, A_NORMAL, A_NORMAL},
	[TUI_ROLE_PLOT3] = {COLOR_MAGENTA, -1, A_NORMAL, A_NORMAL},
	[TUI_ROLE_POINT] = {COLOR_RED, -1, A_BOLD, A_BOLD},
	[TUI_ROLE_TARGET] = {COLOR_GREEN, -1, A_NORMAL, A_NORMAL},
};

bool tui_locale_is_utf8(void)
{
	const char *cs = nl_langinfo(CODESET);
	return cs && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
}

static bool colour; /* one screen: curses itself is global */

bool tui_colors_init(void)
{
	const char *nc = getenv("NO_COLOR");
	colour = !(nc && *nc) && has_colors();
	if (colour && start_color() == ERR)
		colour = false;
	if (!colour)
		return false;
	use_default_colors();
	for (int r = 1; r < TUI_N_ROLES; r++)
		init_pair((short)r, styles[r].fg, styles[r].bg);
	return true;
}

int tui_attr(int role)
{
	if (!colour)
		return styles[role].mono;
	return styles[role].attr | (role ? (int)COLOR_PAIR(role) : 0);
}

/* Write at most w display columns of a UTF-8 string.  Text on the
 * screen holds names from the data: a control character in one is drawn
 * in its shown form (escape.h), never handed to the terminal. */
void tui_addnstr(int y, int x, const char *text, int w)
{
	char *shown = NULL;
	if (ct_escape_needed(text, strlen(text)) && !(shown = ct_escape(text)))
		return;
	const char *s = shown ? shown : text;
	mbstate_t st;
	memset(&st, 0, sizeof st);
	size_t bytes = 0;
	int cols = 0;
	while (s[bytes]) {
		wchar_t wc;
		size_t n = mbrtowc(&wc, s + bytes, MB_CUR_MAX, &st);
		if (n == (size_t)-1 || n == (size_t)-2) {
			n = 1;
			wc = '?';
			memset(&st, 0, sizeof st);
		}
		int cw = wcwidth(wc);
		if (cw < 0)
			cw = 1;
		if (cols + cw > w)
			break;
		cols += cw;
		bytes += n;
	}
	if (bytes)
		mvaddnstr(y, x, s, (int)bytes);
	free(shown);
}

/* Columns of the character at s (1 for bytes that are not UTF-8), and its
 * length in bytes in *len. */
static int char_width(const char *s, size_t *len, mbstate_t *st)
{
	wchar_t wc;
	size_t n = mbrtowc(&wc, s, MB_CUR_MAX, st);
	if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
		memset(st, 0, sizeof *st);
		*len = 1;
		return 1;
	}
	*len = n;
	int cw = wcwidth(wc);
	return cw < 0 ? 1 : cw;
}

int tui_text_width(const char *text)
{
	char *shown = NULL;
	if (ct_escape_needed(text, strlen(text)) && !(shown = ct_escape(text)))
		return (int)strlen(text);
	const char *s = shown ? shown : text;
	mbstate_t st;
	memset(&st, 0, sizeof st);
	int cols = 0;
	size_t n;
	for (size_t i = 0; s[i]; i += n)
		cols += char_width(s + i, &n, &st);
	free(shown);
	return cols;
}

size_t tui_wrap_line(const char *s, int w, size_t *next)
{
	mbstate_t st;
	memset(&st, 0, sizeof st);
	size_t i = 0, n, brk = 0;
	int cols = 0;
	while (s[i]) {
		int cw = char_width(s + i, &n, &st);
		if (cols + cw > w)
			break;
		cols += cw;
		i += n;
		if (s[i] == ' ')
			brk = i;
	}
	size_t len = s[i] && brk ? brk : i;
	if (!s[i])
		len = i;
	size_t k = len;
	while (s[k] == ' ')
		k++;
	if (k == 0 && s[0]) /* not even one character fits: take one anyway */
		k = len = 1;
	*next = k;
	return len;
}

size_t tui_skip_columns(const char *s, int cols)
{
	mbstate_t st;
	memset(&st, 0, sizeof st);
	size_t i = 0, n;
	int c = 0;
	while (s[i] && c < cols) {
		c += char_width(s + i, &n, &st);
		i += n;
	}
	return i;
}

void tui_fill(int y, int x, int w, int role)
{
	attrset(tui_attr(role));
	move(y, x);
	for (int i = 0; i < w; i++)
		addch(' ');
}


void tui_cut_middle(const char *s, int w, bool ascii, char *out, size_t len)
{
	int sw = tui_text_width(s);
	if (sw <= w || w < 3) {
		size_t n = w < 3 && sw > w ? tui_skip_columns(s, w > 0 ? w : 0) : strlen(s);
		snprintf(out, len, "%.*s", (int)n, s);
		return;
	}
	int head = (w - 1 + 1) / 2, tail = w - 1 - head; /* the longer part first */
	size_t hb = tui_skip_columns(s, head);
	size_t tb = tui_skip_columns(s, sw - tail);
	snprintf(out, len, "%.*s%s%s", (int)hb, s, ascii ? "~" : "\u2026", s + tb);
}
