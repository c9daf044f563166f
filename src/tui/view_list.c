/* view_list.c -- the camera list: columns, sort, filter, search.
 *
 * The bottom of the view stack (view.h).  Owns, in its own state, the
 * visible rows (camera indices in display order), the cursor (scroll.h),
 * sort, filter and search, and the pane drawn under it (curve, frontier
 * or quality).  Other views reach it through requests only: select a
 * camera, filter to a store, which camera is selected.  Columns are described once in a table; sorting, the
 * header and each row are driven by it.  Columns that do not fit a narrow
 * terminal are dropped in a fixed order, least useful first.
 */
#include "config.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "report/report.h"
#include "report/svg.h"
#include "tui/app.h"
#include "tui/view_curve.h"
#include "tui/view_frontier.h"
#include "tui/view_list.h"
#include "tui/view_quality.h"

extern const tui_view_ops tui_view_camera; /* view_camera.c: Enter opens it */

typedef struct tui_list {
	uint32_t *rows;      /* visible cameras in display order */
	size_t n_rows, n_alloc;
	tui_scroll scroll;   /* scroll.cur: the selected row */
	int sort_col;
	bool sort_desc;
	unsigned cols_shown; /* bit per column shown at the last draw (0: none yet) */
	unsigned cols_hidden;/* bit per column hidden by :columns */
	int hscroll;         /* columns scrolled off to the left (after camera) */
	char *filter, *search;
	tui_view pane[TUI_N_PANES]; /* curve, frontier, quality: drawn under the list */
} tui_list;

const char *const tui_column_names[TUI_N_COLUMNS] = {
	"store", "camera", "alerts", "tp", "fp", "precision", "auc",
	"threshold", "saved", "lost", "recall", "marks",
};

static const struct column {
	const char *title;
	int width;    /* including one leading blank; store: minimum */
	int drop;     /* order in which columns are dropped; 0 = never */
	bool left;    /* left-aligned text */
} columns[TUI_N_COLUMNS] = {
	[TUI_COL_STORE] = {"store", 10, 0, true},
	[TUI_COL_CAMERA] = {"camera", 8, 0, true},
	[TUI_COL_ALERTS] = {"alerts", 9, 2, false},
	[TUI_COL_TP] = {"TP", 7, 0, false},
	[TUI_COL_FP] = {"FP", 9, 0, false},
	[TUI_COL_PRECISION] = {"prec", 7, 1, false},
	[TUI_COL_AUC] = {"AUC", 6, 4, false},
	[TUI_COL_THRESHOLD] = {"threshold", 10, 0, false},
	[TUI_COL_SAVED] = {"FP saved", 9, 0, false},
	[TUI_COL_LOST] = {"TP lost", 8, 0, false},
	[TUI_COL_RECALL] = {"recall", 8, 3, false},
	[TUI_COL_MARKS] = {"mark", 5, 0, false},
};

#define STORE_MAX 30

/* The marks column's letter per enum tui_mark. */
static const char *const mark_letter[] = {"", "L", "M", "X"};

/* What each column and mark means: the help screen and the man page. */
static const char *const legend[] = {
	"store, camera: the camera's name (one too long for its column is cut in the middle, both "
	"ends kept, at a ~, an ellipsis in UTF-8; the curve pane has it whole)",
	"alerts: the camera's alerts in the history",
	"TP: its thefts (" CT_FEW_MARK_TEXT ")",
	"FP: its false alarms",
	"prec: its precision at baseline, TP / alerts, as a percentage",
	"AUC: how well its scores rank thefts above false alarms (0.5: chance); <5: "
	CT_AUC_WITHHELD_TEXT "; -: undefined (no theft or no false alarm)",
	"threshold: its setting in the current solution (baseline: nothing removed; muted: "
	"no alert kept)",
	"FP saved, TP lost: what that setting removes, against baseline",
	"recall: the share of its thefts the setting keeps",
	"mark: L locked, M muted, X excluded (kept at baseline, outside the optimisation)",
	"sorted column: its title ends in v or a triangle pointing the way of the order",
};

bool tui_list_legend(int i, char *buf, size_t len)
{
	if (i < 0 || (size_t)i >= sizeof legend / sizeof legend[0])
		return false;
	snprintf(buf, len, "%s", legend[i]);
	return true;
}

