/* view_curve.c -- the curve pane: the selected camera's #FP kept against
 * recall as a staircase, with the baseline and the current operating
 * point marked.  A camera without thefts has no recall: its FP kept is
 * drawn against the threshold instead.
 *
 * Above the plot: the current operating point, then the camera's figures
 * from the uniformity report (alerts, TP, FP, theft rate, AUC, AP, FP
 * below the lowest theft (no theft in the history), FP kept at recall 90 % and 50 % with their
 * thresholds), computed once at load (a->cstats), wrapped between figures
 * on as many lines as the width needs.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report/report.h"
#include "report/svg.h"
#include "tui/app.h"
#include "tui/plot.h"
#include "tui/view_curve.h"

static uint32_t count_gt(const double *v, uint32_t n, double t)
{
	return ct_count_ge(v, n, nextafter(t, INFINITY));
}

/* Lay out figures side by side, separated by " | ", starting a new line
 * when the next one does not fit; at most max_lines lines.  Returns the
 * lines used. */
static int draw_figures(tui_app *a, tui_rect r, int y, int role, const char *const *fig,
                        int n, int max_lines)
{
	int lines = 0, x = 0;
	attrset(tui_attr(role));
	for (int i = 0; i < n && lines <= max_lines; i++) {
		int w = tui_text_width(fig[i]);
		if (x > 0 && x + 3 + w > r.w) { /* next line */
			x = 0;
			if (lines + 1 >= max_lines)
				break;
			lines++;
		}
		if (x > 0) {
			attrset(tui_attr(TUI_ROLE_DIM));
			tui_addnstr(y + lines, r.x + x, " |", r.w - x);
			attrset(tui_attr(role));
			x += 3;
		} else {
			x = 1;
		}
		if (x < r.w)
			tui_addnstr(y + lines, r.x + x, fig[i], r.w - x);
		x += w;
	}
	attrset(A_NORMAL);
	return n ? lines + 1 : 0;
}

