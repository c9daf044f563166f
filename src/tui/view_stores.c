/* view_stores.c -- one row per store: its cameras, alerts, TP, FP, and
 * what the current solution does there (FP saved, TP lost, recall after).
 * The dataset's cameras come sorted by store (core/dataset.h), so a store
 * is a run of cameras.  j/k move the cursor over the stores; Enter shows
 * the store under it in the list (asks the list for the filter "STORE:";
 * Esc there clears it). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/svg.h"
#include "tui/app.h"
#include "tui/scroll.h"

typedef struct stores_state {
	tui_scroll scroll; /* the cursor: a store */
} stores_state;

/* The first camera of the k-th store; n_stores when asked. */
static size_t store_start(const tui_app *a, size_t k, size_t *n_stores)
{
	size_t s = 0, first = 0;
	for (size_t i = 0; i < a->ds->n_cameras; i++) {
		if (i > 0 && strcmp(a->ds->cameras[i].store, a->ds->cameras[i - 1].store) != 0)
			s++;
		if (i == 0 || strcmp(a->ds->cameras[i].store, a->ds->cameras[i - 1].store) != 0) {
			if (s == k)
				first = i;
		}
	}
	if (n_stores)
		*n_stores = a->ds->n_cameras ? s + 1 : 0;
	return first;
}

static void stores_draw(tui_app *a, tui_view *view, tui_rect r)
{
	stores_state *v = view->priv;
	const ct_dataset *ds = a->ds;
	char line[512];
	int store_w = r.w - 65 > 30 ? 30 : r.w - 65 < 8 ? 8 : r.w - 65;
	snprintf(line, sizeof line, " %-*s %7s %9s %7s %9s %9s %8s %8s", store_w, "store", "cameras",
	         "alerts", "TP", "FP", "FP saved", "TP lost", "recall");
	tui_fill(r.y, r.x, r.w, TUI_ROLE_HEADER);
	tui_addnstr(r.y, r.x, line, r.w);
	attrset(A_NORMAL);
	/* one pass over the cameras: the stores' rows in dataset order */
	int h = r.h - 1, row = 0;
	size_t n_stores;
	store_start(a, 0, &n_stores);
	tui_scroll_fit(&v->scroll, n_stores, h > 0 ? (size_t)h : 1);
	size_t k = 0;
	for (size_t i = 0; i < ds->n_cameras; k++) {
		size_t j = i;
		uint64_t alerts = 0, tp = 0, fp = 0, saved = 0, lost = 0;
		for (; j < ds->n_cameras && strcmp(ds->cameras[j].store, ds->cameras[i].store) == 0; j++) {
			tp += ds->cameras[j].n_tp;
			fp += ds->cameras[j].n_fp;
			if (a->have_sol && j < a->sol.n_cameras) {
				saved += a->sol.setting[j].fp_saved;
				lost += a->sol.setting[j].tp_lost;
			}
		}
		alerts = tp + fp;
		if (k >= v->scroll.top && row < h) {
			char n1[32], n2[32], n3[32], n4[32], n5[32], n6[32], rec[16], name[64];
			if (tp)
				snprintf(rec, sizeof rec, "%.1f%%", 100.0 * (double)(tp - lost) / (double)tp);
			else
				snprintf(rec, sizeof rec, "-");
			snprintf(name, sizeof name, "%s", ds->cameras[i].store);
			if ((int)strlen(name) > store_w) /* a cut name says so */
				snprintf(name + store_w - 1, sizeof name - (size_t)store_w + 1, "~");
			snprintf(line, sizeof line, " %-*s %7s %9s %7s %9s %9s %8s %8s", store_w, name,
			         ct_format_count(j - i, n1, sizeof n1), ct_format_count(alerts, n2, sizeof n2),
			         ct_format_count(tp, n3, sizeof n3), ct_format_count(fp, n4, sizeof n4),
			         a->have_sol ? ct_format_count(saved, n5, sizeof n5) : "...",
			         a->have_sol ? ct_format_count(lost, n6, sizeof n6) : "...", rec);
			bool sel = k == v->scroll.cur;
			if (sel)
				tui_fill(r.y + 1 + row, r.x, r.w, TUI_ROLE_SELECTED);
			attrset(tui_attr(sel ? TUI_ROLE_SELECTED : TUI_ROLE_NORMAL));
			tui_addnstr(r.y + 1 + row, r.x, line, r.w);
			row++;
		}
		i = j;
	}
	attrset(A_NORMAL);
}

static int stores_open(tui_app *a, tui_view *view)
{
	(void)a;
	stores_state *v = view->priv;
	v->scroll.cursor = true;
	return TUI_CH_DRAW;
}

static int stores_action(tui_app *a, tui_view *view, int action, const char *arg)
{
	(void)arg;
	stores_state *v = view->priv;
	if (tui_scroll_move(&v->scroll, action, (size_t)a->count))
		return TUI_CH_DRAW;
	switch (action) {
	case TUI_ACT_OPEN: {
		size_t n_stores;
		size_t first = store_start(a, v->scroll.cur, &n_stores);
		if (v->scroll.cur >= n_stores)
			return TUI_CH_DRAW;
		const char *store = a->ds->cameras[first].store;
		size_t len = strlen(store) + 2;
		char *f = malloc(len);
		if (!f)
			return TUI_CH_DRAW;
		snprintf(f, len, "%s:", store);
		tui_view_close(a); /* frees v; the list is on top again */
		tui_request rq = {.kind = TUI_REQ_FILTER, .text = f};
		int flags = tui_view_request(a, &rq);
		tui_app_message(a, TUI_ROLE_NORMAL, "the cameras of %s (Esc: every camera)", store);
		free(f);
		return flags < 0 ? TUI_CH_DRAW : flags | TUI_CH_DRAW;
	}
	}
	return -1;
}

static const int stores_hints[] = {TUI_ACT_DOWN, TUI_ACT_UP, TUI_ACT_OPEN, TUI_ACT_TARGET_UP,
                                   TUI_ACT_TARGET_DOWN, TUI_ACT_CANCEL, TUI_ACT_STORES, -1};

const tui_view_ops tui_view_stores = {
	.name = "stores",
	.private_size = sizeof(stores_state),
	.takes = TUI_SCOPE_SOLVE,
	.open = stores_open,
	.draw = stores_draw,
	.action = stores_action,
	.hints = stores_hints,
};