int tui_column_parse(const char *name)
{
	static const struct {
		const char *alias;
		int col;
	} aliases[] = {
		{"fp-saved", TUI_COL_SAVED}, {"tp-lost", TUI_COL_LOST},
		{"prec", TUI_COL_PRECISION}, {"mark", TUI_COL_MARKS},
		{"recall-after", TUI_COL_RECALL}, {"cam", TUI_COL_CAMERA},
	};
	for (int c = 0; c < TUI_N_COLUMNS; c++)
		if (strcasecmp(name, tui_column_names[c]) == 0)
			return c;
	for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
		if (strcasecmp(name, aliases[i].alias) == 0)
			return aliases[i].col;
	return -1;
}

/* ---- values ------------------------------------------------------------- */

static bool has_setting(const tui_app *a, uint32_t i)
{
	return a->have_sol && i < a->sol.n_cameras;
}

static double column_value(const tui_app *a, uint32_t i, int col)
{
	const ct_camera *c = &a->ds->cameras[i];
	const ct_option *s = has_setting(a, i) ? &a->sol.setting[i] : NULL;
	switch (col) {
	case TUI_COL_ALERTS:
		return (double)c->n_tp + c->n_fp;
	case TUI_COL_TP:
		return c->n_tp;
	case TUI_COL_FP:
		return c->n_fp;
	case TUI_COL_PRECISION:
		return c->n_tp + c->n_fp ? (double)c->n_tp / ((double)c->n_tp + c->n_fp) : -1;
	case TUI_COL_AUC: /* withheld sorts with the undefined ones */
		return isnan(a->auc[i]) || a->cstats[i].auc_withheld ? -1 : a->auc[i];
	case TUI_COL_THRESHOLD:
		return s ? s->threshold : -INFINITY;
	case TUI_COL_SAVED:
		return s ? (double)s->fp_saved : -1;
	case TUI_COL_LOST:
		return s ? (double)s->tp_lost : -1;
	case TUI_COL_RECALL:
		return s && c->n_tp ? (double)(c->n_tp - s->tp_lost) / c->n_tp : -1;
	case TUI_COL_MARKS:
		return a->st.mark[i];
	}
	return 0;
}

/* Sorting 40k cameras by calling column_value() from the comparator is
 * too slow for a live target change; sort (key, camera) pairs instead. */
typedef struct sort_item {
	double key;
	uint32_t cam;
} sort_item;

/* qsort has no context argument in C11 */
static const tui_app *sort_app;
static const tui_list *sort_list;

/* By camera id (the core's order of ids), then store; by store, the
 * dataset's own order is already store then camera id. */
static int compare_names(const tui_app *a, uint32_t i, uint32_t j)
{
	const ct_camera *ci = &a->ds->cameras[i], *cj = &a->ds->cameras[j];
	int r = 0;
	if (sort_list->sort_col == TUI_COL_CAMERA)
		r = ct_camera_id_compare(ci->camera_id, cj->camera_id);
	return r ? r : (i > j) - (i < j);
}

static int compare_items(const void *pa, const void *pb)
{
	const sort_item *x = pa, *y = pb;
	const tui_app *a = sort_app;
	int r;
	if (sort_list->sort_col == TUI_COL_STORE || sort_list->sort_col == TUI_COL_CAMERA)
		r = compare_names(a, x->cam, y->cam);
	else
		r = x->key < y->key ? -1 : x->key > y->key;
	if (sort_list->sort_desc)
		r = -r;
	if (!r) /* stable: dataset order */
		r = x->cam < y->cam ? -1 : x->cam > y->cam;
	return r;
}

static bool sort_uses_solution(const tui_list *l)
{
	int c = l->sort_col;
	return c == TUI_COL_THRESHOLD || c == TUI_COL_SAVED || c == TUI_COL_LOST ||
	       c == TUI_COL_RECALL || c == TUI_COL_MARKS;
}

static bool matches(const char *name, const char *text)
{
	size_t n = strlen(text);
	for (const char *p = name; *p; p++)
		if (strncasecmp(p, text, n) == 0)
			return true;
	return n == 0;
}

/* A double as an unsigned integer in the same order. */
static uint64_t order_bits(double d)
{
	uint64_t u;
	memcpy(&u, &d, sizeof u);
	return u >> 63 ? ~u : u | (UINT64_C(1) << 63);
}

/* Numeric columns: a stable LSD radix sort of 64-bit keys (ties keep the
 * dataset order, as the comparator does), about 1 ms for 40k cameras
 * where qsort takes 20.  -1 when out of memory. */
