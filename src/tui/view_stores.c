/* view_stores.c -- one row per store: its cameras, alerts, TP, FP, and
 * what the current solution does there (FP saved, TP lost, recall after).
 * The dataset's cameras come sorted by store (core/dataset.h), so a store
 * is a run of cameras; the rows are summed again at each draw (one pass
 * over the cameras) and sorted by the column asked for (most FP first to
 * begin with; < and > move the sort, I reverses it, :sort names a column).
 * j/k move the cursor over the stores, / searches their names; Enter
 * shows the store under the cursor in the list (asks the list for the
 * filter "STORE:"; Esc there clears it). */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "report/svg.h"
#include "tui/app.h"
#include "tui/scroll.h"

/* The columns, also the sort keys. */
enum { SC_STORE, SC_CAMERAS, SC_ALERTS, SC_TP, SC_FP, SC_SAVED, SC_LOST, SC_RECALL, SC_N };
static const char *const col_names[SC_N] = {"store", "cameras", "alerts", "tp", "fp",
                                            "saved", "lost", "recall"};
static const char *const col_titles[SC_N] = {"store", "cameras", "alerts", "TP", "FP",
                                             "FP saved", "TP lost", "recall"};
static const int col_width[SC_N] = {0, 7, 9, 7, 9, 9, 8, 8};

typedef struct store_row {
	size_t first, n;   /* its cameras: first, how many */
	double v[SC_N];    /* the value of each column (store: unused) */
} store_row;

typedef struct stores_state {
	tui_scroll scroll; /* the cursor: a row */
	int sort_col;
	bool sort_desc;
	char *search;
	store_row *rows;   /* at the last draw, in the order shown */
	size_t n_rows;
} stores_state;

static const tui_app *sort_app; /* qsort has no context argument in C11 */
static const stores_state *sort_state;

static int compare_rows(const void *pa, const void *pb)
{
	const store_row *x = pa, *y = pb;
	const stores_state *v = sort_state;
	int r;
	if (v->sort_col == SC_STORE)
		r = strcmp(sort_app->ds->cameras[x->first].store, sort_app->ds->cameras[y->first].store);
	else
		r = x->v[v->sort_col] < y->v[v->sort_col] ? -1 : x->v[v->sort_col] > y->v[v->sort_col];
	if (v->sort_desc)
		r = -r;
	return r ? r : (x->first > y->first) - (x->first < y->first); /* stable: by name */
}

/* Sum the stores again (the solution may have changed) and sort them,
 * keeping the cursor on the store it was on. */
static void build_rows(const tui_app *a, stores_state *v)
{
	const ct_dataset *ds = a->ds;
	size_t keep = v->scroll.cur < v->n_rows ? v->rows[v->scroll.cur].first : (size_t)-1;
	v->n_rows = 0;
	for (size_t i = 0; i < ds->n_cameras;) {
		size_t j = i;
		store_row *s = &v->rows[v->n_rows++];
		memset(s, 0, sizeof *s);
		s->first = i;
		for (; j < ds->n_cameras && strcmp(ds->cameras[j].store, ds->cameras[i].store) == 0; j++) {
			s->v[SC_TP] += ds->cameras[j].n_tp;
			s->v[SC_FP] += ds->cameras[j].n_fp;
			if (a->have_sol && j < a->sol.n_cameras) {
				s->v[SC_SAVED] += a->sol.setting[j].fp_saved;
				s->v[SC_LOST] += a->sol.setting[j].tp_lost;
			}
		}
		s->n = j - i;
		s->v[SC_CAMERAS] = (double)s->n;
		s->v[SC_ALERTS] = s->v[SC_TP] + s->v[SC_FP];
		s->v[SC_RECALL] = s->v[SC_TP] > 0 ? (s->v[SC_TP] - s->v[SC_LOST]) / s->v[SC_TP] : -1;
		i = j;
	}
	sort_app = a;
	sort_state = v;
	qsort(v->rows, v->n_rows, sizeof *v->rows, compare_rows);
	sort_app = NULL;
	sort_state = NULL;
	for (size_t k = 0; k < v->n_rows && keep != (size_t)-1; k++)
		if (v->rows[k].first == keep)
			v->scroll.cur = k;
}

