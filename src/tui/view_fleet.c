/* view_fleet.c -- the fleet summary: the figures and the verdict of the
 * uniformity report (`camtune report`), full screen.
 *
 * Data quality in one line, cameras and alerts, the spread of ROC AUC,
 * the cameras no better than chance and their share of FP, how
 * concentrated the FP are, the theft-free cameras and the FP that cost no
 * theft in the history, then the verdict in words and the cameras at chance, most FP
 * first.  Every figure comes from core/stats.h and the words from
 * ct_report_verdict_text, both computed once at load (tui_app_new): this
 * file only lays them out.  The lines are made for the width at hand and
 * scroll with the navigation keys.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report.h"
#include "report/svg.h"
#include "tui/app.h"
#include "tui/scroll.h"

typedef struct fleet_state {
	tui_scroll scroll;
	/* the cameras listed at chance: row of the first one, how many
	 * (Enter on one of them selects it in the list) */
	size_t first_camera_row, n_camera_rows;
} fleet_state;

/* Label column: wide enough for the longest label and a blank. */
#define LABEL_W 19

/* One screen line after wrapping. */
typedef struct fleet_line {
	bool item;        /* label column, then the value */
	char label[LABEL_W];
	char text[320];   /* the value, or the whole line */
	int role;
} fleet_line;

typedef struct fleet_text {
	fleet_line *v;
	int n, cap;
	int w;
} fleet_text;

static void add_line(fleet_text *t, bool item, const char *label, const char *text, int role)
{
	if (t->n == t->cap) {
		int cap = t->cap ? t->cap * 2 : 64;
		fleet_line *v = realloc(t->v, (size_t)cap * sizeof *v);
		if (!v)
			return; /* out of memory: the view is cut short */
		t->v = v;
		t->cap = cap;
	}
	fleet_line *l = &t->v[t->n++];
	l->item = item;
	snprintf(l->label, sizeof l->label, "%s", label);
	snprintf(l->text, sizeof l->text, "%s", text);
	l->role = role;
}

static void add_raw(fleet_text *t, const char *text, int role)
{
	add_line(t, false, "", text, role);
}

/* A labelled value, wrapped under its own column ("label" may be ""). */
static void add_item(fleet_text *t, const char *label, int role, const char *value)
{
	int vw = t->w - LABEL_W;
	if (vw < 20)
		vw = 20;
	const char *p = value;
	bool first = true;
	do {
		size_t next, len = tui_wrap_line(p, vw, &next);
		char line[400];
		snprintf(line, sizeof line, "%.*s", (int)len, p);
		add_line(t, true, first ? label : "", line, role);
		p += next;
		first = false;
	} while (*p);
}

/* A paragraph wrapped at the width, indented. */
static void add_paragraph(fleet_text *t, int indent, int role, const char *text)
{
	const char *p = text;
	int w = t->w - indent - 1;
	if (w < 20)
		w = 20;
	while (*p) {
		size_t next, len = tui_wrap_line(p, w, &next);
		char line[400];
		snprintf(line, sizeof line, "%*s%.*s", indent, "", (int)len, p);
		add_raw(t, line, role);
		p += next;
	}
}

static double pct(uint64_t part, uint64_t whole)
{
	return whole ? 100.0 * (double)part / (double)whole : 0.0;
}

static void quality_value(const tui_app *a, char *buf, size_t len)
{
	const ct_quality *q = a->quality;
	if (!q) {
		snprintf(buf, len, "no loading report");
		return;
	}
	if (ct_quality_summary_text(q, buf, len))
		return;
	uint64_t skipped = 0, warned = 0;
	for (int i = 0; i < CT_N_SKIP; i++)
		skipped += q->skipped[i].count;
	for (int i = 0; i < CT_N_WARN; i++)
		warned += q->warned[i].count;
	char r[32], l[32], s[32], w[32];
	snprintf(buf, len, "%s rows read, %s alerts loaded, %s rows skipped, %s warnings%s",
	         ct_format_count(q->rows, r, sizeof r), ct_format_count(q->loaded, l, sizeof l),
	         ct_format_count(skipped, s, sizeof s), ct_format_count(warned, w, sizeof w),
	         skipped || warned ? " (3: by reason)" : "");
}