static int radix_sort_rows(tui_app *a, tui_list *l)
{
	size_t n = l->n_rows;
	if (n < 2)
		return 0;
	uint64_t *key = malloc((n ? n : 1) * sizeof *key * 2);
	uint32_t *tmp = malloc((n ? n : 1) * sizeof *tmp);
	if (!key || !tmp) {
		free(key);
		free(tmp);
		return -1;
	}
	uint64_t *ktmp = key + n;
	for (size_t r = 0; r < n; r++) {
		uint64_t k = order_bits(column_value(a, l->rows[r], l->sort_col));
		key[r] = l->sort_desc ? ~k : k;
	}
	uint32_t *src = l->rows, *dst = tmp;
	uint64_t *ks = key, *kd = ktmp;
	for (int shift = 0; shift < 64; shift += 8) {
		size_t count[257] = {0};
		for (size_t r = 0; r < n; r++)
			count[((ks[r] >> shift) & 0xff) + 1]++;
		if (count[((ks[0] >> shift) & 0xff) + 1] == n)
			continue; /* every key has this byte: nothing to do */
		for (int b = 0; b < 256; b++)
			count[b + 1] += count[b];
		for (size_t r = 0; r < n; r++) {
			size_t at = count[(ks[r] >> shift) & 0xff]++;
			dst[at] = src[r];
			kd[at] = ks[r];
		}
		uint32_t *t = src;
		src = dst;
		dst = t;
		uint64_t *kt = ks;
		ks = kd;
		kd = kt;
	}
	if (src != l->rows)
		memcpy(l->rows, src, n * sizeof *l->rows);
	free(key);
	free(tmp);
	return 0;
}

static bool find_row(const tui_list *l, int camera, size_t *row);

static int selected(const tui_list *l)
{
	return l->scroll.cur < l->n_rows ? (int)l->rows[l->scroll.cur] : -1;
}

/* Filter and sort the rows again, keeping the selected camera. */
static void rebuild(tui_app *a, tui_list *l)
{
	sort_item *items;
	int keep = selected(l);
	l->n_rows = 0;
	for (size_t i = 0; i < a->ds->n_cameras; i++)
		if (!l->filter || matches(a->names[i], l->filter))
			l->rows[l->n_rows++] = (uint32_t)i;
	if (l->sort_col == TUI_COL_STORE && !l->sort_desc) {
		/* the dataset's order: done */
	} else if (l->sort_col != TUI_COL_STORE && l->sort_col != TUI_COL_CAMERA &&
	           radix_sort_rows(a, l) == 0) {
		/* numbers: done */
	} else if ((items = malloc((l->n_rows ? l->n_rows : 1) * sizeof *items))) {
		for (size_t r = 0; r < l->n_rows; r++) {
			items[r].cam = l->rows[r];
			items[r].key = column_value(a, l->rows[r], l->sort_col);
		}
		sort_app = a;
		sort_list = l;
		qsort(items, l->n_rows, sizeof *items, compare_items);
		sort_app = NULL;
		sort_list = NULL;
		for (size_t r = 0; r < l->n_rows; r++)
			l->rows[r] = items[r].cam;
		free(items);
	} /* else: out of memory, the rows stay in dataset order */
	if (keep < 0 || !find_row(l, keep, &l->scroll.cur))
		l->scroll.cur = l->scroll.top = 0;
}

static bool find_row(const tui_list *l, int camera, size_t *row)
{
	for (size_t r = 0; r < l->n_rows; r++)
		if ((int)l->rows[r] == camera) {
			*row = r;
			return true;
		}
	return false;
}

/* Select the camera; clears the filter when it hides the camera. */
static void select_camera(tui_app *a, tui_list *l, int camera)
{
	if (camera < 0 || (size_t)camera >= a->ds->n_cameras)
		return;
	if (!find_row(l, camera, &l->scroll.cur)) {
		free(l->filter); /* the filter hides it: show every camera */
		l->filter = NULL;
		rebuild(a, l);
		find_row(l, camera, &l->scroll.cur);
	}
}

static int list_search(tui_app *a, tui_list *l, const char *text, int dir, bool skip_current)
{
	if (l->n_rows == 0) {
		tui_app_message(a, TUI_ROLE_WARNING, "search '%s': the list is empty", text);
		return -1;
	}
	size_t n = l->n_rows, sel = l->scroll.cur;
	for (size_t step = skip_current ? 1 : 0; step <= n; step++) {
		size_t r = dir > 0 ? (sel + step) % n : (sel + n - step % n) % n;
		if (matches(a->names[l->rows[r]], text)) {
			bool wrapped = dir > 0 ? r < sel : r > sel;
			l->scroll.cur = r;
			tui_app_message(a, TUI_ROLE_NORMAL, "/%s: %s%s", text, a->names[l->rows[r]],
			                wrapped ? " (search wrapped)" : "");
			return (int)r;
		}
	}
	tui_app_message(a, TUI_ROLE_WARNING, "/%s: no camera matches", text);
	return -1;
}

