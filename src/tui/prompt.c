/* prompt.c -- GNU readline embedded in the explorer's last line.
 *
 * Readline never touches the terminal here: curses owns it.  The main
 * loop reads the keys from the program's one input source and hands each
 * to tui_prompt_key(), which feeds readline's callback interface through
 * rl_getc_function; readline's
 * display goes through rl_redisplay_function into the curses screen, the
 * cursor column computed with wcwidth.  Signals and SIGWINCH stay with
 * the main loop (rl_catch_signals = rl_catch_sigwinch = 0) and readline
 * leaves LINES/COLUMNS alone (rl_change_environment = 0).  History lives in
 * $XDG_STATE_HOME/camtune/history (default ~/.local/state/...).  Tab
 * completes command names, camera names, strategies, columns and files;
 * Esc, Ctrl-C or Ctrl-G cancel.
 *
 * Readline's callbacks carry no context, so the app being prompted is
 * kept in one static pointer: there is one prompt at a time.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <wchar.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "tui/app.h"
#include "tui/input.h"
#include "tui/prompt.h"
#include "tui/view_list.h"

#include <term.h> /* last: it defines macros such as `lines` */

static tui_app *P;            /* the app whose prompt is open */
static unsigned char feed[16]; /* bytes of the key being handed over */
static int feed_n, feed_pos;
static char *accepted;
static bool done;
static FILE *devnull;

/* ---- hooks ----------------------------------------------------------------- */

static int getc_hook(FILE *f)
{
	(void)f;
	if (feed_pos < feed_n)
		return feed[feed_pos++];
	return EOF;
}

static int input_available_hook(void)
{
	return feed_pos < feed_n;
}

static void no_prep(int meta)
{
	(void)meta;
}

static void no_deprep(void)
{
}

static void line_handler(char *line)
{
	accepted = line;
	done = true;
	rl_callback_handler_remove();
}

/* Display width of the first n wide characters of w. */
static int width_of(const wchar_t *w, size_t n)
{
	int cols = 0;
	for (size_t i = 0; i < n && w[i]; i++) {
		int cw = wcwidth(w[i]);
		cols += cw > 0 ? cw : cw == 0 ? 0 : 1;
	}
	return cols;
}

/* One character of s[0..n) (n > 0): its wide form and byte length; a
 * byte that does not start a valid character is one column of '?' (ASCII
 * as itself). */
static size_t char_at(const char *s, size_t n, wchar_t *wc)
{
	mbstate_t st;
	memset(&st, 0, sizeof st);
	size_t k = mbrtowc(wc, s, n, &st);
	if (k == 0) {
		*wc = L'?';
		return 1;
	}
	if (k > n) { /* (size_t)-1 or -2: invalid or cut */
		*wc = (unsigned char)s[0] < 128 ? (wchar_t)s[0] : L'?';
		return 1;
	}
	return k;
}

static int col_width(wchar_t wc)
{
	int cw = wcwidth(wc);
	return cw > 0 ? cw : cw == 0 ? 0 : 1;
}

/* Where the character that ends at byte end of s starts: back over at
 * most MB_CUR_MAX bytes to the start that decodes to exactly end. */
static size_t char_before(const char *s, size_t end)
{
	size_t max = MB_CUR_MAX > 1 ? (size_t)MB_CUR_MAX : 1;
	for (size_t k = 1; k <= max && k <= end; k++) {
		wchar_t wc;
		if (char_at(s + end - k, k, &wc) == k)
			return end - k;
	}
	return end - 1;
}

/* Only what the line can show is decoded: the characters before the
 * cursor that fit, walking back from it, and those after it up to the
 * right edge.  Each key then costs the screen's width, not the line's
 * length, so a long pasted line stays fast. */
