/* screen.c -- the whole screen (screen.h): the status lines, the body's
 * layout of views, the message or hint line, the prompt and the "terminal
 * too small" screen.  Views draw inside the rectangle they are given.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/svg.h"
#include "tui/app.h"
#include "tui/prompt.h"
#include "tui/screen.h"
#include "tui/view.h"

/* ---- status bar ----------------------------------------------------------- */

static void format_target(const tui_app *a, char *buf, size_t len)
{
	double fp = (double)a->ds->n_fp;
	char n[32];
	ct_format_count((uint64_t)ceil(a->st.target), n, sizeof n);
	if (strchr(a->st.target_text, '%'))
		snprintf(buf, len, "target %s (%s)", n, a->st.target_text);
	else
		snprintf(buf, len, "target %s (%.1f%%)", n, fp > 0 ? 100.0 * a->st.target / fp : 0.0);
}

static void draw_status_top(tui_app *a, int y, int w)
{
	char target[96], line[1024];
	format_target(a, target, sizeof target);
	size_t marked = tui_app_n_manual(a);
	char manual[48] = "";
	if (marked)
		snprintf(manual, sizeof manual, " | %zu manual", marked);
	const char *base = strrchr(a->source, '/');
	base = base && base[1] ? base + 1 : a->source;
	char filter[200] = "", filter_short[120] = "";
	tui_request shown = {.kind = TUI_REQ_SHOWN};
	if (tui_view_request(a, &shown) >= 0 && shown.text) {
		/* the rows' subtotals: what the filtered cameras contribute */
		uint64_t saved = 0, lost = 0;
		for (size_t r = 0; a->have_sol && r < shown.n_rows; r++) {
			saved += a->sol.setting[shown.rows[r]].fp_saved;
			lost += a->sol.setting[shown.rows[r]].tp_lost;
		}
		char n1[32], n2[32], n3[32];
		snprintf(filter, sizeof filter, " | filter '%s': %s cameras, FP saved %s, TP lost %s",
		         shown.text, ct_format_count(shown.n_rows, n1, sizeof n1),
		         ct_format_count(saved, n2, sizeof n2), ct_format_count(lost, n3, sizeof n3));
		snprintf(filter_short, sizeof filter_short, " | filter '%s'", shown.text);
	}
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
		char file[600] = "", alerts[48] = "", cameras[48] = "", n1[32];
		if (level < 2)
			snprintf(file, sizeof file, " %s |", COLS >= 140 ? a->source : base);
		if (level < 1)
			snprintf(alerts, sizeof alerts, " %s alerts |",
			         ct_format_count(a->ds->n_alerts, n1, sizeof n1));
		if (level < 3)
			snprintf(cameras, sizeof cameras, " %s camera%s |",
			         ct_format_count(a->ds->n_cameras, n1, sizeof n1), tui_plural(a->ds->n_cameras));
		snprintf(line, sizeof line, "%s%s%s %s | strategy %s%s%s%s", file, alerts, cameras,
		         target, ct_strategy_name(a->st.strategy), manual,
		         level < 2 ? filter : filter_short, dirty);
		if (tui_text_width(line) <= w)
			break;
	}
	tui_fill(y, 0, w, TUI_ROLE_STATUS);
	tui_addnstr(y, 0, line, w);
	attrset(A_NORMAL);
}

