/* view_list.c -- the camera list: columns, sort, filter, search, scrolling.
 *
 * Owns the visible rows (a->rows: camera indices in display order) and
 * the selection.  Columns are described once in a table; sorting, the
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
#include "tui/app.h"

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
	[TUI_COL_ALERTS] = {"alerts", 9, 3, false},
	[TUI_COL_TP] = {"TP", 7, 0, false},
	[TUI_COL_FP] = {"FP", 9, 0, false},
	[TUI_COL_PRECISION] = {"prec", 7, 1, false},
	[TUI_COL_AUC] = {"AUC", 6, 2, false},
	[TUI_COL_THRESHOLD] = {"threshold", 10, 0, false},
	[TUI_COL_SAVED] = {"FP saved", 9, 0, false},
	[TUI_COL_LOST] = {"TP lost", 8, 0, false},
	[TUI_COL_RECALL] = {"recall", 8, 4, false},
	[TUI_COL_MARKS] = {"mark", 5, 0, false},
};

#define STORE_MAX 30

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

/* Camera ids compare as numbers when both are numbers. */
static int compare_ids(const char *x, const char *y)
{
	char *ex, *ey;
	double dx = strtod(x, &ex), dy = strtod(y, &ey);
	if (*x && *y && !*ex && !*ey && dx != dy)
		return dx < dy ? -1 : 1;
	return strcmp(x, y);
}

/* Sorting 40k cameras by calling column_value() from the comparator is
 * too slow for a live target change; sort (key, camera) pairs instead. */
typedef struct sort_item {
	double key;
	uint32_t cam;
} sort_item;

static const tui_app *sort_app; /* qsort has no context argument in C11 */

static int compare_names(const tui_app *a, uint32_t i, uint32_t j)
{
	const ct_camera *ci = &a->ds->cameras[i], *cj = &a->ds->cameras[j];
	int r = 0;
	if (a->sort_col == TUI_COL_STORE)
		r = strcmp(ci->store, cj->store);
	if (!r)
		r = compare_ids(ci->camera_id, cj->camera_id);
	if (!r && a->sort_col == TUI_COL_CAMERA)
		r = strcmp(ci->store, cj->store);
	return r;
}

static int compare_items(const void *pa, const void *pb)
{
	const sort_item *x = pa, *y = pb;
	const tui_app *a = sort_app;
	int r;
	if (a->sort_col == TUI_COL_STORE || a->sort_col == TUI_COL_CAMERA)
		r = compare_names(a, x->cam, y->cam);
	else
		r = x->key < y->key ? -1 : x->key > y->key;
	if (a->sort_desc)
		r = -r;
	if (!r) /* stable: dataset order */
		r = x->cam < y->cam ? -1 : x->cam > y->cam;
	return r;
}

bool tui_list_sort_uses_solution(const tui_app *a)
{
	return a->sort_col == TUI_COL_THRESHOLD || a->sort_col == TUI_COL_SAVED ||
	       a->sort_col == TUI_COL_LOST || a->sort_col == TUI_COL_RECALL ||
	       a->sort_col == TUI_COL_MARKS;
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
static int radix_sort_rows(tui_app *a)
{
	size_t n = a->n_rows;
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
		uint64_t k = order_bits(column_value(a, a->rows[r], a->sort_col));
		key[r] = a->sort_desc ? ~k : k;
	}
	uint32_t *src = a->rows, *dst = tmp;
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
	if (src != a->rows)
		memcpy(a->rows, src, n * sizeof *a->rows);
	free(key);
	free(tmp);
	return 0;
}

void tui_list_rebuild(tui_app *a)
{
	sort_item *items;
	int keep = tui_app_selected(a);
	a->n_rows = 0;
	for (size_t i = 0; i < a->ds->n_cameras; i++)
		if (!a->filter || matches(a->names[i], a->filter))
			a->rows[a->n_rows++] = (uint32_t)i;
	if (a->sort_col != TUI_COL_STORE && a->sort_col != TUI_COL_CAMERA && radix_sort_rows(a) == 0) {
		/* numbers: done */
	} else if ((items = malloc((a->n_rows ? a->n_rows : 1) * sizeof *items))) {
		for (size_t r = 0; r < a->n_rows; r++) {
			items[r].cam = a->rows[r];
			items[r].key = column_value(a, a->rows[r], a->sort_col);
		}
		sort_app = a;
		qsort(items, a->n_rows, sizeof *items, compare_items);
		sort_app = NULL;
		for (size_t r = 0; r < a->n_rows; r++)
			a->rows[r] = items[r].cam;
		free(items);
	} /* else: out of memory, the rows stay in dataset order */
	if (keep < 0 || !tui_list_select_camera(a, keep))
		a->sel = a->top = 0;
}