/* The title and the figures; returns the rows they took. */
static int draw_title(tui_app *a, tui_rect r, int cam)
{
	const ct_camera *c = &a->ds->cameras[cam];
	const ct_camera_stats *cs = &a->cstats[cam];
	const ct_option *s = a->have_sol && (size_t)cam < a->sol.n_cameras ? &a->sol.setting[cam] : NULL;
	static const char *const how[] = {"", " (locked)", " (muted)", " (excluded)"};
	const char *dot = a->ascii ? "@" : "\u25cf";
	char line[512], thr[96], name[300], now[64], kept[96], n1[32], n2[32], n3[32];
	if (!s)
		snprintf(thr, sizeof thr, "solving...");
	else if (s->muted) /* above every score: the number itself says little */
		snprintf(thr, sizeof thr, "%s muted%s", dot, a->st.mark[cam] == TUI_MUTED ? " by hand" : "");
	else
		snprintf(thr, sizeof thr, "%s threshold %.6g%s", dot, s->threshold, how[a->st.mark[cam]]);
	/* The title: the camera and its current operating point. */
	/* without thefts, say first that recall is undefined */
	const char *title[4] = {name, c->n_tp ? thr : now, c->n_tp ? now : thr, kept};
	int nt = s ? 4 : 2;
	snprintf(name, sizeof name, "curve %s", a->names[cam]);
	if (s && c->n_tp) {
		/* the Wilson interval: a camera's thefts are few */
		ct_interval ci = ct_wilson_interval(c->n_tp - s->tp_lost, c->n_tp, CT_INTERVAL_LEVEL);
		snprintf(now, sizeof now, "recall %.1f%% (95%%: %.0f-%.0f%%)",
		         100.0 * (c->n_tp - s->tp_lost) / c->n_tp, 100.0 * ci.lo, 100.0 * ci.hi);
	} else
		snprintf(now, sizeof now, "no thefts: recall undefined");
	if (s)
		snprintf(kept, sizeof kept, "FP kept %s of %s",
		         ct_format_count(c->n_fp - s->fp_saved, n1, sizeof n1),
		         ct_format_count(c->n_fp, n2, sizeof n2));
	/* two lines for it in a tall pane; else what fits on one (FP kept
	 * is also FP minus the list's FP saved) */
	int rows = draw_figures(a, r, r.y, TUI_ROLE_TITLE, title, nt, r.h >= 16 ? 2 : 1);

	/* The report's figures, in the report's order. */
	char f_counts[160], f_rate[48], f_rank[96], f_free[256], f_r90[96], f_r50[96];
	const char *fig[6];
	int n = 0;
	snprintf(f_counts, sizeof f_counts, "%s alerts: TP %s%s, FP %s",
	         ct_format_count(cs->alerts, n1, sizeof n1), ct_format_count(cs->tp, n2, sizeof n2),
	         cs->few_thefts ? CT_FEW_MARK : "",
	         ct_format_count(cs->fp, n3, sizeof n3));
	fig[n++] = f_counts;
	if (isnan(cs->theft_rate))
		snprintf(f_rate, sizeof f_rate, "theft rate n/a");
	else
		snprintf(f_rate, sizeof f_rate, "theft rate %.2f%%", 100.0 * cs->theft_rate);
	fig[n++] = f_rate;
	char auc[48] = "n/a", ap[16] = "n/a";
	if (cs->auc_withheld)
		snprintf(auc, sizeof auc, "- (< %d thefts)", CT_AUC_MIN_THEFTS);
	else if (!isnan(cs->auc_ci.lo))
		snprintf(auc, sizeof auc, "%.3f (95%%: %.3f-%.3f)", cs->auc, cs->auc_ci.lo, cs->auc_ci.hi);
	else if (!isnan(cs->auc))
		snprintf(auc, sizeof auc, "%.3f", cs->auc);
	if (!isnan(cs->average_precision))
		snprintf(ap, sizeof ap, "%.3f", cs->average_precision);
	snprintf(f_rank, sizeof f_rank, "AUC %s, AP %s", auc, ap);
	fig[n++] = f_rank;
	if (c->n_tp) {
		snprintf(f_free, sizeof f_free, "%s FP below %.6g, no theft in the history",
		         ct_format_count(cs->free_fp, n1, sizeof n1), cs->free_threshold);
	} else {
		char hist[160];
		ct_history_no_theft(hist, sizeof hist, cs->alerts, cs->expected_thefts);
		snprintf(f_free, sizeof f_free, "all %s FP: %s", ct_format_count(cs->free_fp, n1, sizeof n1),
		         hist);
	}
	fig[n++] = f_free;
	for (int k = 0; k < CT_N_RECALL_LEVELS; k++) {
		const ct_recall_point *p = &cs->at[k];
		char *buf = k == CT_RECALL_90 ? f_r90 : f_r50;
		if (!p->defined)
			continue;
		/* the recall reached: at least the level, more on few thefts
		 * (4 thefts: "recall >= 90 %" keeps all 4) */
		snprintf(buf, 96, "recall %.0f%% (%s %u%%): FP %s at %.6g", 100.0 * p->recall,
		         a->ascii ? ">=" : "\u2265", ct_recall_levels[k],
		         ct_format_count(p->fp_kept, n1, sizeof n1), p->threshold);
		fig[n++] = buf;
	}
	/* The figures may take three lines; leave the plot at least 6. */
	int room = r.h - rows - 6;
	rows += room > 0 ? draw_figures(a, r, r.y + rows, TUI_ROLE_NORMAL, fig, n, room < 3 ? room : 3) : 0;
	/* The legend, while the plot keeps 10 rows ("○ baseline" sits at the
	 * top right of every staircase; "●" is named in the title). */
	if (r.h - rows - 1 >= 10) {
		attrset(tui_attr(TUI_ROLE_DIM));
		snprintf(line, sizeof line, " y: FP kept%s  x: %s  %s baseline  %s current  (z: log scale)",
		         a->log_scale ? " (log)" : "", c->n_tp ? "recall" : "threshold",
		         a->ascii ? "B" : "\u25cb", dot);
		tui_addnstr(r.y + rows, r.x, line, r.w);
		attrset(A_NORMAL);
		rows++;
	}
	return rows;
}