void tui_prompt_redisplay(tui_app *a)
{
	(void)a;
	int y = LINES - 1;
	move(y, 0);
	attrset(A_NORMAL);
	clrtoeol();
	const char *prompt = rl_display_prompt ? rl_display_prompt : "";
	size_t np = 0;
	wchar_t *wp = calloc(strlen(prompt) + 1, sizeof *wp);
	if (!wp)
		return;
	for (size_t i = 0, n = strlen(prompt); i < n;)
		i += char_at(prompt + i, n - i, &wp[np++]);
	int pw = width_of(wp, np);
	int avail = COLS - pw - 1;
	if (avail < 1)
		avail = 1;
	const char *line = rl_line_buffer ? rl_line_buffer : "";
	size_t end = rl_end > 0 ? (size_t)rl_end : 0;
	size_t point = rl_point > 0 ? (size_t)rl_point : 0;
	if (point > end)
		point = end;
	/* Scroll horizontally so that the cursor stays visible. */
	size_t start = point;
	int before = 0;
	while (start > 0) {
		size_t prev = char_before(line, start);
		wchar_t wc;
		char_at(line + prev, start - prev, &wc);
		int cw = col_width(wc);
		if (before + cw > avail)
			break;
		before += cw;
		start = prev;
	}
	attrset(tui_attr(TUI_ROLE_TITLE));
	addnwstr(wp, (int)np);
	attrset(A_NORMAL);
	int x = pw;
	for (size_t i = start; i < end;) {
		wchar_t wc;
		i += char_at(line + i, end - i, &wc);
		int cw = wcwidth(wc);
		if (cw < 0)
			cw = 1;
		if (x + cw > COLS - 1)
			break;
		mvaddnwstr(y, x, &wc, 1);
		x += cw;
	}
	int cx = pw + before;
	if (cx > COLS - 1)
		cx = COLS - 1;
	move(y, cx);
	free(wp);
	wnoutrefresh(stdscr);
	doupdate();
}

/* Keys of a script that are already there are edited in without drawing
 * each: the line is drawn once they are in (a pasted or scripted line). */
static void redisplay_hook(void)
{
	if (P && !tui_input_pending(P->in))
		tui_prompt_redisplay(P);
}

/* ---- completion -------------------------------------------------------------- */

static const char *const *gen_list;
static size_t gen_n;
static const char *strategy_names[CT_N_STRATEGIES];

static char *list_generator(const char *text, int state)
{
	static size_t i, len;
	if (!state) {
		i = 0;
		len = strlen(text);
	}
	while (i < gen_n) {
		const char *s = gen_list[i++];
		if (strncmp(s, text, len) == 0)
			return strdup(s);
	}
	return NULL;
}

static char *command_generator(const char *text, int state)
{
	static int i;
	static size_t len;
	if (!state) {
		i = 0;
		len = strlen(text);
	}
	while (i < TUI_N_ACTIONS) {
		const char *s = tui_actions[i++].name;
		if (strncmp(s, text, len) == 0)
			return strdup(s);
	}
	return NULL;
}

static char **complete_hook(const char *text, int start, int end)
{
	(void)end;
	rl_attempted_completion_over = 1;
	const char *line = rl_line_buffer;
	size_t lead = strspn(line, " \t");
	if ((size_t)start <= lead || (int)(lead + strcspn(line + lead, " \t")) >= start) {
		if (!rl_display_prompt || strcmp(rl_display_prompt, ":") != 0)
			return NULL; /* the search prompt completes nothing */
		return rl_completion_matches(text, command_generator);
	}
	char name[64];
	size_t len = strcspn(line + lead, " \t");
	if (len >= sizeof name)
		return NULL;
	memcpy(name, line + lead, len);
	name[len] = '\0';
	int act = tui_action_find(name);
	switch (act < 0 ? TUI_ARG_NONE : tui_actions[act].completion) {
	case TUI_ARG_CAMERA:
	case TUI_ARG_NAME:
		gen_list = (const char *const *)P->names;
		gen_n = P->ds->n_cameras;
		return rl_completion_matches(text, list_generator);
	case TUI_ARG_STRATEGY:
		for (int i = 0; i < CT_N_STRATEGIES; i++)
			strategy_names[i] = ct_strategy_name(ct_strategy_at(i));
		gen_list = strategy_names;
		gen_n = CT_N_STRATEGIES;
		return rl_completion_matches(text, list_generator);
	case TUI_ARG_COLUMN:
		gen_list = tui_column_names;
		gen_n = TUI_N_COLUMNS;
		return rl_completion_matches(text, list_generator);
	case TUI_ARG_FILE:
		rl_attempted_completion_over = 0; /* readline's file names */
		return NULL;
	case TUI_ARG_NONE:
		break;
	}
	return NULL;
}