static void build(tui_app *a, fleet_state *fs, fleet_text *t)
{
	const ct_fleet_stats *f = &a->report.fleet;
	char v[512], x[32], y[32], z[32];

	add_raw(t, "", TUI_ROLE_NORMAL);

	quality_value(a, v, sizeof v);
	add_item(t, "data quality", TUI_ROLE_NORMAL, v);
	snprintf(v, sizeof v, "%zu: %zu with thefts, %zu without", f->n_cameras, f->n_with_theft,
	         f->n_theft_free);
	add_item(t, "cameras", TUI_ROLE_NORMAL, v);
	snprintf(v, sizeof v, "%s: TP %s, FP %s (theft rate %.2f%%)",
	         ct_format_count(f->alerts, x, sizeof x), ct_format_count(f->tp, y, sizeof y),
	         ct_format_count(f->fp, z, sizeof z), pct(f->tp, f->alerts));
	add_item(t, "alerts", TUI_ROLE_NORMAL, v);
	if (f->n_auc > 0) {
		char sd[16];
		if (isnan(f->auc_sd))
			snprintf(sd, sizeof sd, "n/a");
		else
			snprintf(sd, sizeof sd, "%.3f", f->auc_sd);
		snprintf(v, sizeof v, "over %zu camera%s: mean %.3f, sd %s; min %.3f, quartiles "
		         "%.3f / %.3f / %.3f, max %.3f",
		         f->n_auc, f->n_auc == 1 ? "" : "s", f->auc_mean, sd, f->auc_min, f->auc_q1,
		         f->auc_median, f->auc_q3, f->auc_max);
	} else {
		snprintf(v, sizeof v, "defined on no camera (it needs a theft and an FP)");
	}
	add_item(t, "ROC AUC", TUI_ROLE_NORMAL, v);
	snprintf(v, sizeof v, "%zu of %zu camera%s judged with AUC's 95%% interval <= 0.5, %s FP "
	         "(%.1f%% of FP); %zu too small to judge (< %d thefts)", f->n_chance, f->n_judged,
	         f->n_judged == 1 ? "" : "s", ct_format_count(f->chance_fp, x, sizeof x),
	         100.0 * f->chance_fp_share, f->n_too_small, CT_AUC_MIN_THEFTS);
	add_item(t, "at chance", f->n_chance ? TUI_ROLE_WARNING : TUI_ROLE_NORMAL, v);
	snprintf(v, sizeof v, "%zu of %zu cameras have fewer than %d thefts (%s in the list): "
	         "their recall and AUC are noisy", f->n_few_thefts, f->n_cameras, CT_FEW_THEFTS,
	         CT_FEW_MARK);
	add_item(t, "few thefts", TUI_ROLE_NORMAL, v);
	snprintf(v, sizeof v, "the top %zu camera%s (10%%) hold %.1f%% of FP; Gini %.3f", f->top_n,
	         f->top_n == 1 ? "" : "s", 100.0 * f->top_fp_share, f->fp_gini);
	add_item(t, "FP concentration", TUI_ROLE_NORMAL, v);
	char hist[160];
	ct_history_no_theft(hist, sizeof hist, f->theft_free_fp, f->theft_free_expected);
	snprintf(v, sizeof v, "%zu camera%s, %s FP (%.1f%%): %s",
	         f->n_theft_free, f->n_theft_free == 1 ? "" : "s",
	         ct_format_count(f->theft_free_fp, x, sizeof x), pct(f->theft_free_fp, f->fp), hist);
	add_item(t, "theft-free", TUI_ROLE_NORMAL, v);
	snprintf(v, sizeof v, "%s FP (%.1f%%) score below their camera's lowest theft or are on "
	         "a camera with no theft in the history",
	         ct_format_count(f->free_fp, x, sizeof x), pct(f->free_fp, f->fp));
	add_item(t, "free in history", TUI_ROLE_NORMAL, v);

	add_raw(t, "", TUI_ROLE_NORMAL);
	snprintf(v, sizeof v, " verdict: %s", ct_report_verdict_title(f->verdict.level));
	add_raw(t, v, f->verdict.level == CT_VERDICT_UNIFORM     ? TUI_ROLE_GOOD
	              : f->verdict.level == CT_VERDICT_UNDEFINED ? TUI_ROLE_TITLE
	                                                         : TUI_ROLE_WARNING);
	add_paragraph(t, 3, TUI_ROLE_NORMAL, a->verdict ? a->verdict : "(out of memory)");

	if (a->n_chance) {
		add_raw(t, "", TUI_ROLE_NORMAL);
		add_raw(t, " cameras no better than chance (AUC's 95% interval <= 0.5), most FP first",
		        TUI_ROLE_HEADER);
		add_paragraph(t, 3, TUI_ROLE_DIM,
		              "Enter on one shows it in the list; :sort auc then I sorts the list by AUC, "
		              "lowest first (cameras without an AUC before them)");
		fs->first_camera_row = (size_t)t->n;
		fs->n_camera_rows = a->n_chance;
		int nw = 4;
		for (size_t k = 0; k < a->n_chance; k++) {
			int w = tui_text_width(a->names[a->chance[k]]);
			if (w > nw)
				nw = w;
		}
		if (nw > t->w / 2)
			nw = t->w / 2;
		for (size_t k = 0; k < a->n_chance; k++) {
			uint32_t c = a->chance[k];
			const ct_camera_stats *s = &a->cstats[c];
			int pad = nw - tui_text_width(a->names[c]);
			snprintf(v, sizeof v, "   %s%*s  AUC %.3f (%.3f-%.3f)  TP %5s%s  FP %7s", a->names[c],
			         pad > 0 ? pad : 0, "", s->auc, s->auc_ci.lo, s->auc_ci.hi,
			         ct_format_count(s->tp, x, sizeof x), s->few_thefts ? CT_FEW_MARK : " ",
			         ct_format_count(s->fp, y, sizeof y));
			add_raw(t, v, TUI_ROLE_NORMAL);
		}
	}
}

