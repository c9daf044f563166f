/* view_camera.c -- the selected camera full screen: its curve (the curve
 * pane's drawing) and the table of its options (core/curve.h: the
 * baseline, then each Pareto-efficient threshold, then the mute), with
 * threshold, TP and FP kept, recall and precision, FP saved and TP lost
 * per option.  The row of its current setting is marked; j/k move the
 * cursor over the options and Enter locks the camera at the option under
 * it (the mute row mutes it).  The camera shown is the one in focus here:
 * the keys that edit one camera (L, Left/Right, m, x) act on it. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report/svg.h"
#include "tui/app.h"
#include "tui/scroll.h"
#include "tui/view_curve.h"

typedef struct camera_state {
	tui_scroll scroll; /* the cursor: an option of the camera */
	int camera;        /* the camera shown, or -1 (not in the time range) */
	char name[256];    /* its name, to find it again after :since/:until */
	tui_view curve;    /* the curve pane, drawn above the options */
} camera_state;

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

static void camera_draw(tui_app *a, tui_view *view, tui_rect r)
{
	camera_state *v = view->priv;
	int c = v->camera;
	if (c < 0) {
		char line[320];
		snprintf(line, sizeof line, " %s has no alert in this time range (q: back)", v->name);
		tui_addnstr(r.y, r.x, line, r.w);
		return;
	}
	const ct_camera *cam = &a->ds->cameras[c];
	const ct_option *o;
	size_t n;
	options_of(a, c, &o, &n);
	int table_h = (int)n + 1 < r.h / 2 ? (int)n + 1 : r.h / 2;
	v->curve.ops->draw(a, &v->curve, (tui_rect){r.y, r.x, r.h - table_h, r.w});
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

/* The cursor on the camera's current setting. */
static void cursor_on_setting(const tui_app *a, camera_state *v)
{
	long cur = v->camera >= 0 ? current_row(a, v->camera) : -1;
	v->scroll.cur = cur >= 0 ? (size_t)cur : 0;
	v->scroll.top = 0;
}

static int camera_open(tui_app *a, tui_view *view)
{
	camera_state *v = view->priv;
	const tui_view *p = view->parent;
	v->camera = p && p->ops->camera ? p->ops->camera(a, p) : -1;
	if (v->camera < 0) {
		tui_app_message(a, TUI_ROLE_WARNING, "no camera selected");
		return -1;
	}
	snprintf(v->name, sizeof v->name, "%s", a->names[v->camera]);
	v->scroll.cursor = true;
	cursor_on_setting(a, v);
	return tui_view_init(&v->curve, &tui_view_curve, view) == 0 ? TUI_CH_DRAW : -1;
}

static void camera_close(tui_app *a, tui_view *view)
{
	camera_state *v = view->priv;
	if (v->curve.ops)
		tui_view_release(a, &v->curve);
}

static int camera_action(tui_app *a, tui_view *view, int action, const char *arg)
{
	(void)arg;
	camera_state *v = view->priv;
	if (tui_scroll_move(&v->scroll, action, (size_t)a->count))
		return TUI_CH_DRAW;
	if (action != TUI_ACT_OPEN || v->camera < 0)
		return -1;
	/* Enter: the option under the cursor */
	const ct_option *o;
	size_t n;
	options_of(a, v->camera, &o, &n);
	if (v->scroll.cur >= n)
		return TUI_CH_DRAW;
	if (o[v->scroll.cur].muted) /* the mute row: as m, asked for by name */
		return a->st.mark[v->camera] == TUI_MUTED ? TUI_CH_DRAW
		                                          : tui_app_do(a, TUI_ACT_MUTE, NULL);
	char t[40];
	snprintf(t, sizeof t, "%.17g", o[v->scroll.cur].threshold);
	return tui_app_do(a, TUI_ACT_THRESHOLD, t);
}

static int camera_request(tui_app *a, tui_view *view, tui_request *rq)
{
	camera_state *v = view->priv;
	if (rq->kind != TUI_REQ_RESLICE)
		return -1;
	v->camera = -1; /* the same camera in the new slice, if it is there */
	for (size_t i = 0; i < a->ds->n_cameras; i++)
		if (strcmp(a->names[i], v->name) == 0)
			v->camera = (int)i;
	cursor_on_setting(a, v);
	return TUI_CH_DRAW;
}

static int camera_focus(const tui_app *a, const tui_view *view)
{
	(void)a;
	const camera_state *v = view->priv;
	return v->camera;
}

static const int camera_hints[] = {TUI_ACT_DOWN, TUI_ACT_UP, TUI_ACT_OPEN, TUI_ACT_STEP_DOWN,
                                   TUI_ACT_STEP_UP, TUI_ACT_MUTE, TUI_ACT_CANCEL, -1};

const tui_view_ops tui_view_camera = {
	.name = "camera",
	.private_size = sizeof(camera_state),
	.takes = TUI_SCOPE_SOLVE | TUI_SCOPE_CAMERA,
	.open = camera_open,
	.close = camera_close,
	.draw = camera_draw,
	.action = camera_action,
	.request = camera_request,
	.camera = camera_focus,
	.hints = camera_hints,
};
