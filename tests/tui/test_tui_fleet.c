/* test_tui_fleet.c -- the uniformity report's figures in the explorer,
 * headless: the selected camera's figures above its curve (at 120x40 and
 * 80x24) and the fleet summary view (4, :fleet).  Every expected value is
 * computed here from core/stats.h and report.h, the same functions `camtune
 * report` prints, never copied from the explorer. */
#include "config.h"

#include <stdarg.h>

#include "harness.h"
#include "core/stats.h"
#include "report/report.h"
#include "report/svg.h"

static const char *const cam_names[] = {"north:1", "north:2", "south:7", "west:3", "east:12"};

static char *fmt(const char *f, ...) __attribute__((format(printf, 1, 2)));
static char *fmt(const char *f, ...)
{
	static char buf[8][256];
	static int k;
	char *b = buf[k++ % 8];
	va_list ap;
	va_start(ap, f);
	vsnprintf(b, 256, f, ap);
	va_end(ap);
	return b;
}

static const char *count(uint64_t v)
{
	static char buf[8][32];
	static int k;
	return ct_format_count(v, buf[k++ % 8], 32);
}

/* The camera's figures as the report has them, looked for on screen: in
 * the list's curve pane, or (full) in the camera's own view (c). */
static void check_camera_figures(h_app *h, const char *name, const char *size, bool full)
{
	char keys[64];
	snprintf(keys, sizeof keys, ":goto %s<Enter>", name);
	h_keys(h, keys);
	is_str(h_selected(), name, "%s: %s selected", size, name);
	if (full)
		h_keys(h, "c");
	char store[32];
	snprintf(store, sizeof store, "%s", name);
	*strchr(store, ':') = '\0';
	int c = ct_dataset_find(h->ds, store, strchr(name, ':') + 1);
	ct_camera_stats s;
	ct_camera_stats_compute(&h->ds->cameras[c], &s);
	h_has(fmt("%s alerts: TP %s%s, FP %s", count(s.alerts), count(s.tp),
	          s.few_thefts ? "~" : "", count(s.fp)),
	      "%s %s: alerts, TP (~ below 20 thefts), FP", size, name);
	h_has(fmt("theft rate %.2f%%", 100.0 * s.theft_rate), "%s %s: theft rate", size, name);
	if (s.tp) {
		if (s.auc_withheld)
			h_has(fmt("AUC - (< 5 thefts), AP %.3f", s.average_precision),
			      "%s %s: AUC withheld on %u thefts, AP", size, name, s.tp);
		else
			h_has(fmt("AUC %.3f (95%%: %.3f-%.3f), AP %.3f", s.auc, s.auc_ci.lo, s.auc_ci.hi,
			          s.average_precision),
			      "%s %s: AUC with its interval, AP", size, name);
		h_has(fmt("%s FP below %.6g, no theft in the history", count(s.free_fp), s.free_threshold),
		      "%s %s: free FP and their threshold, as history", size, name);
		for (int k = 0; k < CT_N_RECALL_LEVELS; k++)
			/* the core's reached recall, computed here from tp_kept */
			h_has(fmt("recall %.0f%% (\u2265 %u%%): FP %s at %.6g", 100.0 * s.at[k].tp_kept / s.tp,
			          ct_recall_levels[k], count(s.at[k].fp_kept), s.at[k].threshold),
			      "%s %s: FP kept at recall %u %%, the recall reached and the threshold", size,
			      name, ct_recall_levels[k]);
	} else {
		h_has("AUC n/a, AP n/a", "%s %s: no AUC or AP without thefts", size, name);
		h_has(fmt("all %s FP: no theft in the history of %s alerts", count(s.free_fp),
		          count(s.alerts)),
		      "%s %s: every FP is free, in the history", size, name);
		h_lacks("90% (", "%s %s: no recall levels", size, name);
	}
	if (full)
		h_keys(h, "q");
}

static void test_camera_figures(h_app *h)
{
	h_keys(h, "<resize 120x40>");
	for (size_t i = 0; i < sizeof cam_names / sizeof cam_names[0]; i++)
		check_camera_figures(h, cam_names[i], "120x40", false);
	h_has("baseline", "120x40: the legend has room");
	/* at 80x24 the list keeps 12 rows: every figure is in the camera's view */
	h_keys(h, "<resize 80x24>");
	for (size_t i = 0; i < sizeof cam_names / sizeof cam_names[0]; i++)
		check_camera_figures(h, cam_names[i], "80x24", true);
	/* the plot keeps its rows: the x axis labels are still on screen */
	int y = h_find(" 0.50 ");
	ok(y > 0 && y < LINES - 2, "80x24: the plot is still drawn under the figures (axis on row %d)", y);
	h_keys(h, "<resize 120x40>");
}

