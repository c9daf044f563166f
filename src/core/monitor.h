/* monitor.h -- after deployment: what the thresholds file expects of each
 * camera, a compact picture of its history, and the judgement of a new
 * period against both (doc/domain.md "After deployment").
 *
 * Pure: no I/O.  The export side computes, per camera, a ct_camera_expect
 * (from the out-of-sample model, model.h) and a ct_camera_history (from
 * its scores), and the thresholds JSON carries them; a later month is
 * judged from those alone, without the old data:
 *
 *   export:   ct_camera_history_of(cam, days, volume_cv, &h);
 *             ct_camera_expect_of(model, cam, i, &setting, days, &e);
 *   monitor:  ct_monitor m;
 *             ct_monitor_build(new_ds, entries, n, &mo, &m);  (0, -1 OOM)
 *             ... m.rows[0 .. m.n) in the order to show ...
 *             ct_monitor_release(&m);
 */
#ifndef CAMTUNE_MONITOR_H
#define CAMTUNE_MONITOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/curve.h"
#include "core/model.h"

/* Quantiles of a camera's FP scores kept in the history picture: at
 * levels j / 31, j = 0 .. 31 (the lowest and the highest score included). */
#define CT_HISTORY_QUANTILES 32
/* Coverage of the per-camera intervals written with the thresholds, and
 * the two-sided level of the shift and volume tests: a fleet judges tens
 * to thousands of cameras at once, so each test is strict. */
#define CT_EXPECT_INTERVAL 0.99
#define CT_MONITOR_TEST_LEVEL 0.999
/* A score shift smaller than this (in the mean FP quantile level, 0.5
 * under no shift) is not called a drift however many alerts show it. */
#define CT_MONITOR_MIN_SHIFT 0.05

/* What the export expects of one camera on new alerts of the same volume
 * (as many as its history holds, over as many days), with intervals of
 * coverage `interval`.  alerts_per_day counts the alerts the camera still
 * raises (kept), NAN when the history's days are unknown. */
typedef struct ct_camera_expect {
	double fp_kept, fp_kept_low, fp_kept_high;
	double tp_lost, tp_lost_low, tp_lost_high;
	double alerts_per_day, alerts_per_day_low, alerts_per_day_high;
	double interval;
} ct_camera_expect;

/* The picture of a camera's history the monitor compares a new period to. */
typedef struct ct_camera_history {
	double fp_quantiles[CT_HISTORY_QUANTILES]; /* NAN without FP */
	uint64_t alerts;    /* thefts + FP of the history */
	uint64_t fp;        /* its FP (the quantiles' sample size) */
	uint64_t thefts;
	double theft_rate;  /* thefts / alerts; NAN without alerts */
	double days;        /* the history's length; NAN when unknown */
	double volume_cv;   /* the model's period-to-period volume swing */
} ct_camera_history;

/* The days between two times of the data (seconds), NAN when unknown:
 * the length a history or a new period is scaled by. */
double ct_span_days(uint32_t first, uint32_t last);

void ct_camera_history_of(const ct_camera *c, double days, double volume_cv,
                          ct_camera_history *out);
/* The expectations of camera c, index cam of the model's dataset, at
 * setting o (its counts those of its threshold, curve.h).  The one place
 * the monitor asks the model about a camera. */
void ct_camera_expect_of(const ct_model *m, const ct_camera *c, size_t cam, const ct_option *o,
                         double days, ct_camera_expect *out);

/* ---- judging a new period -------------------------------------------------- */

typedef enum ct_monitor_verdict {
	CT_VERDICT_DRIFTED, CT_VERDICT_NEW, CT_VERDICT_SILENT, CT_VERDICT_HOLDS
} ct_monitor_verdict;
const char *ct_monitor_verdict_name(ct_monitor_verdict v); /* "drifted", "new", ... */

/* Why a camera drifted: the figures outside their intervals, the tests
 * that failed. */
enum {
	CT_FLAG_FP_KEPT = 1 << 0,
	CT_FLAG_TP_LOST = 1 << 1,
	CT_FLAG_ALERTS_PER_DAY = 1 << 2,
	CT_FLAG_SHIFT = 1 << 3,
	CT_FLAG_VOLUME = 1 << 4,
};

/* One camera of the thresholds file, as the monitor needs it. */
typedef struct ct_monitor_entry {
	const char *store, *camera_id;
	double threshold;
	bool muted;
	const ct_camera_expect *expected; /* NULL: the file has none */
	const ct_camera_history *history; /* NULL: the file has none */
} ct_monitor_entry;

typedef struct ct_monitor_opts {
	double new_days;      /* the new period's length; NAN: from its times,
	                         or taken equal to the history's */
	double target_share;  /* the FP target as a share of baseline FP; NAN: none */
	double confidence;    /* for the expectation of the next period */
} ct_monitor_opts;

typedef struct ct_monitor_row {
	const char *store, *camera_id;
	ct_monitor_verdict verdict;
	unsigned flags;
	int32_t cam;          /* index in the new dataset, -1 when silent */
	int64_t entry;        /* index in the entries, -1 when new */
	double threshold;     /* deployed; NAN for a new camera (baseline) */
	bool muted;
	/* realised on the new period (0 when silent) */
	uint64_t fp_kept, tp_kept, tp_lost, fp_saved, alerts;
	double alerts_per_day; /* kept; NAN when the period's days are unknown */
	/* the expectations scaled to the new period (has_expected) */
	bool has_expected;
	ct_camera_expect expected;
	/* shift: mean level of the new FP in the history's quantiles, minus
	 * 1/2, and its z; volume: alerts over the scaled expectation, and z.
	 * NAN when not testable (no history picture, no new FP). */
	double shift, shift_z, volume_ratio, volume_z;
	double outside;       /* how far outside: the largest of the figures'
	                         distances in half-widths, the tests' |z| over
	                         their critical value; above 1 means flagged */
} ct_monitor_row;

typedef struct ct_monitor_fleet {
	uint64_t cameras, drifted, new_cameras, silent, holds;
	uint64_t baseline_tp, baseline_fp, fp_saved, tp_lost;
	double target_fp_reduction; /* target share x new baseline FP; NAN: none */
	bool has_target, target_met;
	double scale;               /* new days over history days (1: unknown) */
	bool scale_known;
	/* the next period if nothing changes: the model fitted on the new
	 * data, applied to the deployed thresholds (model.h) */
	bool has_next;
	ct_expectation next;
} ct_monitor_fleet;

typedef struct ct_monitor {
	size_t n;
	ct_monitor_row *rows;   /* drifted (farthest first), new, silent, holds
	                           (farthest first) */
	ct_monitor_fleet fleet;
} ct_monitor;

/* Judge the new dataset against the entries.  The dataset must outlive
 * the monitor (rows point at its names and the entries').  0, or -1 when
 * out of memory. */
int ct_monitor_build(const ct_dataset *ds, const ct_monitor_entry *entries, size_t n,
                     const ct_monitor_opts *o, ct_monitor *out);
void ct_monitor_release(ct_monitor *m);
/* The words for one flag of a row ("FP kept 812, expected 210-390"), into buf. */
char *ct_monitor_reason(const ct_monitor_row *r, unsigned flag, char *buf, size_t len);

#endif