bool tui_list_select_camera(tui_app *a, int camera)
{
	for (size_t r = 0; r < a->n_rows; r++)
		if ((int)a->rows[r] == camera) {
			a->sel = r;
			return true;
		}
	return false;
}

int tui_list_search(tui_app *a, const char *text, int dir, bool skip_current)
{
	if (a->n_rows == 0) {
		tui_app_message(a, TUI_ROLE_WARNING, "search '%s': the list is empty", text);
		return -1;
	}
	size_t n = a->n_rows;
	for (size_t step = skip_current ? 1 : 0; step <= n; step++) {
		size_t r = dir > 0 ? (a->sel + step) % n : (a->sel + n - step % n) % n;
		if (matches(a->names[a->rows[r]], text)) {
			bool wrapped = dir > 0 ? r < a->sel : r > a->sel;
			a->sel = r;
			tui_app_message(a, TUI_ROLE_NORMAL, "/%s: %s%s", text, a->names[a->rows[r]],
			                wrapped ? " (search wrapped)" : "");
			return (int)r;
		}
	}
	tui_app_message(a, TUI_ROLE_WARNING, "/%s: no camera matches", text);
	return -1;
}

/* ---- navigation ---------------------------------------------------------- */

static int list_action(tui_app *a, int action)
{
	size_t page = a->list_height > 1 ? (size_t)a->list_height - 1 : 1;
	size_t last = a->n_rows ? a->n_rows - 1 : 0;
	switch (action) {
	case TUI_ACT_DOWN:
		if (a->sel < last)
			a->sel++;
		return TUI_CH_DRAW;
	case TUI_ACT_UP:
		if (a->sel > 0)
			a->sel--;
		return TUI_CH_DRAW;
	case TUI_ACT_PAGE_DOWN:
		a->sel = a->sel + page < last ? a->sel + page : last;
		return TUI_CH_DRAW;
	case TUI_ACT_PAGE_UP:
		a->sel = a->sel > page ? a->sel - page : 0;
		return TUI_CH_DRAW;
	case TUI_ACT_FIRST:
		a->sel = 0;
		return TUI_CH_DRAW;
	case TUI_ACT_LAST:
		a->sel = last;
		return TUI_CH_DRAW;
	}
	return -1;
}

/* ---- drawing -------------------------------------------------------------- */

static void format_cell(const tui_app *a, uint32_t i, int col, char *buf, size_t len)
{
	const ct_camera *c = &a->ds->cameras[i];
	const ct_option *s = has_setting(a, i) ? &a->sol.setting[i] : NULL;
	switch (col) {
	case TUI_COL_STORE:
		snprintf(buf, len, "%s", c->store);
		return;
	case TUI_COL_CAMERA:
		snprintf(buf, len, "%s", c->camera_id);
		return;
	case TUI_COL_TP: /* the mark of few thefts (the help says what it means) */
		snprintf(buf, len, "%u%s", c->n_tp, a->cstats[i].few_thefts ? CT_FEW_MARK : " ");
		return;
	case TUI_COL_ALERTS:
	case TUI_COL_FP:
		snprintf(buf, len, "%.0f", column_value(a, i, col));
		return;
	case TUI_COL_PRECISION:
		snprintf(buf, len, "%.3f", column_value(a, i, col));
		return;
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
			snprintf(buf, len, "-");
		else
			snprintf(buf, len, "%.6f", s->threshold);
		return;
	case TUI_COL_SAVED:
	case TUI_COL_LOST:
		if (!s)
			snprintf(buf, len, "...");
		else
			snprintf(buf, len, "%.0f", column_value(a, i, col));
		return;
	case TUI_COL_RECALL:
		if (!s)
			snprintf(buf, len, "...");
		else if (!c->n_tp)
			snprintf(buf, len, "-");
		else
			snprintf(buf, len, "%.1f%%", 100.0 * column_value(a, i, col));
		return;
	case TUI_COL_MARKS: {
		static const char *const m[] = {"", "L", "M", "X"};
		snprintf(buf, len, "%s", m[a->st.mark[i]]);
		return;
	}
	}
	buf[0] = '\0';
}

