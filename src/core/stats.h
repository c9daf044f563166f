/* stats.h -- fleet statistics for the uniformity report and the pictures:
 * per-camera figures (free FP, FP kept at a recall, AUC, AP), the spread of
 * AUC over the fleet, how concentrated the FP are, and a verdict on how
 * uniform the model is.
 *
 * Pure: no I/O, no printing.  The verdict is data (a level and reason
 * flags with the numbers behind them); report.c turns it into words.
 *
 *   ct_camera_stats *cs = calloc(ds->n_cameras, sizeof *cs);
 *   for (i ...) ct_camera_stats_compute(&ds->cameras[i], &cs[i]);
 *   ct_fleet_stats f;  ct_fleet_stats_compute(ds, cs, &f);   (0, -1 OOM)
 */
#ifndef CAMTUNE_STATS_H
#define CAMTUNE_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/dataset.h"

/* ---- uncertainty where thefts are few -------------------------------------
 *
 * A camera's thefts are few, so its recall and AUC are noisy: intervals
 * at CT_INTERVAL_LEVEL, the AUC withheld below CT_AUC_MIN_THEFTS thefts,
 * and a mark for cameras below CT_FEW_THEFTS (doc/domain.md, "Out-of-sample
 * decisions"). */
#define CT_INTERVAL_LEVEL 0.95
#define CT_AUC_MIN_THEFTS 5
#define CT_FEW_THEFTS 20

typedef struct ct_interval {
	double lo, hi; /* NAN, NAN when undefined */
} ct_interval;

/* Standard normal distribution function, and its inverse (Acklam's
 * rational approximation refined by one Newton step, relative error below
 * 1e-15; -40 / 40 outside (0, 1)). */
double ct_normal_cdf(double x);
double ct_normal_quantile(double p);
/* log(p / (1 - p)) with p clamped to [1e-6, 1 - 1e-6]: the logit of a
 * score, finite for the 0, 1 and negative scores a file may hold. */
double ct_logit(double p);

/* Wilson score interval of a binomial proportion k / n at a two-sided
 * level (0.95: z = 1.959964): centre (k/n + z^2/2n) / (1 + z^2/n),
 * half-width z / (1 + z^2/n) * sqrt(k/n (1 - k/n) / n + z^2 / 4n^2);
 * exactly 0 at k = 0 and 1 at k = n.  NAN, NAN when n == 0. */
ct_interval ct_wilson_interval(uint64_t k, uint64_t n, double level);

/* Interval of a ROC AUC by Hanley and McNeil (1982): with A the AUC,
 * Q1 = A / (2 - A), Q2 = 2 A^2 / (1 + A),
 * SE^2 = (A (1 - A) + (P - 1)(Q1 - A^2) + (N - 1)(Q2 - A^2)) / (P N),
 * A -/+ z SE clipped to [0, 1].  P thefts, N normals.  NAN, NAN when the
 * AUC is undefined or P < CT_AUC_MIN_THEFTS (withheld). */
ct_interval ct_auc_interval(double auc, uint64_t n_tp, uint64_t n_fp, double level);

/* The operating point that keeps at least a given share of a camera's
 * thefts while keeping the fewest FP. */
typedef struct ct_recall_point {
	bool defined;       /* false on a camera without thefts */
	double threshold;   /* keep p >= threshold */
	uint32_t tp_kept;   /* >= ceil(recall * P); more with tied scores */
	uint32_t fp_kept;
	double recall;      /* tp_kept / P, the recall actually reached */
} ct_recall_point;

/* Recall levels the report shows, in percent. */
enum { CT_RECALL_90, CT_RECALL_50, CT_N_RECALL_LEVELS };
extern const unsigned ct_recall_levels[CT_N_RECALL_LEVELS]; /* 90, 50 */

typedef struct ct_camera_stats {
	uint32_t alerts, tp, fp;
	double theft_rate;      /* tp / alerts */
	double expected_thefts; /* on new alerts (model.h); NAN until
	                           ct_stats_expect */
	double auc;             /* ROC AUC; NAN without thefts or without FP */
	double average_precision; /* NAN without thefts */
	uint32_t free_fp;       /* FP scoring below the lowest theft; all FP
	                           on a camera without thefts */
	double free_threshold;  /* threshold that removes them: the lowest
	                           theft score; above every score without
	                           thefts (NAN on an empty camera) */
	ct_recall_point at[CT_N_RECALL_LEVELS];
	/* Uncertainty (below): the AUC's interval, or withheld below
	 * CT_AUC_MIN_THEFTS thefts (auc itself stays, for the fleet's
	 * spread); few_thefts below CT_FEW_THEFTS, theft-free included. */
	ct_interval auc_ci;     /* NAN, NAN when withheld or undefined */
	bool auc_withheld;      /* thefts and FP, but fewer than 5 thefts */
	bool few_thefts;        /* fewer than 20 thefts: figures are noisy */
} ct_camera_stats;

/* The operating point keeping at least percent % of the thefts (integer
 * arithmetic: need = ceil(percent * P / 100) thefts kept, threshold
 * s_{P-need+1}); the highest such threshold, so the fewest FP.  percent in
 * 1..100. */
ct_recall_point ct_camera_at_recall(const ct_camera *c, unsigned percent);

/* Every per-camera figure.  AUC and AP come from curve.h. */
void ct_camera_stats_compute(const ct_camera *c, ct_camera_stats *out);