/* ---- actions -------------------------------------------------------------- */

static void column_list(char *buf, size_t len)
{
	size_t used = 0;
	buf[0] = '\0';
	for (int c = 0; c < TUI_N_COLUMNS && used < len; c++) {
		int n = snprintf(buf + used, len - used, "%s%s", c ? " " : "", tui_column_names[c]);
		if (n < 0)
			break;
		used += (size_t)n;
	}
}

static int sorted_by(tui_app *a, tui_list *l, int col, bool desc)
{
	l->sort_col = col;
	l->sort_desc = desc;
	tui_app_message(a, TUI_ROLE_NORMAL, "sorted by %s, %s", tui_column_names[col],
	                desc ? "descending" : "ascending");
	return TUI_CH_ROWS | TUI_CH_DRAW;
}

/* `:columns [NAME...]`: toggle the columns named ("all" shows every one). */
static int columns_command(tui_app *a, tui_list *l, const char *arg)
{
	char buf[256], names[256];
	snprintf(buf, sizeof buf, "%s", arg ? arg : "");
	for (char *tok = strtok(buf, " ,"); tok; tok = strtok(NULL, " ,")) {
		if (strcasecmp(tok, "all") == 0) {
			l->cols_hidden = 0;
			continue;
		}
		int c = tui_column_parse(tok);
		if (c < 0 || c == TUI_COL_STORE || c == TUI_COL_CAMERA) {
			column_list(names, sizeof names);
			tui_app_message(a, TUI_ROLE_ERROR, "columns: '%s' is not one of %s (store and camera stay)",
			                tok, names + strlen("store camera "));
			return TUI_CH_DRAW;
		}
		l->cols_hidden ^= 1u << c;
	}
	size_t used = 0;
	names[0] = '\0';
	for (int c = 0; c < TUI_N_COLUMNS; c++)
		if (l->cols_hidden & (1u << c)) {
			int n = snprintf(names + used, sizeof names - used, " %s", tui_column_names[c]);
			if (n > 0 && (size_t)n < sizeof names - used)
				used += (size_t)n;
		}
	tui_app_message(a, TUI_ROLE_NORMAL, "hidden columns:%s%s", used ? names : " none",
	                used ? " (:columns NAME shows one again)" : "");
	l->hscroll = 0;
	return TUI_CH_DRAW;
}

