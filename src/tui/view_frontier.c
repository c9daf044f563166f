/* view_frontier.c -- the frontier pane: fleet TP lost against FP saved for
 * the exact, hull and uniform strategies, the target as a vertical line
 * and the current solution as a point.  The frontiers are computed by the
 * solver when this pane is shown (they depend on the overrides).  Left and
 * Right move a cursor along FP saved (1 % of baseline FP a step; a count
 * repeats) that reads out each strategy's TP lost there; Esc hides it.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report/svg.h"
#include "tui/app.h"
#include "tui/plot.h"
#include "tui/view_frontier.h"

static const int series_role[TUI_N_FRONTIERS] = {TUI_ROLE_PLOT, TUI_ROLE_PLOT2, TUI_ROLE_PLOT3};
static const char series_ascii[TUI_N_FRONTIERS] = {'*', '+', 'o'};

typedef struct frontier_cursor {
	bool on;   /* the cursor is shown (Left/Right in the pane) */
	double at; /* its FP saved */
} frontier_cursor;

static void draw_frontiers(tui_app *a, const frontier_cursor *v, tui_rect r);
static void draw_readout(tui_app *a, const frontier_cursor *v, int y, int x, int w);

/* Without colour, three braille curves cannot be told apart: draw them
 * with distinct ASCII glyphs instead. */
static void frontier_draw(tui_app *a, tui_view *view, tui_rect r)
{
	bool ascii = a->ascii;
	if (!a->color)
		a->ascii = true;
	draw_frontiers(a, view->priv, r);
	a->ascii = ascii;
}

static void draw_frontiers(tui_app *a, const frontier_cursor *v, tui_rect r)
{
	if (r.h < 1)
		return;
	char line[512];
	if (!a->have_fr || a->fr_cons != a->st.cons_version) {
		attrset(tui_attr(TUI_ROLE_TITLE));
		tui_addnstr(r.y, r.x, " frontier: computing...", r.w);
		attrset(A_NORMAL);
		return;
	}
	int n_title = snprintf(line, sizeof line, " frontier | y: TP lost  x: FP saved |");
	attrset(tui_attr(TUI_ROLE_TITLE));
	tui_addnstr(r.y, r.x, line, r.w);
	int x = r.x + n_title;
	for (int i = 0; i < TUI_N_FRONTIERS; i++) {
		char item[48], glyph[2] = {series_ascii[i], '\0'};
		snprintf(item, sizeof item, " %s %s", a->ascii ? glyph : "\u28ff", ct_strategy_name(tui_frontier_strategies[i]));
		attrset(tui_attr(series_role[i]) | A_BOLD);
		if (x < r.x + r.w)
			tui_addnstr(r.y, x, item, r.x + r.w - x);
		x += 3 + (int)strlen(ct_strategy_name(tui_frontier_strategies[i]));
	}
	attrset(tui_attr(TUI_ROLE_DIM));
	char n1[32], n2[32], n3[32];
	ct_format_count((uint64_t)ceil(a->st.target), n1, sizeof n1);
	if (a->have_sol)
		snprintf(line, sizeof line, " | target %s (vertical line) | current %s: TP lost %s, FP saved %s (%s)",
		         n1, ct_strategy_name(a->st.strategy),
		         ct_format_count(a->sol.tp_lost, n2, sizeof n2),
		         ct_format_count(a->sol.fp_saved, n3, sizeof n3), a->ascii ? "@" : "\u25cf");
	else
		snprintf(line, sizeof line, " | target %s", n1);
	/* exact (first) shorter than hull: bounded, with many thefts */
	if (a->fr[0].n && a->fr[0].n < a->fr[1].n) {
		size_t at = strlen(line);
		snprintf(line + at, sizeof line - at, " | exact to %s TP lost",
		         ct_format_count(a->fr[0].n - 1, n2, sizeof n2));
	}
	/* on a second line when the first is full (the plot keeps 5 rows) */
	int top = 1;
	if (x + tui_text_width(line) > r.x + r.w && r.h >= 7) {
		tui_addnstr(r.y + 1, r.x, line + 2, r.w);
		top = 2;
	} else if (x < r.x + r.w) {
		tui_addnstr(r.y, x, line, r.x + r.w - x);
	}
	attrset(A_NORMAL);

	double xmax = a->st.target;
	size_t n = 0;
	for (int i = 0; i < TUI_N_FRONTIERS; i++) {
		if (a->fr[i].n > n)
			n = a->fr[i].n;
		if (a->fr[i].n && (double)a->fr[i].fp_saved[a->fr[i].n - 1] > xmax)
			xmax = (double)a->fr[i].fp_saved[a->fr[i].n - 1];
	}
	double ymax = n > 1 ? (double)(n - 1) : 1;
	tui_plot p;
	/* the cursor's line takes the pane's last row */
	int bottom = v->on ? 1 : 0;
	if (!tui_plot_begin(&p, a, (tui_rect){r.y + top, r.x, r.h - top - bottom, r.w}, 0, xmax, 0,
	                    ymax, false))
		return;
	tui_plot_vline(&p, a->st.target, TUI_ROLE_TARGET);
	/* A fleet frontier has one point per theft (100k on a large fleet)
	 * but the pane has a few hundred dot rows: step through it so that
	 * each step moves about a quarter of a dot row, which keeps a target
	 * change quick with this pane open. */
	size_t stride = n / (size_t)(16 * (p.area.h > 0 ? p.area.h : 1));
	if (stride < 1)
		stride = 1;
	for (int i = TUI_N_FRONTIERS - 1; i >= 0; i--) { /* exact last: drawn on top */
		const ct_frontier *f = &a->fr[i];
		double prev = 0;
		for (size_t k = 0; k < f->n; k += stride) {
			double fs = (double)f->fp_saved[k];
			size_t next = k + stride < f->n ? k + stride : f->n - 1;
			tui_plot_line(&p, prev, (double)k, fs, (double)k, series_role[i]);
			if (next > k)
				tui_plot_line(&p, fs, (double)k, fs, (double)next, series_role[i]);
			prev = fs;
			if (next == k)
				break;
			if (k + stride >= f->n && next != k) { /* the last point */
				fs = (double)f->fp_saved[next];
				tui_plot_line(&p, prev, (double)next, fs, (double)next, series_role[i]);
				break;
			}
		}
	}
	if (a->have_sol)
		tui_plot_mark(&p, (double)a->sol.fp_saved, (double)a->sol.tp_lost, "\u25cf", "@",
		              TUI_ROLE_POINT);
	if (v->on)
		tui_plot_vline(&p, v->at, TUI_ROLE_POINT);
	tui_plot_end(&p);
	if (v->on)
		draw_readout(a, v, r.y + r.h - 1, r.x, r.w);
}