/* No better than chance, beyond noise: the AUC's interval lies at or
 * below 0.5 (never for a withheld or undefined AUC). */
bool ct_camera_at_chance(const ct_camera_stats *s);

/* ---- the verdict ---------------------------------------------------------- */

typedef enum ct_verdict_level {
	CT_VERDICT_UNDEFINED,   /* fewer than 2 cameras with a defined AUC */
	CT_VERDICT_UNIFORM,     /* AUC similar everywhere, none at chance */
	CT_VERDICT_UNEVEN,      /* some spread, or a few cameras at chance */
	CT_VERDICT_NOT_UNIFORM, /* wide spread or many cameras at chance */
} ct_verdict_level;

/* Why: each flag is set when its rule fired; the report cites the figure. */
enum {
	CT_WHY_CHANCE_SOME = 1u << 0,  /* a camera whose AUC interval is <= 0.5 */
	CT_WHY_CHANCE_MANY = 1u << 1,  /* >= 10 % of the judged cameras so */
	CT_WHY_SPREAD_SOME = 1u << 2,  /* AUC interquartile range > 0.10 */
	CT_WHY_SPREAD_WIDE = 1u << 3,  /* AUC interquartile range > 0.20 */
	CT_WHY_WEAK_MEAN = 1u << 4,    /* mean AUC < 0.70 */
	CT_WHY_FP_CONCENTRATED = 1u << 5, /* top 10 % cameras hold >= 30 % of FP,
	                                     and twice their fair share */
	CT_WHY_THEFT_FREE = 1u << 6,   /* cameras without thefts exist */
};

/* Thresholds of the rules above, so the report can quote them. */
#define CT_VERDICT_CHANCE_SHARE 0.10
#define CT_VERDICT_IQR_SOME 0.10
#define CT_VERDICT_IQR_WIDE 0.20
#define CT_VERDICT_WEAK_MEAN 0.70
#define CT_VERDICT_TOP_SHARE 0.30

typedef struct ct_verdict {
	ct_verdict_level level;
	unsigned why;           /* CT_WHY_* flags */
} ct_verdict;

const char *ct_verdict_name(ct_verdict_level level); /* "uniform", ... */

/* ---- the fleet ------------------------------------------------------------ */

typedef struct ct_fleet_stats {
	size_t n_cameras;
	size_t n_with_theft;
	uint64_t alerts, tp, fp;

	/* AUC over the cameras where it is defined (NAN when none; sd NAN
	 * below two).  sd is the sample standard deviation (n - 1, like
	 * pandas); quartiles interpolate linearly (numpy's default). */
	size_t n_auc;
	double auc_mean, auc_sd, auc_min, auc_q1, auc_median, auc_q3, auc_max;

	/* Cameras no better than chance: the AUC's interval lies at or below
	 * 0.5 (hi <= 0.5), so noise alone does not explain it.  Cameras with
	 * an AUC but fewer than CT_AUC_MIN_THEFTS thefts are too small to
	 * judge and counted apart; n_judged are the others with an AUC. */
	size_t n_chance;
	uint64_t chance_fp;
	double chance_fp_share;     /* chance_fp / fleet FP (0 when no FP) */
	size_t n_judged;
	size_t n_too_small;
	size_t n_few_thefts;        /* cameras with fewer than CT_FEW_THEFTS */

	/* Removable for free: the sum of the cameras' free_fp. */
	uint64_t free_fp;
	size_t n_theft_free;        /* cameras without thefts */
	uint64_t theft_free_fp;
	double theft_free_expected; /* their expected thefts on new alerts;
	                               NAN until ct_stats_expect */

	/* FP concentration: the ceil(10 %) cameras with the most FP, and the
	 * Gini coefficient of FP per camera (0 when equal, (n-1)/n when one
	 * camera has them all). */
	size_t top_n;
	uint64_t top_fp;
	double top_fp_share;
	double fp_gini;

	ct_verdict verdict;
} ct_fleet_stats;

/* cs: ds->n_cameras entries from ct_camera_stats_compute.  0, or -1 when
 * out of memory. */
int ct_fleet_stats_compute(const ct_dataset *ds, const ct_camera_stats *cs,
                           ct_fleet_stats *out);

/* The out-of-sample model's expected thefts (model.h) into every camera's
 * expected_thefts and the fleet's theft_free_expected: "no theft in the
 * history" is not "no theft next month".  0, or -1 when out of memory
 * (the figures stay NAN). */
int ct_stats_expect(const ct_dataset *ds, ct_camera_stats *cs, ct_fleet_stats *f);

/* ---- building blocks, exposed for the tests and the explorer ------------ */

/* Quantile q in [0, 1] of an ascending array, linear interpolation between
 * closest ranks (numpy's default).  NAN when n == 0. */
double ct_quantile_sorted(const double *sorted, size_t n, double q);
/* Gini coefficient of non-negative counts (any order): 0 when all equal or
 * the total is 0.  The array is not modified.  NAN when out of memory. */
double ct_gini(const uint64_t *v, size_t n);

/* The #FP-kept-against-recall staircase of a camera with thefts, as the
 * corners of a polyline from (recall 1, every FP) to (recall 0, 0 FP):
 * recall only changes along horizontal runs, FP along vertical ones.
 * out must have room for 2 * n_tp + 2 points.  Returns the number written
 * (0 on a camera without thefts). */
typedef struct ct_point {
	double x, y;
} ct_point;
size_t ct_camera_recall_steps(const ct_camera *c, ct_point *out);

#endif