static void list_draw(tui_app *a, tui_rect r)
{
	if (r.h < 1 || r.w < 1)
		return;
	/* Which columns fit, and how wide the store column can be. */
	bool shown[TUI_N_COLUMNS];
	int fixed = 0;
	for (int c = 0; c < TUI_N_COLUMNS; c++) {
		shown[c] = true;
		if (c != TUI_COL_STORE)
			fixed += columns[c].width;
	}
	for (int d = 1; d <= 4 && r.w - fixed < columns[TUI_COL_STORE].width; d++)
		for (int c = 0; c < TUI_N_COLUMNS; c++)
			if (columns[c].drop == d) {
				shown[c] = false;
				fixed -= columns[c].width;
			}
	a->cols_shown = 0;
	for (int c = 0; c < TUI_N_COLUMNS; c++)
		if (shown[c])
			a->cols_shown |= 1u << c;
	int store_w = r.w - fixed;
	if (store_w > STORE_MAX)
		store_w = STORE_MAX;
	if (store_w < 4)
		store_w = 4;

	/* header */
	tui_fill(r.y, r.x, r.w, TUI_ROLE_HEADER, a);
	attrset(tui_attr(a, TUI_ROLE_HEADER));
	int x = r.x;
	for (int c = 0; c < TUI_N_COLUMNS; c++) {
		if (!shown[c])
			continue;
		int w = c == TUI_COL_STORE ? store_w : columns[c].width;
		char title[32];
		const char *arrow = a->sort_col != c ? ""
		                    : a->ascii ? (a->sort_desc ? "v" : "^")
		                               : (a->sort_desc ? "\u25bc" : "\u25b2");
		snprintf(title, sizeof title, "%s%s", columns[c].title, arrow);
		int tl = (int)strlen(columns[c].title) + (*arrow ? 1 : 0); /* columns */
		int at = columns[c].left ? x + (c == TUI_COL_STORE ? 0 : 1) : x + w - tl;
		if (at - r.x + tl <= r.w)
			tui_addnstr(r.y, at, title, r.x + r.w - at);
		x += w;
	}
	attrset(A_NORMAL);

	int h = r.h - 1;
	a->list_height = h;
	if (a->sel >= a->n_rows)
		a->sel = a->n_rows ? a->n_rows - 1 : 0;
	if (a->sel < a->top)
		a->top = a->sel;
	if (h > 0 && a->sel >= a->top + (size_t)h)
		a->top = a->sel - (size_t)h + 1;
	if (a->top + (size_t)h > a->n_rows)
		a->top = a->n_rows > (size_t)h ? a->n_rows - (size_t)h : 0;

	for (int row = 0; row < h; row++) {
		int y = r.y + 1 + row;
		size_t idx = a->top + (size_t)row;
		move(y, r.x);
		for (int k = 0; k < r.w; k++)
			addch(' ');
		if (idx >= a->n_rows) {
			if (row == 0 && a->n_rows == 0)
				mvaddstr(y, r.x + 1, a->filter ? "no camera matches the filter (f to change it)"
				                                : "no cameras");
			continue;
		}
		uint32_t cam = a->rows[idx];
		bool sel = idx == a->sel;
		int base = sel ? TUI_ROLE_SELECTED : TUI_ROLE_NORMAL;
		if (sel)
			tui_fill(y, r.x, r.w, TUI_ROLE_SELECTED, a);
		x = r.x;
		for (int c = 0; c < TUI_N_COLUMNS; c++) {
			if (!shown[c])
				continue;
			int w = c == TUI_COL_STORE ? store_w : columns[c].width;
			char cell[64];
			format_cell(a, cam, c, cell, sizeof cell);
			int role = base;
			if (!sel && c == TUI_COL_MARKS)
				role = TUI_ROLE_MARK;
			else if (!sel && (c == TUI_COL_SAVED || c == TUI_COL_LOST || c == TUI_COL_THRESHOLD))
				role = TUI_ROLE_NUMBER;
			attrset(tui_attr(a, role));
			int cw = w - 1;
			int len = (int)strlen(cell);
			if (columns[c].left) {
				int at = c == TUI_COL_STORE ? x : x + 1;
				int room = c == TUI_COL_STORE ? w - 1 : cw;
				tui_addnstr(y, at, cell, room);
				/* a cut name says so (the curve pane has it whole) */
				if (room > 1 && tui_text_width(cell) > room)
					tui_addnstr(y, at + room - 1, a->ascii ? "~" : "\u2026", 1);
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

const tui_view_ops tui_view_list = {
	.name = "cameras",
	.draw = list_draw,
	.action = list_action,
};