static int list_action(tui_app *a, tui_view *v, int action, const char *arg)
{
	tui_list *l = v->priv;
	if (tui_scroll_move(&l->scroll, action, (size_t)a->count))
		return TUI_CH_DRAW;
	switch (action) {
	case TUI_ACT_SEARCH:
		if (!arg || !*arg) {
			tui_app_message(a, TUI_ROLE_WARNING, "search TEXT");
			return TUI_CH_DRAW;
		}
		free(l->search);
		l->search = strdup(arg);
		list_search(a, l, arg, 1, false);
		return TUI_CH_DRAW;
	case TUI_ACT_SEARCH_NEXT:
	case TUI_ACT_SEARCH_PREV:
		if (!l->search) {
			tui_app_message(a, TUI_ROLE_WARNING, "no search yet: press / first");
			return TUI_CH_DRAW;
		}
		list_search(a, l, l->search, action == TUI_ACT_SEARCH_NEXT ? 1 : -1, true);
		return TUI_CH_DRAW;
	case TUI_ACT_FILTER:
		if (!arg)
			return -1; /* a key: the loop opens the prompt */
		free(l->filter);
		l->filter = *arg ? strdup(arg) : NULL;
		rebuild(a, l);
		if (l->filter)
			tui_app_message(a, TUI_ROLE_NORMAL, "filter '%s': %zu of %zu cameras", l->filter,
			                l->n_rows, a->ds->n_cameras);
		else
			tui_app_message(a, TUI_ROLE_NORMAL, "no filter: %zu camera%s", l->n_rows,
			                tui_plural(l->n_rows));
		return TUI_CH_DRAW;
	case TUI_ACT_SORT: {
		int col = arg ? tui_column_parse(arg) : -1;
		if (col < 0) {
			char names[256];
			column_list(names, sizeof names);
			tui_app_message(a, TUI_ROLE_ERROR, "sort by one of: %s", names);
			return TUI_CH_DRAW;
		}
		return sorted_by(a, l, col, col != TUI_COL_STORE && col != TUI_COL_CAMERA);
	}
	case TUI_ACT_SORT_NEXT:
	case TUI_ACT_SORT_PREV: {
		/* through the columns on screen: sorting by one that a narrow
		 * terminal hides would look like no order at all */
		int col = l->sort_col;
		for (int k = 0; k < TUI_N_COLUMNS; k++) {
			col = (col + (action == TUI_ACT_SORT_NEXT ? 1 : TUI_N_COLUMNS - 1)) % TUI_N_COLUMNS;
			if (!l->cols_shown || (l->cols_shown & (1u << col)))
				break;
		}
		return sorted_by(a, l, col, col != TUI_COL_STORE && col != TUI_COL_CAMERA);
	}
	case TUI_ACT_SORT_REVERSE:
		return sorted_by(a, l, l->sort_col, !l->sort_desc);
	case TUI_ACT_SCROLL_LEFT:
		if (l->hscroll > 0)
			l->hscroll--;
		return TUI_CH_DRAW;
	case TUI_ACT_SCROLL_RIGHT:
		/* while a column is not shown (at 0: one the width dropped; further
		 * right: the last one) */
		for (int c = TUI_N_COLUMNS - 1; c > TUI_COL_CAMERA; c--)
			if (!(l->cols_hidden & (1u << c)) && !(l->cols_shown & (1u << c)) &&
			    (l->hscroll == 0 || c == TUI_N_COLUMNS - 1)) {
				l->hscroll++;
				break;
			}
		for (int c = TUI_N_COLUMNS - 1; l->hscroll > 0 && c > TUI_COL_CAMERA; c--)
			if (!(l->cols_hidden & (1u << c))) {
				if (l->cols_shown & (1u << c)) /* the last one is in view */
					tui_app_message(a, TUI_ROLE_NORMAL, "the last column is in view");
				break;
			}
		return TUI_CH_DRAW;
	case TUI_ACT_COLUMNS:
		return columns_command(a, l, arg);
	case TUI_ACT_OPEN: /* the camera under the cursor, full screen */
		if (selected(l) < 0) {
			tui_app_message(a, TUI_ROLE_WARNING, "no camera selected");
			return TUI_CH_DRAW;
		}
		return tui_view_open(a, &tui_view_camera);
	case TUI_ACT_CANCEL: { /* Esc: the pane's cursor, else a filter (a store's) */
		tui_view *p = &l->pane[a->pane];
		int r = p->ops->action ? p->ops->action(a, p, action, arg) : -1;
		if (r >= 0 || !l->filter)
			return r;
		free(l->filter);
		l->filter = NULL;
		rebuild(a, l);
		tui_app_message(a, TUI_ROLE_NORMAL, "filter cleared: %zu cameras", l->n_rows);
		return TUI_CH_DRAW;
	}
	}
	/* under the list, the pane may take a key (the frontier's cursor) */
	tui_view *pane = &l->pane[a->pane];
	return pane->ops->action ? pane->ops->action(a, pane, action, arg) : -1;
}

/* ---- drawing -------------------------------------------------------------- */