static void draw_with_thefts(tui_app *a, tui_rect pr, const ct_camera *c, const ct_option *s)
{
	tui_plot p;
	if (!tui_plot_begin(&p, a, pr, 0, 1, 0, c->n_fp ? c->n_fp : 1, a->log_scale))
		return;
	uint32_t P = c->n_tp;
	double top = c->n_fp;
	for (uint32_t k = 0; k < P; k++) {
		double x = (double)(P - k) / P, xn = (double)(P - k - 1) / P;
		double bot = ct_count_ge(c->fp, c->n_fp, c->tp[k]);
		double after = count_gt(c->fp, c->n_fp, c->tp[k]);
		tui_plot_line(&p, x, top, x, bot, TUI_ROLE_PLOT);
		tui_plot_line(&p, x, bot, xn, after, TUI_ROLE_PLOT);
		top = after;
	}
	tui_plot_line(&p, 0, top, 0, 0, TUI_ROLE_PLOT);
	tui_plot_mark(&p, 1, c->n_fp, "\u25cb", "B", TUI_ROLE_POINT);
	if (s)
		tui_plot_mark(&p, (double)(P - s->tp_lost) / P, (double)(c->n_fp - s->fp_saved),
		              "\u25cf", "@", TUI_ROLE_POINT);
	tui_plot_end(&p);
}

static void draw_without_thefts(tui_app *a, tui_rect pr, const ct_camera *c, const ct_option *s)
{
	double lo = ct_camera_min_score(c), hi = ct_camera_max_score(c);
	if (!(hi > lo))
		hi = lo + 1e-9;
	tui_plot p;
	if (!tui_plot_begin(&p, a, pr, lo, hi, 0, c->n_fp ? c->n_fp : 1, a->log_scale))
		return;
	int n = 2 * p.area.w;
	double px = lo, py = c->n_fp;
	for (int i = 1; i <= n; i++) {
		double t = lo + (hi - lo) * i / n;
		double y = ct_count_ge(c->fp, c->n_fp, t);
		tui_plot_line(&p, px, py, t, py, TUI_ROLE_PLOT);
		tui_plot_line(&p, t, py, t, y, TUI_ROLE_PLOT);
		px = t;
		py = y;
	}
	tui_plot_mark(&p, lo, c->n_fp, "\u25cb", "B", TUI_ROLE_POINT);
	if (s)
		tui_plot_mark(&p, s->muted ? hi : s->threshold, (double)(c->n_fp - s->fp_saved),
		              "\u25cf", "@", TUI_ROLE_POINT);
	tui_plot_end(&p);
}

static void curve_draw(tui_app *a, tui_view *v, tui_rect r)
{
	(void)v;
	if (r.h < 1)
		return;
	int cam = tui_app_focus(a); /* the list's cursor, or the camera view's */
	if (cam < 0) {
		attrset(tui_attr(TUI_ROLE_TITLE));
		tui_addnstr(r.y, r.x, " curve: no camera selected", r.w);
		attrset(A_NORMAL);
		return;
	}
	int rows = draw_title(a, r, cam);
	tui_rect pr = {r.y + rows, r.x, r.h - rows, r.w};
	const ct_camera *c = &a->ds->cameras[cam];
	const ct_option *s = a->have_sol && (size_t)cam < a->sol.n_cameras ? &a->sol.setting[cam] : NULL;
	if (c->n_tp)
		draw_with_thefts(a, pr, c, s);
	else
		draw_without_thefts(a, pr, c, s);
}

const tui_view_ops tui_view_curve = {
	.name = "curve",
	.draw = curve_draw,
	.action = NULL,
	.hints = NULL,
};