static void draw_status_bottom(tui_app *a, int y, int w)
{
	char line[1024];
	tui_fill(y, 0, w, TUI_ROLE_STATUS);
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
	char met[128], met_short[96], c1[32], c2[32], c3[32], c4[32];
	if (s->target_met)
		snprintf(met_short, sizeof met_short, "met");
	else if ((double)a->max_saving >= a->st.target) /* another strategy gets there */
		snprintf(met_short, sizeof met_short, "NOT MET (reachable: %s)",
		         ct_format_count(a->max_saving, c1, sizeof c1));
	else
		snprintf(met_short, sizeof met_short, "NOT MET (max %s)",
		         ct_format_count(a->max_saving, c1, sizeof c1));
	snprintf(met, sizeof met, "%s %s %s", s->target_met ? ">=" : "<",
	         ct_format_count((uint64_t)ceil(a->st.target), c2, sizeof c2), met_short);
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
	if (a->scripted) /* a script's screens are the same at every run */
		snprintf(when, sizeof when, "solved");
	else if (busy)
		snprintf(when, sizeof when, "solving... %.1f s", tui_now() - a->solve_started);
	else if (a->solve_seconds < 1)
		snprintf(when, sizeof when, "solved in %.1f ms", a->solve_seconds * 1e3);
	else
		snprintf(when, sizeof when, "solved in %.2f s", a->solve_seconds);
	/* TP lost is a count of the history; next to it, what the model
	 * expects on new alerts, and the probability that the FP target holds
	 * there (model.h).  When the line is too wide, what goes first: recall
	 * before (always 100 %), recall, the gap to the history's optimum,
	 * the target number, the interval, then the words get shorter.  At 80
	 * columns FP saved and met, TP lost (history and expected) and the
	 * probability stay. */
	bool has_p = a->have_expect && !isnan(a->expect.p_target_met);
	/* where the selection is in the list, at the right end: room kept */
	char pos[64];
	tui_request shown = {.kind = TUI_REQ_SHOWN};
	tui_view_request(a, &shown);
	int pl = snprintf(pos, sizeof pos, " %zu/%zu ", shown.n_rows ? shown.pos + 1 : 0, shown.n_rows);
	int room = w - pl - 1 >= 60 ? w - pl - 1 : w;
	int n = 0;
	for (int level = 0; level < 8; level++) {
		char recall[64] = "", expect[96] = "", prob[48] = "";
		if (level == 0)
			snprintf(recall, sizeof recall, " | recall %.1f%% %s %.1f%%", before,
			         a->ascii ? "->" : "\u2192", after);
		else if (level < 2)
			snprintf(recall, sizeof recall, " | recall %.1f%%", after);
		if (a->have_expect && level < 5)
			snprintf(expect, sizeof expect, " in history, %.1f expected (%.0f-%.0f)",
			         a->expect.tp_lost, floor(a->expect.tp_lost_low), ceil(a->expect.tp_lost_high));
		else if (a->have_expect && level < 7)
			snprintf(expect, sizeof expect, " in history, %.1f expected", a->expect.tp_lost);
		else if (a->have_expect)
			snprintf(expect, sizeof expect, " hist., %.1f exp.", a->expect.tp_lost);
		if (has_p)
			snprintf(prob, sizeof prob, level < 6 ? " | P(target holds) %.0f%%" : " | P(holds) %.0f%%",
			         100.0 * a->expect.p_target_met);
		bool with_gap = gap[0] && level < 3;
		n = snprintf(line, sizeof line, " FP saved %s %s | TP lost %s%s%s%s%s%s",
		             ct_format_count(s->fp_saved, c3, sizeof c3), level < 4 ? met : met_short,
		             ct_format_count(s->tp_lost, c4, sizeof c4), expect, prob, recall,
		             with_gap ? " | " : "", with_gap ? gap : "");
		if (tui_text_width(line) <= room)
			break;
	}
	/* the time of the last solve is the first thing to go when narrow */
	if (n > 0 && (size_t)n < sizeof line && tui_text_width(line) + 3 + (int)strlen(when) <= room)
		snprintf(line + n, sizeof line - (size_t)n, " | %s", when);
	tui_addnstr(y, 0, line, w);
	int used = (int)strlen(line); /* bytes >= columns: errs on the safe side */
	if (pl > 0 && used + pl + 1 <= w)
		mvaddstr(y, w - pl, pos);
	if (!s->target_met) {
		/* make the shortfall stand out (it precedes any wide character) */
		char *p = strstr(line, "NOT MET");
		if (p && p - line + 7 <= w)
			mvchgat(y, (int)(p - line), 7, tui_attr(TUI_ROLE_ERROR), 0, NULL);
	}
	attrset(A_NORMAL);
}

static void draw_message(tui_app *a)
{
	int y = LINES - 1;
	move(y, 0);
	attrset(A_NORMAL);
	clrtoeol();
	if (a->msg[0]) {
		attrset(tui_attr(a->msg_role));
		tui_addnstr(y, 0, a->msg, COLS);
	} else {
		/* the focused view's keys, words from the action table */
		/* whole entries only: as many as the line holds */
		char hint[512];
		size_t room = COLS + 1 < (int)sizeof hint ? (size_t)COLS + 1 : sizeof hint;
		tui_action_hints(tui_view_top(a)->ops->hints, hint, room);
		attrset(tui_attr(TUI_ROLE_DIM));
		tui_addnstr(y, 0, hint, COLS);
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
	attrset(tui_attr(TUI_ROLE_WARNING));
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

void tui_screen_draw(tui_app *a)
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
	/* the view on top fills the body */
	tui_view *v = tui_view_top(a);
	v->ops->draw(a, v, (tui_rect){1, 0, LINES - 3, COLS});
	draw_status_bottom(a, LINES - 2, COLS);
	if (a->prompt_open) {
		tui_prompt_redisplay(a);
		return;
	}
	draw_message(a);
	wnoutrefresh(stdscr);
	doupdate();
}