static void format_cell(const tui_app *a, uint32_t i, int col, char *buf, size_t len)
{
	const ct_camera *c = &a->ds->cameras[i];
	const ct_option *s = has_setting(a, i) ? &a->sol.setting[i] : NULL;
	char n[32]; /* counts: ct_format_count, as everywhere */
	switch (col) {
	case TUI_COL_STORE:
		snprintf(buf, len, "%s", c->store);
		return;
	case TUI_COL_CAMERA:
		snprintf(buf, len, "%s", c->camera_id);
		return;
	case TUI_COL_TP: /* the mark of few thefts (the help says what it means) */
		ct_format_count(c->n_tp, n, sizeof n);
		snprintf(buf, len, "%s%s", n, a->cstats[i].few_thefts ? CT_FEW_MARK : " ");
		return;
	case TUI_COL_ALERTS:
	case TUI_COL_FP:
		snprintf(buf, len, "%s", ct_format_count((uint64_t)column_value(a, i, col), n, sizeof n));
		return;
	case TUI_COL_PRECISION: {
		/* a percentage, with the digits that tell the low ones apart
		 * (most cameras are well under 1 %) */
		double p = 100.0 * column_value(a, i, col);
		if (p < 0)
			snprintf(buf, len, "-");
		else
			snprintf(buf, len, p < 10 ? "%.2f%%" : p < 100 ? "%.1f%%" : "100%%", p);
		return;
	}
	case TUI_COL_AUC:
		if (isnan(a->auc[i]))
			snprintf(buf, len, "-");
		else if (a->cstats[i].auc_withheld)
			snprintf(buf, len, "<5"); /* withheld: fewer than 5 thefts */
		else
			snprintf(buf, len, "%.3f", a->auc[i]);
		return;
	case TUI_COL_THRESHOLD:
		if (!s)
			snprintf(buf, len, "...");
		else if (s->muted)
			snprintf(buf, len, "muted");
		else if (!s->fp_saved && !s->tp_lost)
			snprintf(buf, len, "baseline"); /* the export keeps its exact threshold */
		else
			snprintf(buf, len, "%.6f", s->threshold);
		return;
	case TUI_COL_SAVED:
	case TUI_COL_LOST:
		if (!s)
			snprintf(buf, len, "...");
		else
			snprintf(buf, len, "%s",
			         ct_format_count((uint64_t)column_value(a, i, col), n, sizeof n));
		return;
	case TUI_COL_RECALL:
		if (!s)
			snprintf(buf, len, "...");
		else if (!c->n_tp)
			snprintf(buf, len, "-");
		else
			snprintf(buf, len, "%.1f%%", 100.0 * column_value(a, i, col));
		return;
	case TUI_COL_MARKS:
		snprintf(buf, len, "%s", mark_letter[a->st.mark[i]]);
		return;
	}
	buf[0] = '\0';
}

/* Which columns are shown and how wide: user-hidden ones (:columns) never;
 * at hscroll 0 the least useful are dropped until the rest fit; scrolled
 * right (hscroll > 0), the store and camera stay and the others follow in
 * order from the hscroll-th, as many as fit.  The sorted column gets one more column
 * when its title and arrow would touch the neighbour. */
static int layout(tui_list *l, int w_total, bool shown[TUI_N_COLUMNS], int width[TUI_N_COLUMNS])
{
	int fixed = 0;
	for (int c = 0; c < TUI_N_COLUMNS; c++) {
		width[c] = columns[c].width;
		if (c == l->sort_col && (int)strlen(columns[c].title) + 1 > width[c] - 1)
			width[c]++;
		shown[c] = !(l->cols_hidden & (1u << c));
		if (shown[c] && c != TUI_COL_STORE)
			fixed += width[c];
	}
	int min_store = columns[TUI_COL_STORE].width;
	if (l->hscroll > 0) {
		int skip = l->hscroll - 1; /* 1: every column in order, as many as fit */
		fixed = width[TUI_COL_CAMERA];
		for (int c = 0; c < TUI_N_COLUMNS; c++) {
			if (c == TUI_COL_STORE || c == TUI_COL_CAMERA || !shown[c])
				continue;
			if (skip > 0) {
				shown[c] = false;
				skip--;
			} else if (fixed + width[c] > w_total - min_store) {
				shown[c] = false;
			} else {
				fixed += width[c];
			}
		}
	} else {
		for (int d = 1; d <= 4 && w_total - fixed < min_store; d++)
			for (int c = 0; c < TUI_N_COLUMNS; c++)
				if (columns[c].drop == d && shown[c] && c != l->sort_col) {
					shown[c] = false;
					fixed -= width[c];
				}
		/* still too wide: the store column shrinks to 4, then the last
		 * columns go (] scrolls to them) */
		for (int c = TUI_N_COLUMNS - 1; c > TUI_COL_CAMERA && w_total - fixed < 4; c--)
			if (shown[c] && c != l->sort_col) {
				shown[c] = false;
				fixed -= width[c];
			}
	}
	l->cols_shown = 0;
	for (int c = 0; c < TUI_N_COLUMNS; c++)
		if (shown[c])
			l->cols_shown |= 1u << c;
	int store_w = w_total - fixed;
	if (store_w > STORE_MAX)
		store_w = STORE_MAX;
	if (store_w < 4)
		store_w = 4;
	width[TUI_COL_STORE] = store_w;
	return store_w;
}