/* The title stays on the first row; the rest scrolls under it.  The
 * cameras at chance can be selected (Enter shows one in the list). */
static void fleet_draw(tui_app *a, tui_view *view, tui_rect r)
{
	if (r.h < 1)
		return;
	fleet_state *v = view->priv;
	fleet_text t = {.w = r.w};
	v->n_camera_rows = 0;
	build(a, v, &t);
	int h = r.h - 1;
	tui_scroll *sc = &v->scroll;
	/* the cursor moves through the cameras; elsewhere the text scrolls */
	sc->cursor = v->n_camera_rows > 0 && sc->cur >= v->first_camera_row;
	tui_scroll_fit(sc, (size_t)t.n, h > 0 ? (size_t)h : 1);
	if (sc->cursor && sc->cur < v->first_camera_row)
		sc->cur = v->first_camera_row;
	size_t top = sc->top;
	char title[600], more[48] = "";
	if (t.n > h)
		snprintf(more, sizeof more, " %zu-%zu/%d ", top + 1,
		         top + (size_t)h < (size_t)t.n ? top + (size_t)h : (size_t)t.n, t.n);
	const char *base = strrchr(a->source, '/');
	base = base && base[1] ? base + 1 : a->source;
	snprintf(title, sizeof title, " fleet summary (camtune report) | %s", r.w >= 140 ? a->source : base);
	int tw = r.w - (int)strlen(more);
	attrset(tui_attr(TUI_ROLE_TITLE));
	tui_addnstr(r.y, r.x, title, tw > 0 ? tw : 0);
	attrset(tui_attr(TUI_ROLE_DIM));
	if (more[0] && tw > 0)
		mvaddstr(r.y, r.x + tw, more);
	for (int row = 0; row < h && top + (size_t)row < (size_t)t.n; row++) {
		size_t at = top + (size_t)row;
		const fleet_line *l = &t.v[at];
		int x = r.x, y = r.y + 1 + row;
		bool sel = sc->cursor && at == sc->cur;
		if (sel)
			tui_fill(y, r.x, r.w, TUI_ROLE_SELECTED);
		if (l->item) {
			attrset(tui_attr(TUI_ROLE_HEADER));
			tui_addnstr(y, x + 1, l->label, r.w - 1);
			x += LABEL_W;
		}
		attrset(tui_attr(sel ? TUI_ROLE_SELECTED : l->role));
		if (x < r.x + r.w)
			tui_addnstr(y, x, l->text, r.x + r.w - x);
	}
	attrset(A_NORMAL);
	free(t.v);
}

static int fleet_action(tui_app *a, tui_view *view, int action, const char *arg)
{
	(void)arg;
	fleet_state *v = view->priv;
	tui_scroll *sc = &v->scroll;
	if (action == TUI_ACT_DOWN && !sc->cursor && v->n_camera_rows &&
	    sc->top + sc->page >= v->first_camera_row + 1) {
		/* the cameras are on screen: the cursor goes to the first */
		sc->cursor = true;
		sc->cur = sc->cur > v->first_camera_row ? sc->cur : v->first_camera_row;
		return TUI_CH_DRAW;
	}
	if (action == TUI_ACT_UP && sc->cursor && sc->cur <= v->first_camera_row) {
		sc->cursor = false;
		sc->cur = 0;
		return TUI_CH_DRAW;
	}
	if (tui_scroll_move(sc, action, (size_t)a->count))
		return TUI_CH_DRAW;
	switch (action) {
	case TUI_ACT_OPEN:
		if (sc->cursor && sc->cur >= v->first_camera_row &&
		    sc->cur < v->first_camera_row + v->n_camera_rows) {
			/* back to the list, the camera selected there */
			tui_request rq = {.kind = TUI_REQ_SELECT,
			                  .camera = (int)a->chance[sc->cur - v->first_camera_row]};
			tui_view_close(a); /* frees v */
			tui_view_request(a, &rq);
			return TUI_CH_DRAW;
		}
		tui_app_message(a, TUI_ROLE_WARNING, "Enter: move to a camera of the list first (j)");
		return TUI_CH_DRAW;
	}
	return -1;
}

static const int fleet_hints[] = {TUI_ACT_DOWN, TUI_ACT_UP, TUI_ACT_PAGE_DOWN, TUI_ACT_PAGE_UP,
                                  TUI_ACT_OPEN, TUI_ACT_CANCEL, TUI_ACT_FLEET, -1};

const tui_view_ops tui_view_fleet = {
	.name = "fleet",
	.private_size = sizeof(fleet_state),
	.takes = 0,
	.draw = fleet_draw,
	.action = fleet_action,
	.hints = fleet_hints,
};