/* Several matches: show them in the status bar above the prompt. */
static void display_matches_hook(char **matches, int num, int max_len)
{
	(void)max_len;
	tui_app *a = P;
	size_t cap = 1024, len = 0;
	char *s = malloc(cap);
	if (!s)
		return;
	len += (size_t)snprintf(s, cap, " %d matches:", num);
	for (int i = 1; i <= num && len + 2 < cap; i++) {
		int n = snprintf(s + len, cap - len, "  %s", matches[i]);
		if (n < 0 || (size_t)n >= cap - len)
			break;
		len += (size_t)n;
	}
	free(a->completions);
	a->completions = s; /* the loop draws after the key */
}

static void close_prompt(tui_app *a);

void tui_prompt_close(tui_app *a)
{
	if (a->prompt_open)
		close_prompt(a);
}

/* ---- life cycle ------------------------------------------------------------- */

static char *join_path(const char *dir, const char *rest)
{
	size_t len = strlen(dir) + strlen(rest) + 1;
	char *p = malloc(len);
	if (p)
		snprintf(p, len, "%s%s", dir, rest);
	return p;
}

static char *default_history_path(void)
{
	const char *state = getenv("XDG_STATE_HOME");
	const char *home = getenv("HOME");
	if (state && *state == '/')
		return join_path(state, "/camtune/history");
	if (home && *home)
		return join_path(home, "/.local/state/camtune/history");
	return NULL;
}

/* mkdir -p of the directory holding path. */
static void make_parent_dirs(const char *path)
{
	char *p = strdup(path);
	if (!p)
		return;
	for (char *s = p + 1; *s; s++)
		if (*s == '/') {
			*s = '\0';
			if (mkdir(p, 0700) != 0 && errno != EEXIST)
				break;
			*s = '/';
		}
	free(p);
}

void tui_prompt_init(tui_app *a)
{
	if (!a->history_path)
		a->history_path = default_history_path();
	if (!devnull)
		devnull = fopen("/dev/null", "r+");
	rl_readline_name = "camtune";
	rl_change_environment = 0;
	rl_catch_signals = 0;
	rl_catch_sigwinch = 0;
	rl_instream = devnull;
	rl_outstream = devnull;
	/* Readline's terminal set-up calls tgetent, which in ncurses swaps
	 * the current terminal and resets LINES and COLS to the terminfo
	 * defaults: put curses' own back. */
	TERMINAL *term = cur_term;
	int saved_rows = LINES, saved_cols = COLS;
	rl_initialize();
	if (term && cur_term != term)
		set_curterm(term);
	if (LINES != saved_rows || COLS != saved_cols)
		resize_term(saved_rows, saved_cols);
	/* hooks after rl_initialize, which would otherwise reset some */
	rl_getc_function = getc_hook;
	rl_input_available_hook = input_available_hook;
	rl_redisplay_function = redisplay_hook;
	rl_prep_term_function = no_prep;
	rl_deprep_term_function = no_deprep;
	rl_attempted_completion_function = complete_hook;
	rl_completion_display_matches_hook = display_matches_hook;
	rl_variable_bind("bell-style", "none");
	rl_variable_bind("enable-bracketed-paste", "off");
	/* One Tab completes the common prefix and lists the matches in the
	 * status bar: the list costs no screen space here. */
	rl_variable_bind("show-all-if-ambiguous", "on");
	using_history();
	clear_history();
	stifle_history(1000);
	if (a->history_path)
		read_history(a->history_path);
}