static void list_draw_rows(tui_app *a, tui_list *l, tui_rect r)
{
	if (r.h < 1 || r.w < 1)
		return;
	bool shown[TUI_N_COLUMNS];
	int width[TUI_N_COLUMNS];
	layout(l, r.w, shown, width);

	/* header */
	tui_fill(r.y, r.x, r.w, TUI_ROLE_HEADER);
	attrset(tui_attr(TUI_ROLE_HEADER));
	int x = r.x;
	for (int c = 0; c < TUI_N_COLUMNS; c++) {
		if (!shown[c])
			continue;
		int w = width[c];
		char title[32];
		const char *arrow = l->sort_col != c ? ""
		                    : a->ascii ? (l->sort_desc ? "v" : "^")
		                               : (l->sort_desc ? "\u25bc" : "\u25b2");
		snprintf(title, sizeof title, "%s%s", columns[c].title, arrow);
		int tl = (int)strlen(columns[c].title) + (*arrow ? 1 : 0); /* columns */
		int at = columns[c].left ? x + (c == TUI_COL_STORE ? 0 : 1) : x + w - tl;
		/* a left column's title is cut to keep a blank before the next */
		int room = columns[c].left ? x + w - 1 - at : r.x + r.w - at;
		if (at - r.x + (columns[c].left ? 0 : tl) <= r.w && room > 0)
			tui_addnstr(r.y, at, title, room < r.x + r.w - at ? room : r.x + r.w - at);
		x += w;
		if (c == TUI_COL_CAMERA && l->hscroll > 0 && x < r.x + r.w)
			tui_addnstr(r.y, x - 1, a->ascii ? "<" : "\u2039", 1); /* more to the left */
	}
	bool more_right = false;
	for (int c = TUI_COL_CAMERA + 1, seen = 0; c < TUI_N_COLUMNS; c++)
		if (!(l->cols_hidden & (1u << c))) {
			if (shown[c])
				seen = 1;
			else if (seen || l->hscroll > 0)
				more_right = true;
		}
	if (more_right && l->hscroll > 0)
		tui_addnstr(r.y, r.x + r.w - 1, a->ascii ? ">" : "\u203a", 1);
	attrset(A_NORMAL);

	int h = r.h - 1;
	tui_scroll_fit(&l->scroll, l->n_rows, h > 0 ? (size_t)h : 1);

	for (int row = 0; row < h; row++) {
		int y = r.y + 1 + row;
		size_t idx = l->scroll.top + (size_t)row;
		move(y, r.x);
		for (int k = 0; k < r.w; k++)
			addch(' ');
		if (idx >= l->n_rows) {
			if (row == 0 && l->n_rows == 0)
				mvaddstr(y, r.x + 1, l->filter ? "no camera matches the filter (f to change it)"
				                                : "no cameras");
			continue;
		}
		uint32_t cam = l->rows[idx];
		bool sel = idx == l->scroll.cur;
		int base = sel ? TUI_ROLE_SELECTED : TUI_ROLE_NORMAL;
		if (sel)
			tui_fill(y, r.x, r.w, TUI_ROLE_SELECTED);
		x = r.x;
		for (int c = 0; c < TUI_N_COLUMNS; c++) {
			if (!shown[c])
				continue;
			int w = width[c];
			char cell[64];
			format_cell(a, cam, c, cell, sizeof cell);
			int role = base;
			if (!sel && c == TUI_COL_MARKS)
				role = TUI_ROLE_MARK;
			else if (!sel && (c == TUI_COL_SAVED || c == TUI_COL_LOST || c == TUI_COL_THRESHOLD))
				role = TUI_ROLE_NUMBER;
			attrset(tui_attr(role));
			int cw = w - 1;
			int len = (int)strlen(cell);
			if (columns[c].left) {
				int at = c == TUI_COL_STORE ? x : x + 1;
				int room = c == TUI_COL_STORE ? w - 1 : cw;
				/* a long name keeps both ends (the curve pane has it whole) */
				char cut[128];
				tui_cut_middle(cell, room, a->ascii, cut, sizeof cut);
				tui_addnstr(y, at, cut, room);
			} else {
				if (len > cw)
					len = cw;
				tui_addnstr(y, x + w - len, cell, len);
			}
			x += w;
		}
		attrset(A_NORMAL);
	}
}

/* The list and its pane: side by side once the list has all its columns
 * and the pane still gets 60 columns, else the pane under the list. */