/* The verdict paragraph as shown: the lines under "verdict:", joined. */
static char *screen_paragraph(int from)
{
	static char text[4096];
	text[0] = '\0';
	for (int y = from; y < LINES - 2; y++) {
		const char *r = h_row(y);
		while (*r == ' ')
			r++;
		if (!*r)
			break;
		if (text[0])
			strncat(text, " ", sizeof text - strlen(text) - 1);
		strncat(text, r, sizeof text - strlen(text) - 1);
	}
	return text;
}

static void test_fleet_view(h_app *h, const ct_quality *q)
{
	size_t n = h->ds->n_cameras;
	ct_camera_stats *cs = calloc(n, sizeof *cs);
	for (size_t i = 0; i < n; i++)
		ct_camera_stats_compute(&h->ds->cameras[i], &cs[i]);
	ct_fleet_stats f;
	if (ct_fleet_stats_compute(h->ds, cs, &f) != 0 || ct_stats_expect(h->ds, cs, &f) != 0) {
		printf("Bail out! fleet stats\n");
		exit(1);
	}
	char *verdict = ct_report_verdict_text(&f);

	h_keys(h, "<resize 120x40>4");
	h_has("fleet summary", "4 opens the fleet summary");
	h_lacks(" curve ", "it replaces the list and the pane");
	h_has(fmt("%s rows read, %s alerts loaded, %s rows skipped, %s warnings", count(q->rows),
	          count(q->loaded), count(q->skipped[CT_SKIP_MISSING_PROBABILITY].count),
	          count(q->warned[CT_WARN_NEGATIVE].count)),
	      "data quality headline");
	h_has(fmt("%zu: %zu with thefts, %zu without", f.n_cameras, f.n_with_theft, f.n_theft_free),
	      "cameras with and without thefts");
	h_has(fmt("%s: TP %s, FP %s", count(f.alerts), count(f.tp), count(f.fp)), "fleet counts");
	h_has(fmt("mean %.3f, sd %.3f", f.auc_mean, f.auc_sd), "AUC mean and sd");
	h_has(fmt("quartiles %.3f / %.3f / %.3f", f.auc_q1, f.auc_median, f.auc_q3), "AUC quartiles");
	h_has(fmt("min %.3f", f.auc_min), "AUC min");
	h_has(fmt("max %.3f", f.auc_max), "AUC max");
	h_has(fmt("%zu of %zu camera%s judged with AUC's 95%% interval <= 0.5, %s FP (%.1f%% of FP); "
	          "%zu too small", f.n_chance, f.n_judged, f.n_judged == 1 ? "" : "s",
	          count(f.chance_fp), 100.0 * f.chance_fp_share, f.n_too_small),
	      "cameras at chance (by their interval), their FP share, the ones too small to judge");
	h_has(fmt("%zu of %zu cameras have fewer than 20 thefts", f.n_few_thefts, f.n_cameras),
	      "cameras with few thefts");
	h_has(fmt("top %zu camera%s (10%%) hold %.1f%% of FP; Gini %.3f", f.top_n,
	          f.top_n == 1 ? "" : "s", 100.0 * f.top_fp_share, f.fp_gini),
	      "FP concentration");
	h_has(fmt("%zu camera%s, %s FP", f.n_theft_free, f.n_theft_free == 1 ? "" : "s",
	          count(f.theft_free_fp)),
	      "theft-free cameras and their FP");
	h_has(fmt("%s FP (%.1f%%) score below", count(f.free_fp), 100.0 * (double)f.free_fp / (double)f.fp),
	      "FP removable for free");
	int y = h_find(" verdict: ");
	ok(y > 0, "the verdict has its title");
	if (y > 0) {
		is_str(h_row(y), fmt(" verdict: %s", ct_report_verdict_title(f.verdict.level)),
		       "the verdict's level, in the report's words");
		is_str(screen_paragraph(y + 1), verdict, "the verdict paragraph is the report's, whole");
	}
	/* the cameras at chance, most FP first */
	int last = -1, in_order = 1, found = 0;
	for (size_t i = 0; i < n; i++) {
		if (!ct_camera_at_chance(&cs[i]))
			continue;
		char needle[64];
		snprintf(needle, sizeof needle, "   %s:%s ", h->ds->cameras[i].store,
		         h->ds->cameras[i].camera_id);
		int row = h_find(needle);
		found += row >= 0;
		(void)last;
	}
	is_int(found, (int)f.n_chance, "every camera at chance is listed");
	for (int yy = 0, prev_fp = -1; yy < LINES; yy++) {
		const char *r = h_row(yy);
		const char *p = strstr(r, "  FP ");
		if (strncmp(r, "   ", 3) != 0 || !strstr(r, "  AUC ") || !p)
			continue;
		int fp = atoi(p + 5);
		if (prev_fp >= 0 && fp > prev_fp)
			in_order = 0;
		prev_fp = fp;
	}
	ok(in_order, "listed most FP first");

	/* navigation in and out */
	h_keys(h, "4");
	h_has(" curve ", "4 again: back to the list and the curve");
	h_keys(h, ":fleet<Enter>");
	h_has("fleet summary", ":fleet opens it");
	h_keys(h, "<Esc>");
	h_lacks("fleet summary", "Esc closes it");
	h_keys(h, "4q");
	h_lacks("fleet summary", "q closes it, without quitting");
	h_has("FP saved", "and the explorer is still there");
	h_keys(h, "4:goto west:3<Enter>");
	h_lacks("fleet summary", "a command typed in it acts on the list");
	is_str(h_selected(), "west:3", "and its result shows");
	h_keys(h, "42");
	h_has(" frontier |", "2 from the fleet summary shows the frontier pane");
	h_keys(h, "41");
	h_has(" curve ", "1 the curve");

	/* a small screen scrolls, with the title kept */
	h_keys(h, "<resize 60x16>4");
	h_has("fleet summary", "60x16: the title stays");
	h_has(fmt("1-%d/", 16 - 4), "it says which lines show");
	h_keys(h, "G");
	h_has("fleet summary", "G: the title stays");
	h_lacks(" data quality", "G scrolled past the first lines");
	int bottom = 0;
	for (size_t i = 0; i < n; i++)
		if (ct_camera_at_chance(&cs[i]))
			bottom = 1;
	if (bottom)
		h_has("AUC 0.", "the last line is in view");
	else
		h_lacks("cameras no better than chance", "no camera at chance: no such list");
	h_keys(h, "g");
	h_has(" data quality", "g: back to the top");
	h_keys(h, "<Esc><resize 120x40>");

	free(verdict);
	free(cs);
}

