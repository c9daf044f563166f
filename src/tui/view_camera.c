/* view_camera.c -- the selected camera full screen: its curve (the curve
 * pane's drawing) and the table of its options (core/curve.h: the
 * baseline, then each Pareto-efficient threshold, then the mute), with
 * threshold, TP and FP kept, recall and precision, FP saved and TP lost
 * per option.  The row of its current setting is marked; Enter locks the
 * camera at the option under the cursor. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report/svg.h"
#include "tui/app.h"
#include "tui/view_camera.h"
#include "tui/view_curve.h"

static void options_of(const tui_app *a, int c, const ct_option **o, size_t *n)
{
	*o = a->opts->v + a->opts->offset[c];
	*n = a->opts->offset[c + 1] - a->opts->offset[c];
}

/* The option row of the camera's current setting, or -1. */
static long current_row(const tui_app *a, int c)
{
	if (!a->have_sol || (size_t)c >= a->sol.n_cameras)
		return -1;
	const ct_option *o, *s = &a->sol.setting[c];
	size_t n;
	options_of(a, c, &o, &n);
	for (size_t k = 0; k < n; k++)
		if (o[k].tp_lost == s->tp_lost && o[k].fp_saved == s->fp_saved)
			return (long)k;
	return -1;
}

static void camera_draw(tui_app *a, tui_rect r)
{
	tui_camera_view *v = &a->camera_v;
	int c = tui_app_selected(a);
	if (c < 0) {
		tui_addnstr(r.y, r.x, " no camera selected", r.w);
		return;
	}
	if (v->camera != c) { /* a new camera: the cursor on its setting */
		v->camera = c;
		long cur = current_row(a, c);
		v->scroll.cur = cur >= 0 ? (size_t)cur : 0;
		v->scroll.top = 0;
	}
	const ct_camera *cam = &a->ds->cameras[c];
	const ct_option *o;
	size_t n;
	options_of(a, c, &o, &n);
	int table_h = (int)n + 1 < r.h / 2 ? (int)n + 1 : r.h / 2;
	tui_view_curve.draw(a, (tui_rect){r.y, r.x, r.h - table_h, r.w});
	int y = r.y + r.h - table_h;
	char line[256];
	snprintf(line, sizeof line, "  %-3s %11s %9s %9s %8s %9s %9s %8s", "opt", "threshold", "TP kept",
	         "FP kept", "recall", "precision", "FP saved", "TP lost");
	tui_fill(y, r.x, r.w, TUI_ROLE_HEADER);
	tui_addnstr(y, r.x, line, r.w);
	attrset(A_NORMAL);
	int h = table_h - 1;
	tui_scroll_fit(&v->scroll, n, h > 0 ? (size_t)h : 1);
	long now = current_row(a, c);
	for (int row = 0; row < h; row++) {
		size_t k = v->scroll.top + (size_t)row;
		if (k >= n)
			break;
		uint32_t tp = cam->n_tp - o[k].tp_lost, fp = cam->n_fp - o[k].fp_saved;
		char thr[32], rec[16], prec[16], n1[32], n2[32], n3[32], n4[32];
		if (o[k].muted)
			snprintf(thr, sizeof thr, "muted");
		else
			snprintf(thr, sizeof thr, "%.6g", o[k].threshold);
		if (cam->n_tp)
			snprintf(rec, sizeof rec, "%.1f%%", 100.0 * tp / cam->n_tp);
		else
			snprintf(rec, sizeof rec, "-");
		if (tp + fp)
			snprintf(prec, sizeof prec, "%.3f", (double)tp / (tp + fp));
		else
			snprintf(prec, sizeof prec, "-");
		const char *mark = (long)k == now ? (a->ascii ? "@" : "\u25cf") : " ";
		snprintf(line, sizeof line, "%s %3zu %11s %9s %9s %8s %9s %9s %8s", mark, k, thr,
		         ct_format_count(tp, n1, sizeof n1), ct_format_count(fp, n2, sizeof n2), rec, prec,
		         ct_format_count(o[k].fp_saved, n3, sizeof n3),
		         ct_format_count(o[k].tp_lost, n4, sizeof n4));
		bool sel = k == v->scroll.cur;
		if (sel)
			tui_fill(y + 1 + row, r.x, r.w, TUI_ROLE_SELECTED);
		attrset(tui_attr(sel ? TUI_ROLE_SELECTED : TUI_ROLE_NORMAL));
		tui_addnstr(y + 1 + row, r.x, line, r.w);
	}
	attrset(A_NORMAL);
}

static int camera_action(tui_app *a, int action, const char *arg)
{
	(void)arg;
	tui_camera_view *v = &a->camera_v;
	if (tui_scroll_move(&v->scroll, action, (size_t)a->count))
		return TUI_CH_DRAW;
	switch (action) {
	case TUI_ACT_OPEN: {
		int c = tui_app_selected(a);
		const ct_option *o;
		size_t n;
		if (c < 0)
			return TUI_CH_DRAW;
		options_of(a, c, &o, &n);
		if (v->scroll.cur >= n)
			return TUI_CH_DRAW;
		char t[40];
		snprintf(t, sizeof t, "%.17g", o[v->scroll.cur].threshold);
		return tui_app_do(a, TUI_ACT_THRESHOLD, t);
	}
	case TUI_ACT_QUIT:
	case TUI_ACT_CANCEL:
		a->camera_view = false;
		return TUI_CH_DRAW;
	}
	return -1;
}

static const int camera_hints[] = {TUI_ACT_DOWN, TUI_ACT_UP, TUI_ACT_OPEN, TUI_ACT_STEP_DOWN,
                                   TUI_ACT_STEP_UP, TUI_ACT_CANCEL, -1};

const tui_view_ops tui_view_camera = {
	.name = "camera",
	.draw = camera_draw,
	.action = camera_action,
	.hints = camera_hints,
};