/* The fewest thefts frontier f loses while saving at least x FP, or -1. */
static long tp_lost_at(const ct_frontier *f, double x)
{
	for (size_t k = 0; k < f->n; k++)
		if ((double)f->fp_saved[k] >= x)
			return (long)k;
	return -1;
}

/* The cursor's line: at FP saved X, each strategy's TP lost. */
static void draw_readout(tui_app *a, const frontier_cursor *v, int y, int x, int w)
{
	char line[512], n1[32], n2[32];
	double fp = (double)a->ds->n_fp;
	int len = snprintf(line, sizeof line, " cursor at FP saved %s (%.0f%%): TP lost",
	                   ct_format_count((uint64_t)ceil(v->at), n1, sizeof n1),
	                   fp > 0 ? 100.0 * v->at / fp : 0.0);
	for (int i = 0; i < TUI_N_FRONTIERS && len > 0 && (size_t)len < sizeof line; i++) {
		long k = tp_lost_at(&a->fr[i], v->at);
		if (k >= 0)
			len += snprintf(line + len, sizeof line - (size_t)len, "%s %s %s", i ? "," : "",
			                ct_strategy_name(tui_frontier_strategies[i]),
			                ct_format_count((uint64_t)k, n2, sizeof n2));
		else
			len += snprintf(line + len, sizeof line - (size_t)len, "%s %s not reached", i ? "," : "",
			                ct_strategy_name(tui_frontier_strategies[i]));
	}
	move(y, x);
	attrset(A_NORMAL);
	for (int i = 0; i < w; i++)
		addch(' ');
	attrset(tui_attr(TUI_ROLE_TITLE));
	tui_addnstr(y, x, line, w);
	attrset(A_NORMAL);
}

static int frontier_action(tui_app *a, tui_view *view, int action, const char *arg)
{
	frontier_cursor *v = view->priv;
	if (arg) /* a command names a camera: not the cursor's */
		return -1;
	double fp = (double)a->ds->n_fp, step = fp / 100 * (a->count > 0 ? a->count : 1);
	switch (action) {
	case TUI_ACT_STEP_UP:
	case TUI_ACT_STEP_DOWN:
		if (!v->on) {
			v->on = true;
			v->at = a->st.target;
		}
		v->at += action == TUI_ACT_STEP_UP ? step : -step;
		if (v->at > fp)
			v->at = fp;
		if (v->at < 0)
			v->at = 0;
		return TUI_CH_DRAW;
	case TUI_ACT_CANCEL:
		if (!v->on)
			return -1;
		v->on = false;
		return TUI_CH_DRAW;
	}
	return -1;
}

const tui_view_ops tui_view_frontier = {
	.name = "frontier",
	.private_size = sizeof(frontier_cursor),
	.draw = frontier_draw,
	.action = frontier_action,
	.hints = NULL,
};
