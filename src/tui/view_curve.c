/* view_curve.c -- the curve pane: the selected camera's #FP kept against
 * recall as a staircase, with the baseline and the current operating
 * point marked.  A camera without thefts has no recall: its FP kept is
 * drawn against the threshold instead.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "tui/plot.h"

static uint32_t count_gt(const double *v, uint32_t n, double t)
{
	return ct_count_ge(v, n, nextafter(t, INFINITY));
}

static void draw_title(tui_app *a, tui_rect r, int cam)
{
	const ct_camera *c = &a->ds->cameras[cam];
	const ct_option *s = a->have_sol && (size_t)cam < a->sol.n_cameras ? &a->sol.setting[cam] : NULL;
	static const char *const how[] = {"", " (locked)", " (muted)", " (excluded)"};
	char line[512], thr[64];
	if (!s)
		snprintf(thr, sizeof thr, "solving...");
	else if (s->muted)
		snprintf(thr, sizeof thr, "muted (threshold %.6g)", s->threshold);
	else
		snprintf(thr, sizeof thr, "threshold %.6g", s->threshold);
	if (s && c->n_tp)
		snprintf(line, sizeof line, " curve %s | TP %u FP %u | %s%s | recall %.1f%% | FP kept %u",
		         a->names[cam], c->n_tp, c->n_fp, thr, how[a->st.mark[cam]],
		         100.0 * (c->n_tp - s->tp_lost) / c->n_tp, c->n_fp - s->fp_saved);
	else if (s)
		snprintf(line, sizeof line, " curve %s | no thefts: recall undefined | FP %u | %s%s | FP kept %u",
		         a->names[cam], c->n_fp, thr, how[a->st.mark[cam]], c->n_fp - s->fp_saved);
	else
		snprintf(line, sizeof line, " curve %s | %s", a->names[cam], thr);
	attrset(tui_attr(a, TUI_ROLE_TITLE));
	tui_addnstr(r.y, r.x, line, r.w);
	attrset(tui_attr(a, TUI_ROLE_DIM));
	snprintf(line, sizeof line, " y: FP kept%s  x: %s  %s baseline  %s current  (z: log scale)",
	         a->log_scale ? " (log)" : "", c->n_tp ? "recall" : "threshold",
	         a->ascii ? "B" : "\u25cb", a->ascii ? "@" : "\u25cf");
	tui_addnstr(r.y + 1, r.x, line, r.w);
	attrset(A_NORMAL);
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

static void curve_draw(tui_app *a, tui_rect r)
{
	if (r.h < 1)
		return;
	int cam = tui_app_selected(a);
	if (cam < 0) {
		attrset(tui_attr(a, TUI_ROLE_TITLE));
		tui_addnstr(r.y, r.x, " curve: no camera selected", r.w);
		attrset(A_NORMAL);
		return;
	}
	draw_title(a, r, cam);
	tui_rect pr = {r.y + 2, r.x, r.h - 2, r.w};
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
};
