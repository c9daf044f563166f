/* draw.c -- colour roles, the screen layout, the status bar, the message
 * line and the "terminal too small" screen.
 *
 * Colours are roles (header, selection, number, warning, plot...), mapped
 * to colour pairs when the terminal has colours and NO_COLOR is unset or
 * empty, and to plain attributes (reverse, bold) otherwise.  Only the main
 * loop calls tui_draw(); views draw inside the rectangle they are given.
 */
#include "config.h"

#include <langinfo.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "tui/app.h"

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

void tui_colors_init(tui_app *a)
{
	const char *nc = getenv("NO_COLOR");
	a->color = !(nc && *nc) && has_colors();
	if (!a->color)
		return;
	if (start_color() == ERR) {
		a->color = false;
		return;
	}
	use_default_colors();
	for (int r = 1; r < TUI_N_ROLES; r++)
		init_pair((short)r, styles[r].fg, styles[r].bg);
}

int tui_attr(const tui_app *a, int role)
{
	if (!a->color)
		return styles[role].mono;
	return styles[role].attr | (role ? (int)COLOR_PAIR(role) : 0);
}

void tui_fmt_count(char *buf, size_t len, uint64_t v)
{
	snprintf(buf, len, "%llu", (unsigned long long)v);
}

/* Write at most w display columns of a UTF-8 string. */
void tui_addnstr(int y, int x, const char *s, int w)
{
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

int tui_text_width(const char *s)
{
	mbstate_t st;
	memset(&st, 0, sizeof st);
	int cols = 0;
	size_t n;
	for (size_t i = 0; s[i]; i += n)
		cols += char_width(s + i, &n, &st);
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

void tui_fill(int y, int x, int w, int role, const tui_app *a)
{
	attrset(tui_attr(a, role));
	move(y, x);
	for (int i = 0; i < w; i++)
		addch(' ');
}

/* ---- status bar ----------------------------------------------------------- */

static void format_target(const tui_app *a, char *buf, size_t len)
{
	double fp = (double)a->ds->n_fp;
	if (strchr(a->st.target_text, '%'))
		snprintf(buf, len, "target %.0f (%s)", ceil(a->st.target), a->st.target_text);
	else
		snprintf(buf, len, "target %s (%.1f%%)", a->st.target_text,
		         fp > 0 ? 100.0 * a->st.target / fp : 0.0);
}

static void draw_status_top(tui_app *a, int y, int w)
{
	char target[96], line[1024];
	format_target(a, target, sizeof target);
	size_t marked = 0;
	for (size_t i = 0; i < a->ds->n_cameras; i++)
		marked += a->st.mark[i] != TUI_FREE;
	char manual[48] = "";
	if (marked)
		snprintf(manual, sizeof manual, " | %zu manual", marked);
	const char *base = strrchr(a->source, '/');
	base = base && base[1] ? base + 1 : a->source;
	char filter[96] = "";
	if (a->filter)
		snprintf(filter, sizeof filter, " | filter '%s'", a->filter);
	/* Target, strategy, filter and "not exported" matter most: when the
	 * line is too wide, the alert count goes first, then the file name,
	 * the camera count, the count of manual settings (the list marks
	 * them), and the target's other form. */
	const char *dirty = tui_app_dirty(a) ? " | not exported" : "";
	for (int level = 0; level < 6; level++) {
		if (level == 4)
			manual[0] = '\0';
		if (level == 5)
			snprintf(target, sizeof target, "target %s", a->st.target_text);
		char file[600] = "", alerts[48] = "", cameras[48] = "";
		if (level < 2)
			snprintf(file, sizeof file, " %s |", COLS >= 140 ? a->source : base);
		if (level < 1)
			snprintf(alerts, sizeof alerts, " %llu alerts |", (unsigned long long)a->ds->n_alerts);
		if (level < 3)
			snprintf(cameras, sizeof cameras, " %zu cameras |", a->ds->n_cameras);
		snprintf(line, sizeof line, "%s%s%s %s | strategy %s%s%s%s", file, alerts, cameras,
		         target, ct_strategy_name(a->st.strategy), manual, filter, dirty);
		if (tui_text_width(line) <= w)
			break;
	}
	tui_fill(y, 0, w, TUI_ROLE_STATUS, a);
	tui_addnstr(y, 0, line, w);
	attrset(A_NORMAL);
}

static void draw_status_bottom(tui_app *a, int y, int w)
{
	char line[1024];
	tui_fill(y, 0, w, TUI_ROLE_STATUS, a);
	if (a->prompt_open && a->completions) {
		tui_addnstr(y, 0, a->completions, w);
		attrset(A_NORMAL);
		return;
	}
	bool busy = tui_solver_busy(a->solver);
	if (!a->have_sol) {
		snprintf(line, sizeof line, " solving... %.1f s", tui_now() - a->solve_started);
		tui_addnstr(y, 0, line, w);
		attrset(A_NORMAL);
		return;
	}
	const ct_solution *s = &a->sol;
	double before = a->ds->n_tp ? 100.0 : NAN;
	double after = a->ds->n_tp ? 100.0 * (double)(a->ds->n_tp - s->tp_lost) / (double)a->ds->n_tp : NAN;
	/* met_short, for narrow terminals: the target is on the top line */
	char met[128], met_short[96];
	if (s->target_met)
		snprintf(met_short, sizeof met_short, "met");
	else if ((double)a->max_saving >= a->st.target) /* another strategy gets there */
		snprintf(met_short, sizeof met_short, "NOT MET (reachable: %llu)",
		         (unsigned long long)a->max_saving);
	else
		snprintf(met_short, sizeof met_short, "NOT MET (max %llu)",
		         (unsigned long long)a->max_saving);
	snprintf(met, sizeof met, "%s %.0f %s", s->target_met ? ">=" : "<", ceil(a->st.target), met_short);
	char gap[96];
	long long opt = tui_app_optimum(a);
	if (a->st.strategy == CT_EXACT)
		snprintf(gap, sizeof gap, "%s", s->target_met ? "optimal on history" : "best reachable");
	else if (a->st.strategy == CT_ROBUST && opt >= 0 && s->target_met)
		/* robust aims at new alerts: the history's optimum is a reference */
		snprintf(gap, sizeof gap, "history optimum %lld", opt);
	else if (opt >= 0 && s->target_met && (long long)s->tp_lost == opt)
		snprintf(gap, sizeof gap, "optimal");
	else if (opt >= 0 && s->target_met)
		snprintf(gap, sizeof gap, "gap +%lld to optimum %lld", (long long)s->tp_lost - opt, opt);
	else if (!isnan(s->lower_bound))
		snprintf(gap, sizeof gap, "LP bound %.1f", s->lower_bound);
	else
		gap[0] = '\0'; /* a missed target has no gap to speak of */
	char when[64];
	if (busy)
		snprintf(when, sizeof when, "solving... %.1f s", tui_now() - a->solve_started);
	else if (a->solve_seconds < 1)
		snprintf(when, sizeof when, "solved in %.1f ms", a->solve_seconds * 1e3);
	else
		snprintf(when, sizeof when, "solved in %.2f s", a->solve_seconds);
	/* TP lost is a count of the history; next to it, what the model
	 * expects on new alerts.  When the line is too wide: recall before
	 * (always 100 %) goes first, then the interval, then the target
	 * number, then the gap, then the expected figure's words. */
	int n = 0;
	for (int level = 0; level < 6; level++) {
		char recall[64], expect[96] = "";
		if (level == 0)
			snprintf(recall, sizeof recall, "%.1f%% %s %.1f%%", before, a->ascii ? "->" : "\u2192",
			         after);
		else
			snprintf(recall, sizeof recall, "%.1f%%", after);
		if (a->have_expect && level < 2)
			snprintf(expect, sizeof expect, " in history, %.1f expected (%.0f-%.0f)",
			         a->expect.tp_lost, floor(a->expect.tp_lost_low), ceil(a->expect.tp_lost_high));
		else if (a->have_expect && level < 5)
			snprintf(expect, sizeof expect, ", %.1f expected", a->expect.tp_lost);
		else if (a->have_expect)
			snprintf(expect, sizeof expect, "/%.0f exp.", a->expect.tp_lost);
		/* the gap to the history's optimum goes before the expected figure */
		bool with_gap = gap[0] && level < 4;
		n = snprintf(line, sizeof line, " FP saved %llu %s | TP lost %llu%s | recall %s%s%s",
		             (unsigned long long)s->fp_saved, level < 3 ? met : met_short,
		             (unsigned long long)s->tp_lost, expect, recall, with_gap ? " | " : "",
		             with_gap ? gap : "");
		if (tui_text_width(line) <= w)
			break;
	}
	/* the time of the last solve is the first thing to go when narrow */
	if (n > 0 && (size_t)n < sizeof line && n + 3 + (int)strlen(when) <= w)
		snprintf(line + n, sizeof line - (size_t)n, " | %s", when);
	tui_addnstr(y, 0, line, w);
	/* where the selection is in the list, at the right end if it fits */
	char pos[64];
	int pl = snprintf(pos, sizeof pos, " %zu/%zu ", a->n_rows ? a->sel + 1 : 0, a->n_rows);
	int used = (int)strlen(line); /* bytes >= columns: errs on the safe side */
	if (pl > 0 && used + pl + 1 <= w)
		mvaddstr(y, w - pl, pos);
	if (!s->target_met) {
		/* make the shortfall stand out (it precedes any wide character) */
		char *p = strstr(line, "NOT MET");
		if (p && p - line + 7 <= w)
			mvchgat(y, (int)(p - line), 7, tui_attr(a, TUI_ROLE_ERROR), 0, NULL);
	}
	attrset(A_NORMAL);
}

void tui_draw_message(tui_app *a)
{
	int y = LINES - 1;
	move(y, 0);
	attrset(A_NORMAL);
	clrtoeol();
	if (a->msg[0]) {
		attrset(tui_attr(a, a->msg_role));
		tui_addnstr(y, 0, a->msg, COLS);
	} else {
		attrset(tui_attr(a, TUI_ROLE_DIM));
		tui_addnstr(y, 0, a->help ? "j/k PgUp/PgDn scroll  q, Esc or ? closes the help"
		                  : a->fleet_view ? "j/k PgUp/PgDn scroll  q, Esc or 4: back to the list  1 2 3: list and pane"
		                  : a->backtest_view ? "j/k scroll  s strategy  +/- target  q, Esc or 5: back to the list"
		                  : "? help  : command  / search  +/- target  s strategy  4 fleet  e export  q quit",
		            COLS);
	}
	attrset(A_NORMAL);
}

static void draw_too_small(tui_app *a)
{
	char line[128];
	snprintf(line, sizeof line, "terminal too small: %dx%d", COLS, LINES);
	char need[64];
	snprintf(need, sizeof need, "need at least %dx%d", TUI_MIN_COLS, TUI_MIN_ROWS);
	int y = LINES / 2 - 1;
	if (y < 0)
		y = 0;
	attrset(tui_attr(a, TUI_ROLE_WARNING));
	int x = (COLS - (int)strlen(line)) / 2;
	tui_addnstr(y, x > 0 ? x : 0, line, COLS);
	attrset(A_NORMAL);
	x = (COLS - (int)strlen(need)) / 2;
	if (y + 1 < LINES)
		tui_addnstr(y + 1, x > 0 ? x : 0, need, COLS);
	if (y + 2 < LINES) {
		x = (COLS - 10) / 2;
		tui_addnstr(y + 2, x > 0 ? x : 0, "q: quit", COLS);
	}
}

static const tui_view_ops *pane_view(const tui_app *a)
{
	switch (a->pane) {
	case TUI_PANE_FRONTIER:
		return &tui_view_frontier;
	case TUI_PANE_QUALITY:
		return &tui_view_quality;
	default:
		return &tui_view_curve;
	}
}

void tui_draw(tui_app *a)
{
	erase();
	attrset(A_NORMAL);
	if (COLS < TUI_MIN_COLS || LINES < TUI_MIN_ROWS) {
		draw_too_small(a);
		if (a->prompt_open)
			tui_prompt_redisplay(a);
		wnoutrefresh(stdscr);
		doupdate();
		return;
	}
	draw_status_top(a, 0, COLS);
	int body_y = 1, body_h = LINES - 3;
	if (a->help) {
		tui_view_help.draw(a, (tui_rect){body_y, 0, body_h, COLS});
	} else if (a->fleet_view) {
		tui_view_fleet.draw(a, (tui_rect){body_y, 0, body_h, COLS});
	} else if (a->backtest_view) {
		tui_view_backtest.draw(a, (tui_rect){body_y, 0, body_h, COLS});
	} else if (COLS >= 180) {
		/* side by side once the list has all its columns and the
		 * curve still gets 60 columns */
		int lw = COLS - 60 < 125 ? COLS - 60 : 125;
		tui_view_list.draw(a, (tui_rect){body_y, 0, body_h, lw});
		/* a thin divider */
		attrset(tui_attr(a, TUI_ROLE_DIM));
		for (int y = body_y; y < body_y + body_h; y++)
			mvaddstr(y, lw, a->ascii ? "|" : "\u2502");
		attrset(A_NORMAL);
		pane_view(a)->draw(a, (tui_rect){body_y, lw + 1, body_h, COLS - lw - 1});
	} else {
		int lh = body_h * 45 / 100;
		if (lh < 5)
			lh = 5;
		tui_view_list.draw(a, (tui_rect){body_y, 0, lh, COLS});
		pane_view(a)->draw(a, (tui_rect){body_y + lh, 0, body_h - lh, COLS});
	}
	draw_status_bottom(a, LINES - 2, COLS);
	if (a->prompt_open) {
		tui_prompt_redisplay(a);
		return;
	}
	tui_draw_message(a);
	wnoutrefresh(stdscr);
	doupdate();
}
