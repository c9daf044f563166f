/* view_quality.c -- the data-quality pane: rows skipped by reason with
 * their first line numbers, loading warnings, and what the data holds
 * (thefts, cameras without thefts, cameras that rank thefts no better
 * than chance). */
#include "config.h"

#include <math.h>
#include <stdio.h>

#include "report/report.h"
#include "report/svg.h"
#include "tui/app.h"
#include "tui/draw.h"
#include "tui/view_quality.h"

static int put(tui_app *a, tui_rect r, int row, int role, const char *text)
{
	if (row >= r.h)
		return row;
	attrset(tui_attr(role));
	tui_addnstr(r.y + row, r.x, text, r.w);
	attrset(A_NORMAL);
	return row + 1;
}

static void count_line(char *buf, size_t len, const char *what, const ct_quality_count *c,
                       const ct_quality *q)
{
	char count[32];
	int n = snprintf(buf, len, "   %-24s %9s  %s%s", what, ct_format_count(c->count, count, sizeof count),
	                 q->counts_rows ? "row" : "line", c->count > 1 ? "s" : "");
	size_t shown = c->count < CT_QUALITY_EXAMPLES ? (size_t)c->count : CT_QUALITY_EXAMPLES;
	for (size_t i = 0; i < shown && n > 0 && (size_t)n < len; i++)
		n += snprintf(buf + n, len - (size_t)n, "%s%llu", i ? ", " : " ",
		              (unsigned long long)c->lines[i]);
	if (c->count > shown && n > 0 && (size_t)n < len)
		snprintf(buf + n, len - (size_t)n, ", ...");
}

static void quality_draw(tui_app *a, tui_view *v, tui_rect r)
{
	(void)v;
	char line[512], n1[32], n2[32], n3[32], n4[32];
	int row = 0;
	snprintf(line, sizeof line, " data quality | %s", a->source);
	row = put(a, r, row, TUI_ROLE_TITLE, line);
	const ct_quality *q = a->quality;
	char summary[512];
	if (ct_quality_summary_text(q, summary, sizeof summary)) {
		/* a summary knows no bad rows and no times: say so, wrapped */
		size_t next;
		for (const char *s = summary; *s && row < r.h; s += next) {
			size_t n = tui_wrap_line(s, r.w - 2, &next);
			snprintf(line, sizeof line, " %.*s", (int)n, s);
			row = put(a, r, row, TUI_ROLE_NORMAL, line);
			if (!next)
				break;
		}
	} else if (q) {
		uint64_t skipped = 0, warned = 0;
		for (int i = 0; i < CT_N_SKIP; i++)
			skipped += q->skipped[i].count;
		for (int i = 0; i < CT_N_WARN; i++)
			warned += q->warned[i].count;
		snprintf(line, sizeof line, " %s rows read, %s alerts loaded, %s rows skipped, %s warnings",
		         ct_format_count(q->rows, n1, sizeof n1), ct_format_count(q->loaded, n2, sizeof n2),
		         ct_format_count(skipped, n3, sizeof n3), ct_format_count(warned, n4, sizeof n4));
		row = put(a, r, row, TUI_ROLE_NORMAL, line);
		if (skipped)
			row = put(a, r, row, TUI_ROLE_WARNING, " skipped rows (not used):");
		for (int i = 0; i < CT_N_SKIP; i++)
			if (q->skipped[i].count) {
				count_line(line, sizeof line, ct_skip_reason_text(i), &q->skipped[i], q);
				row = put(a, r, row, TUI_ROLE_NORMAL, line);
			}
		if (warned)
			row = put(a, r, row, TUI_ROLE_WARNING, " warnings (rows loaded):");
		for (int i = 0; i < CT_N_WARN; i++)
			if (q->warned[i].count) {
				count_line(line, sizeof line, ct_warn_reason_text(i), &q->warned[i], q);
				row = put(a, r, row, TUI_ROLE_NORMAL, line);
			}
		if (q->has_since || q->has_until) {
			count_line(line, sizeof line, "outside --since/--until", &q->outside, q);
			row = put(a, r, row, TUI_ROLE_NORMAL, line);
		}
		if (!skipped && !warned)
			row = put(a, r, row, TUI_ROLE_GOOD, " every row was usable");
	} else {
		row = put(a, r, row, TUI_ROLE_DIM, " no loading report");
	}
	const ct_dataset *ds = a->ds;
	const ct_fleet_stats *f = &a->report.fleet;
	row = put(a, r, row, TUI_ROLE_NORMAL, "");
	snprintf(line, sizeof line, " %s alerts: TP %s, FP %s (theft rate %.2f%%) in %s cameras",
	         ct_format_count(ds->n_alerts, n1, sizeof n1), ct_format_count(ds->n_tp, n2, sizeof n2),
	         ct_format_count(ds->n_fp, n3, sizeof n3),
	         ds->n_alerts ? 100.0 * (double)ds->n_tp / (double)ds->n_alerts : 0.0,
	         ct_format_count(ds->n_cameras, n4, sizeof n4));
	row = put(a, r, row, TUI_ROLE_NORMAL, line);
	/* the time range shown (doc/domain.md "Data format"); a summary has
	 * no alert times (said above) */
	if (!q || !q->is_summary) {
		char t1[24] = "the start", t2[24] = "the end";
		if (a->has_since)
			ct_format_time(t1, sizeof t1, a->since);
		if (a->has_until)
			ct_format_time(t2, sizeof t2, a->until);
		if (q && q->time_first != CT_NO_TIME && !a->has_since && !a->has_until)
			snprintf(line, sizeof line, " times %s to %s (UTC; :since, :until cut them)",
			         ct_format_time(t1, sizeof t1, q->time_first),
			         ct_format_time(t2, sizeof t2, q->time_last));
		else
			snprintf(line, sizeof line, " time range shown: %s to %s%s", t1, t2,
			         a->has_until ? " (exclusive)" : "");
		row = put(a, r, row, TUI_ROLE_NORMAL, line);
	}
	/* Free FP: those of the theft-free cameras, and those below their
	 * camera's lowest theft (the report's figure, not just the first). */
	snprintf(line, sizeof line, " %zu camera%s with no theft in the history: %s FP; %s FP in all "
	         "cost no theft in the history",
	         f->n_theft_free, f->n_theft_free == 1 ? "" : "s",
	         ct_format_count(f->theft_free_fp, n1, sizeof n1), ct_format_count(f->free_fp, n2, sizeof n2));
	row = put(a, r, row, TUI_ROLE_NORMAL, line);
	snprintf(line, sizeof line, " %zu of %zu cameras judged rank thefts no better than chance: "
	         "AUC's 95%% interval <= 0.5; %zu too small to judge (4: fleet)",
	         f->n_chance, f->n_judged, f->n_too_small);
	row = put(a, r, row, f->n_chance ? TUI_ROLE_WARNING : TUI_ROLE_NORMAL, line);
	if (a->have_expect) {
		/* what the expected figures' intervals and robust's margin rest on */
		char vt[200];
		snprintf(line, sizeof line, " expected figures' variance from %s",
		         ct_model_variance_text(vt, sizeof vt, &a->expect.variance));
		put(a, r, row, TUI_ROLE_NORMAL, line);
	}
}

const tui_view_ops tui_view_quality = {
	.name = "quality",
	.draw = quality_draw,
	.action = NULL,
	.hints = NULL,
};