static void stores_draw(tui_app *a, tui_view *view, tui_rect r)
{
	stores_state *v = view->priv;
	const ct_dataset *ds = a->ds;
	build_rows(a, v);
	char line[512];
	int fixed = 0;
	for (int c = 1; c < SC_N; c++)
		fixed += col_width[c] + 1;
	int store_w = r.w - fixed - 1 > 30 ? 30 : r.w - fixed - 1 < 8 ? 8 : r.w - fixed - 1;
	/* the titles, the sorted one with its arrow, padded by display width */
	size_t used = 0;
	line[0] = '\0';
	for (int c = 0; c < SC_N && used < sizeof line; c++) {
		const char *arrow = c != v->sort_col ? ""
		                    : a->ascii ? (v->sort_desc ? "v" : "^")
		                               : (v->sort_desc ? "\u25bc" : "\u25b2");
		char title[32];
		snprintf(title, sizeof title, "%s%s", col_titles[c], arrow);
		int pad = (c ? col_width[c] : store_w) - tui_text_width(title);
		if (pad < 0)
			pad = 0;
		int n = c ? snprintf(line + used, sizeof line - used, " %*s%s", pad, "", title)
		          : snprintf(line + used, sizeof line - used, " %s%*s", title, pad, "");
		if (n < 0)
			break;
		used += (size_t)n;
	}
	tui_fill(r.y, r.x, r.w, TUI_ROLE_HEADER);
	tui_addnstr(r.y, r.x, line, r.w);
	attrset(A_NORMAL);
	int h = r.h - 1;
	tui_scroll_fit(&v->scroll, v->n_rows, h > 0 ? (size_t)h : 1);
	for (int row = 0; row < h && v->scroll.top + (size_t)row < v->n_rows; row++) {
		size_t k = v->scroll.top + (size_t)row;
		const store_row *s = &v->rows[k];
		char n[SC_N][32], rec[16], name[64];
		for (int c = 1; c < SC_RECALL; c++)
			ct_format_count((uint64_t)s->v[c], n[c], sizeof n[c]);
		if (!a->have_sol)
			snprintf(n[SC_SAVED], sizeof n[SC_SAVED], "...");
		if (!a->have_sol)
			snprintf(n[SC_LOST], sizeof n[SC_LOST], "...");
		if (s->v[SC_RECALL] >= 0)
			snprintf(rec, sizeof rec, "%.1f%%", 100.0 * s->v[SC_RECALL]);
		else
			snprintf(rec, sizeof rec, "-");
		tui_cut_middle(ds->cameras[s->first].store, store_w, a->ascii, name, sizeof name);
		int nw = tui_text_width(name);
		snprintf(line, sizeof line, " %s%*s %7s %9s %7s %9s %9s %8s %8s", name,
		         store_w - nw > 0 ? store_w - nw : 0, "", n[SC_CAMERAS], n[SC_ALERTS], n[SC_TP],
		         n[SC_FP], n[SC_SAVED], n[SC_LOST], rec);
		bool sel = k == v->scroll.cur;
		if (sel)
			tui_fill(r.y + 1 + row, r.x, r.w, TUI_ROLE_SELECTED);
		attrset(tui_attr(sel ? TUI_ROLE_SELECTED : TUI_ROLE_NORMAL));
		tui_addnstr(r.y + 1 + row, r.x, line, r.w);
	}
	attrset(A_NORMAL);
}

static int stores_open(tui_app *a, tui_view *view)
{
	stores_state *v = view->priv;
	v->scroll.cursor = true;
	v->sort_col = SC_FP; /* the stores with most FP first */
	v->sort_desc = true;
	v->rows = malloc((a->ds->n_cameras ? a->ds->n_cameras : 1) * sizeof *v->rows);
	if (!v->rows)
		return -1;
	build_rows(a, v);
	return TUI_CH_DRAW;
}

static void stores_close(tui_app *a, tui_view *view)
{
	(void)a;
	stores_state *v = view->priv;
	free(v->rows);
	free(v->search);
}

static int sorted_by(tui_app *a, stores_state *v, int col, bool desc)
{
	v->sort_col = col;
	v->sort_desc = desc;
	build_rows(a, v);
	tui_app_message(a, TUI_ROLE_NORMAL, "stores sorted by %s, %s", col_names[col],
	                desc ? "descending" : "ascending");
	return TUI_CH_DRAW;
}

