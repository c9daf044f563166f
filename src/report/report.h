/* report.h -- the uniformity report: is the model equally good on every
 * camera?  Per-camera figures and the fleet statistics of core/stats.h,
 * rendered as text (default), Markdown or JSON, with the verdict in plain
 * language and the numbers behind it.
 *
 *   ct_report r;
 *   if (ct_report_build(&r, ds, &quality) != 0) ...   out of memory
 *   ct_report_write(stdout, &r, CT_REPORT_TEXT);       0, -1 write error
 *   ct_report_free(&r);
 *
 * The dataset and quality must outlive the report.
 */
#ifndef CAMTUNE_REPORT_H
#define CAMTUNE_REPORT_H

#include <stdio.h>

#include "core/stats.h"
#include "io/load.h"

typedef enum ct_report_format {
	CT_REPORT_TEXT,
	CT_REPORT_MARKDOWN,
	CT_REPORT_JSON,
} ct_report_format;

typedef struct ct_report {
	const ct_dataset *ds;
	const ct_quality *quality;   /* may be NULL */
	ct_camera_stats *cameras;    /* per camera, dataset order (owned) */
	size_t *by_fp;               /* camera indexes, most FP first (owned) */
	ct_fleet_stats fleet;
} ct_report;

int ct_report_build(ct_report *r, const ct_dataset *ds, const ct_quality *q);
void ct_report_free(ct_report *r);

/* 0; CT_EXIT_NOMEM out of memory (JSON: before anything is written; a
 * document that lost an item to a failed allocation is never written);
 * -1 a write failed (errno). */
int ct_report_write(FILE *f, const ct_report *r, ct_report_format format);

/* The verdict as one plain-language paragraph citing its figures
 * (malloc'ed, no trailing newline; NULL when out of memory).  For the
 * report and the explorer's fleet view. */
char *ct_report_verdict_text(const ct_fleet_stats *f);

/* Its title: "uniform", "uneven", "not uniform", "undefined". */
const char *ct_report_verdict_title(ct_verdict_level level);

/* What removing FP "for free" is known to cost, as a statement about the
 * history only (doc/domain.md, "Out-of-sample decisions"):
 * "no theft in the history of 2,711 alerts".  Every place that says a mute
 * or a cut loses no theft words it so, with the model's expected thefts
 * on as many new alerts when known (expected NAN: left out).  Returns the
 * length written. */
int ct_history_no_theft(char *buf, size_t len, uint64_t alerts, double expected);

/* What a summary (summary.h) holds instead of a data-quality report, in
 * one sentence with its counts, for the CLI's loading summary and the
 * explorer's quality pane and fleet view alike: "a summary: 155,920 rows
 * (camera, score) for 155,937 alerts; ...".  False, and nothing written,
 * when q was read from alerts. */
bool ct_quality_summary_text(const ct_quality *q, char *buf, size_t len);

/* The mark of a camera with fewer than CT_FEW_THEFTS thefts, in the
 * report, the pictures and the explorer's list, and its meaning. */
#define CT_FEW_MARK "~"
#define CT_FEW_MARK_TEXT "~ after TP: fewer than 20 thefts, recall and AUC are noisy"
/* The AUC of a camera with thefts but fewer than CT_AUC_MIN_THEFTS. */
#define CT_AUC_WITHHELD_TEXT "withheld: fewer than 5 thefts"

#endif