void tui_prompt_done(tui_app *a)
{
	if (a->prompt_open)
		close_prompt(a);
	if (a->history_path)
		history_truncate_file(a->history_path, 1000);
	clear_history();
	if (devnull) {
		rl_instream = NULL;
		rl_outstream = NULL;
		fclose(devnull);
		devnull = NULL;
	}
}

static void save_history_line(tui_app *a, const char *line)
{
	HIST_ENTRY *last = history_length > 0 ? history_get(history_base + history_length - 1) : NULL;
	if (last && strcmp(last->line, line) == 0)
		return; /* no consecutive duplicates */
	add_history(line);
	if (!a->history_path)
		return;
	make_parent_dirs(a->history_path);
	struct stat sb;
	if (stat(a->history_path, &sb) == 0)
		append_history(1, a->history_path);
	else
		write_history(a->history_path);
}

/* Hand one curses key to readline as the bytes a terminal would send. */
static void feed_key(int key)
{
	const char *seq = NULL;
	switch (key) {
	case KEY_LEFT: seq = "\033[D"; break;
	case KEY_RIGHT: seq = "\033[C"; break;
	case KEY_UP: seq = "\033[A"; break;
	case KEY_DOWN: seq = "\033[B"; break;
	case KEY_HOME: seq = "\033[H"; break;
	case KEY_END: seq = "\033[F"; break;
	case KEY_DC: seq = "\033[3~"; break;
	case KEY_BACKSPACE: seq = "\177"; break;
	case KEY_ENTER: seq = "\r"; break;
	}
	feed_pos = feed_n = 0;
	if (seq) {
		feed_n = (int)strlen(seq);
		memcpy(feed, seq, (size_t)feed_n);
	} else if (key >= 0 && key < 256) {
		feed[0] = (unsigned char)key;
		feed_n = 1;
	}
}

void tui_prompt_open(tui_app *a, const char *prompt, const char *fill)
{
	P = a;
	done = false;
	accepted = NULL;
	a->prompt_open = true;
	a->msg[0] = '\0';
	curs_set(1);
	rl_callback_handler_install(prompt, line_handler);
	if (fill && *fill)
		rl_insert_text(fill);
}

static void close_prompt(tui_app *a)
{
	if (!done) {
		rl_free_line_state();
		rl_callback_sigcleanup();
		rl_callback_handler_remove();
	}
	a->prompt_open = false;
	free(a->completions);
	a->completions = NULL;
	curs_set(0);
	P = NULL;
}

int tui_prompt_key(tui_app *a, int key, char **line)
{
	*line = NULL;
	if (!a->prompt_open)
		return TUI_PROMPT_CANCEL;
	if (key == 27 || key == 3 || key == 7) { /* Esc, C-c, C-g */
		close_prompt(a);
		tui_app_message(a, TUI_ROLE_DIM, "cancelled");
		return TUI_PROMPT_CANCEL;
	}
	if (a->completions && key != '\t') {
		free(a->completions);
		a->completions = NULL;
	}
	feed_key(key);
	while (feed_pos < feed_n && !done)
		rl_callback_read_char();
	if (!done)
		return TUI_PROMPT_OPEN;
	char *got = accepted; /* NULL: C-d on an empty line */
	accepted = NULL;
	close_prompt(a);
	if (!got) {
		tui_app_message(a, TUI_ROLE_DIM, "cancelled");
		return TUI_PROMPT_CANCEL;
	}
	if (*got)
		save_history_line(a, got);
	*line = got;
	return TUI_PROMPT_LINE;
}