int main(void)
{
	h_screen_open(120, 40);
	/* h_open without a quality report: build the app here with one */
	ct_quality q;
	memset(&q, 0, sizeof q);
	q.source = "five.csv";
	q.rows = 56;
	q.loaded = 52;
	q.skipped[CT_SKIP_MISSING_PROBABILITY].count = 4;
	q.skipped[CT_SKIP_MISSING_PROBABILITY].lines[0] = 9;
	q.warned[CT_WARN_NEGATIVE].count = 2;
	q.warned[CT_WARN_NEGATIVE].lines[0] = 3;
	h_app h;
	h_open(&h, "10%", CT_EXACT, false);
	tui_app_free(h.app);
	tui_config cfg = {
		.ds = h.ds,
		.opts = h.opts,
		.quality = &q,
		.source = "five.csv",
		.target_text = "10%",
		.strategy = CT_EXACT,
		.history_path = h.history,
	};
	h.app = tui_app_new(&cfg);
	if (!h.app) {
		printf("Bail out! cannot build the test app\n");
		return 1;
	}
	h_keys(&h, "");
	test_camera_figures(&h);
	test_fleet_view(&h, &q);
	h_close(&h);
	/* A terminal that is not UTF-8 gets "<=" for the report's "\u2264". */
	if (setlocale(LC_CTYPE, "C")) {
		h_open(&h, "10%", CT_EXACT, true);
		h_keys(&h, "4");
		size_t n = h.ds->n_cameras;
		ct_camera_stats *cs = calloc(n, sizeof *cs);
		for (size_t i = 0; i < n; i++)
			ct_camera_stats_compute(&h.ds->cameras[i], &cs[i]);
		ct_fleet_stats f;
		ct_fleet_stats_compute(h.ds, cs, &f);
		ct_stats_expect(h.ds, cs, &f);
		char *want = ct_report_verdict_text(&f);
		for (char *p; (p = strstr(want, "\u2264"));) {
			memcpy(p, "<=", 2);
			memmove(p + 2, p + 3, strlen(p + 3) + 1);
		}
		int y = h_find(" verdict: ");
		is_str(y > 0 ? screen_paragraph(y + 1) : "", want,
		       "C locale: the verdict, with <= for the report's \u2264");
		free(want);
		free(cs);
		h_close(&h);
		setlocale(LC_CTYPE, "C.UTF-8");
	}
	h_screen_close();
	return tap_done();
}