static int search(tui_app *a, stores_state *v, const char *text, int dir, bool skip)
{
	size_t n = v->n_rows, len = strlen(text);
	for (size_t step = skip ? 1 : 0; n && step <= n; step++) {
		size_t k = dir > 0 ? (v->scroll.cur + step) % n : (v->scroll.cur + n - step % n) % n;
		const char *name = a->ds->cameras[v->rows[k].first].store;
		for (const char *p = name; *p; p++)
			if (strncasecmp(p, text, len) == 0) {
				v->scroll.cur = k;
				tui_app_message(a, TUI_ROLE_NORMAL, "/%s: %s", text, name);
				return TUI_CH_DRAW;
			}
	}
	tui_app_message(a, TUI_ROLE_WARNING, "/%s: no store matches", text);
	return TUI_CH_DRAW;
}

static int stores_action(tui_app *a, tui_view *view, int action, const char *arg)
{
	stores_state *v = view->priv;
	if (tui_scroll_move(&v->scroll, action, (size_t)a->count))
		return TUI_CH_DRAW;
	switch (action) {
	case TUI_ACT_SORT_NEXT:
	case TUI_ACT_SORT_PREV: {
		int c = (v->sort_col + (action == TUI_ACT_SORT_NEXT ? 1 : SC_N - 1)) % SC_N;
		return sorted_by(a, v, c, c != SC_STORE);
	}
	case TUI_ACT_SORT_REVERSE:
		return sorted_by(a, v, v->sort_col, !v->sort_desc);
	case TUI_ACT_SORT:
		for (int c = 0; arg && c < SC_N; c++)
			if (strcasecmp(arg, col_names[c]) == 0)
				return sorted_by(a, v, c, c != SC_STORE);
		tui_app_message(a, TUI_ROLE_ERROR,
		                "sort the stores by one of: store cameras alerts tp fp saved lost recall");
		return TUI_CH_DRAW;
	case TUI_ACT_SEARCH:
		if (!arg || !*arg)
			return TUI_CH_DRAW;
		free(v->search);
		v->search = strdup(arg);
		return search(a, v, arg, 1, false);
	case TUI_ACT_SEARCH_NEXT:
	case TUI_ACT_SEARCH_PREV:
		if (!v->search) {
			tui_app_message(a, TUI_ROLE_WARNING, "no search yet: press / first");
			return TUI_CH_DRAW;
		}
		return search(a, v, v->search, action == TUI_ACT_SEARCH_NEXT ? 1 : -1, true);
	case TUI_ACT_OPEN: {
		if (v->scroll.cur >= v->n_rows)
			return TUI_CH_DRAW;
		const char *store = a->ds->cameras[v->rows[v->scroll.cur].first].store;
		size_t len = strlen(store) + 2;
		char *f = malloc(len);
		if (!f)
			return TUI_CH_DRAW;
		snprintf(f, len, "%s:", store);
		tui_view_close(a); /* frees v; the list is on top again */
		tui_request rq = {.kind = TUI_REQ_FILTER, .text = f};
		int flags = tui_view_request(a, &rq);
		tui_app_message(a, TUI_ROLE_NORMAL, "the cameras of %s (Esc: every camera)", f);
		free(f);
		return flags < 0 ? TUI_CH_DRAW : flags | TUI_CH_DRAW;
	}
	}
	return -1;
}

static int stores_request(tui_app *a, tui_view *view, tui_request *rq)
{
	stores_state *v = view->priv;
	if (rq->kind != TUI_REQ_RESLICE)
		return -1;
	/* another dataset: the rows are summed again at the next draw */
	store_row *rows = realloc(v->rows, (a->ds->n_cameras ? a->ds->n_cameras : 1) * sizeof *rows);
	v->n_rows = v->scroll.cur = v->scroll.top = 0;
	if (!rows)
		return TUI_CH_QUIT;
	v->rows = rows;
	return TUI_CH_DRAW;
}

static const int stores_hints[] = {TUI_ACT_DOWN, TUI_ACT_UP, TUI_ACT_OPEN, TUI_ACT_SORT_NEXT,
                                   TUI_ACT_SORT_REVERSE, TUI_ACT_SEARCH, TUI_ACT_CANCEL, -1};

const tui_view_ops tui_view_stores = {
	.name = "stores",
	.private_size = sizeof(stores_state),
	.takes = TUI_SCOPE_SOLVE,
	.open = stores_open,
	.close = stores_close,
	.draw = stores_draw,
	.action = stores_action,
	.request = stores_request,
	.hints = stores_hints,
};