static void list_draw(tui_app *a, tui_view *v, tui_rect r)
{
	tui_list *l = v->priv;
	tui_view *pane = &l->pane[a->pane];
	if (r.w >= 180) {
		int lw = r.w - 60 < 125 ? r.w - 60 : 125;
		list_draw_rows(a, l, (tui_rect){r.y, r.x, r.h, lw});
		attrset(tui_attr(TUI_ROLE_DIM)); /* a thin divider */
		for (int y = r.y; y < r.y + r.h; y++)
			mvaddstr(y, r.x + lw, a->ascii ? "|" : "\u2502");
		attrset(A_NORMAL);
		pane->ops->draw(a, pane, (tui_rect){r.y, r.x + lw + 1, r.h, r.w - lw - 1});
		return;
	}
	/* at 80x24, 12 rows of cameras under the header */
	int ph = r.h * 38 / 100;
	if (ph < 8)
		ph = 8;
	int lh = r.h - ph < 5 ? 5 : r.h - ph;
	list_draw_rows(a, l, (tui_rect){r.y, r.x, lh, r.w});
	pane->ops->draw(a, pane, (tui_rect){r.y + lh, r.x, r.h - lh, r.w});
}

static int list_open(tui_app *a, tui_view *v)
{
	tui_list *l = v->priv;
	static const tui_view_ops *const panes[TUI_N_PANES] = {
		[TUI_PANE_CURVE] = &tui_view_curve,
		[TUI_PANE_FRONTIER] = &tui_view_frontier,
		[TUI_PANE_QUALITY] = &tui_view_quality,
	};
	l->sort_col = TUI_COL_FP;
	l->sort_desc = true;
	l->scroll.cursor = true;
	l->n_alloc = a->ds->n_cameras;
	if (!(l->rows = malloc((l->n_alloc ? l->n_alloc : 1) * sizeof *l->rows)))
		return -1;
	for (int p = 0; p < TUI_N_PANES; p++)
		if (tui_view_init(&l->pane[p], panes[p], v) != 0)
			return -1;
	return TUI_CH_ROWS;
}

static void list_close(tui_app *a, tui_view *v)
{
	tui_list *l = v->priv;
	for (int p = 0; p < TUI_N_PANES; p++)
		if (l->pane[p].ops)
			tui_view_release(a, &l->pane[p]);
	free(l->rows);
	free(l->filter);
	free(l->search);
}

static int list_request(tui_app *a, tui_view *v, tui_request *rq)
{
	tui_list *l = v->priv;
	switch (rq->kind) {
	case TUI_REQ_SELECT:
		select_camera(a, l, rq->camera);
		return TUI_CH_DRAW;
	case TUI_REQ_FILTER:
		free(l->filter);
		l->filter = rq->text && *rq->text ? strdup(rq->text) : NULL;
		rebuild(a, l);
		l->scroll.cur = l->scroll.top = 0;
		return TUI_CH_DRAW;
	case TUI_REQ_SELECTED:
		rq->camera = selected(l);
		return TUI_CH_NONE;
	case TUI_REQ_SHOWN:
		rq->rows = l->rows;
		rq->n_rows = l->n_rows;
		rq->pos = l->scroll.cur;
		rq->text = l->filter;
		return TUI_CH_NONE;
	case TUI_REQ_ROWS:
		rebuild(a, l);
		return TUI_CH_DRAW;
	case TUI_REQ_SOLVED:
		if (sort_uses_solution(l))
			rebuild(a, l);
		return TUI_CH_DRAW;
	case TUI_REQ_RESLICE: {
		/* new camera indices: the rows are rebuilt (TUI_CH_ROWS) */
		size_t n = a->ds->n_cameras;
		uint32_t *rows = n > l->n_alloc ? realloc(l->rows, n * sizeof *rows) : l->rows;
		l->n_rows = l->scroll.cur = l->scroll.top = 0;
		if (!rows)
			return TUI_CH_QUIT;
		l->rows = rows;
		if (n > l->n_alloc)
			l->n_alloc = n;
		return TUI_CH_ROWS;
	}
	}
	return -1;
}

static int list_camera(const tui_app *a, const tui_view *v)
{
	(void)a;
	return selected(v->priv);
}

/* help and quit first: the first screen always says how to get out */
static const int list_hints[] = {
	TUI_ACT_HELP, TUI_ACT_QUIT, TUI_ACT_PROMPT, TUI_ACT_OPEN, TUI_ACT_TARGET_UP,
	TUI_ACT_TARGET_DOWN, TUI_ACT_STRATEGY_NEXT, TUI_ACT_EXPORT, TUI_ACT_SEARCH, TUI_ACT_FLEET, -1,
};

const tui_view_ops tui_view_list = {
	.name = "cameras",
	.private_size = sizeof(tui_list),
	.takes = TUI_SCOPE_SOLVE | TUI_SCOPE_CAMERA | TUI_SCOPE_LIST,
	.open = list_open,
	.close = list_close,
	.draw = list_draw,
	.action = list_action,
	.request = list_request,
	.camera = list_camera,
	.hints = list_hints,
};
