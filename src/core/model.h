/* model.h -- what new alerts of the same cameras will probably do: the
 * out-of-sample model behind the robust strategy and every "expected"
 * figure (doc/domain.md, "Out-of-sample decisions").
 *
 * A threshold is chosen on the history and judged on the alerts to come.
 * The model answers, per camera and threshold: how many thefts will the
 * camera have (gamma-Poisson shrinkage of its theft rate toward the
 * fleet's), what share of them will score below the threshold (the
 * camera's smoothed theft-score curve in its own FP quantiles, shrunk
 * toward the fleet's curve by a Dirichlet-process prior whose strength is
 * estimated from the data), and what share of its FP the threshold removes
 * (with the sampling error of the history and of the new alerts, and a
 * month-to-month variation of each camera's alert volume).
 *
 * Pure: built from a dataset, read-only afterwards.  The dataset must
 * outlive the model.
 *
 *   ct_model_params mp;  ct_model_defaults(&mp);
 *   ct_model *m = ct_model_new(ds, &mp);          NULL when out of memory
 *   ct_expectation e;  ct_model_expect(m, setting, target_share, &e);
 *   ct_model_free(m);
 */
#ifndef CAMTUNE_MODEL_H
#define CAMTUNE_MODEL_H

#include "core/curve.h"
#include "core/stats.h" /* ct_normal_cdf, ct_normal_quantile */

typedef struct ct_model_params {
	double confidence;    /* wanted P(FP target met on new alerts), (0, 1) */
	double interval;      /* coverage of the expected-loss interval, (0, 1) */
	double volume_cv;     /* < 0: estimate how much each camera's volume
	                         and scores move from the history's periods
	                         (ct_dataset_periods; the prior below without
	                         periods).  >= 0: the override, every camera's
	                         volume varies by this coefficient from the
	                         history to the next period, and its scores
	                         by score_drift */
	double score_drift;   /* the override's score shift, logit units sd */
} ct_model_params;

/* The prior, without periods to measure: from the history to the next
 * period a camera's volume varies by 10 % and its scores move by 0.10
 * logit (standard deviations). */
#define CT_PRIOR_VOLUME_CV 0.10
#define CT_PRIOR_SCORE_DRIFT 0.10

/* confidence 0.90, interval 0.90, volume_cv -1 (estimated), score_drift 0 */
void ct_model_defaults(ct_model_params *mp);

/* Where the model's variance of new alerts came from (doc/domain.md
 * "The variance estimate"). */
typedef enum ct_variance_source {
	CT_VARIANCE_WEEKS,    /* 7-day periods of the history */
	CT_VARIANCE_FOLDS,    /* equal folds of a history under three weeks */
	CT_VARIANCE_PRIOR,    /* one period, no times or a summary: the prior */
	CT_VARIANCE_OVERRIDE, /* volume_cv given */
} ct_variance_source;

/* "weeks", "folds", "prior", "override" */
const char *ct_variance_source_name(ct_variance_source s);

typedef struct ct_model_variance {
	ct_variance_source source;
	uint32_t periods;     /* periods measured (0 for prior and override) */
	double volume_cv;     /* the fleet's, history to the next period */
	double score_drift;   /* the fleet's, logit units */
} ct_model_variance;

/* Where the variance came from, in one line for people ("5 weeks of the
 * history: volume cv 0.27, score drift 0.23 logit"); returns buf. */
char *ct_model_variance_text(char *buf, size_t len, const ct_model_variance *v);

typedef struct ct_model ct_model;

ct_model *ct_model_new(const ct_dataset *ds, const ct_model_params *mp);
/* One more owner of m (problems derived from one another share their
 * model); each owner calls ct_model_free.  Not thread-safe: the owners
 * live on one thread. */
ct_model *ct_model_ref(ct_model *m);
void ct_model_free(ct_model *m);

const ct_model_params *ct_model_params_of(const ct_model *m);

/* The fitted fleet-level figures, for the documentation of a run. */
typedef struct ct_model_fit {
	double theft_rate;     /* fleet thefts per alert */
	double rate_shape;     /* gamma prior shape of a camera's theft rate
	                          (small: rates differ a lot between cameras) */
	double curve_mean;     /* fleet's mean theft position, probit units */
	double curve_spread;   /* spread of a camera's theft positions */
	double curve_between;  /* sd of the cameras' means around the fleet's */
	double pseudo_thefts;  /* s^2 / tau^2: thefts of its own a camera needs
	                          to weigh as much as the fleet (INFINITY:
	                          every camera takes the fleet's curve) */
	size_t fleet_thefts;   /* thefts with a position (cameras with FP) */
	ct_model_variance variance;
} ct_model_fit;
void ct_model_fit_of(const ct_model *m, ct_model_fit *out);

/* Expected thefts of camera cam on as many new alerts as its history has. */
double ct_model_thefts(const ct_model *m, size_t cam);

/* Expected share of camera cam's new thefts that score below threshold t
 * (lost), in [0, 1]; a muted setting loses them all. */
double ct_model_loss_share(const ct_model *m, size_t cam, double t, bool muted);
/* The same for a setting of the camera, from its own counts (a ct_option's
 * are those of its threshold, curve.h): no search in the scores. */
double ct_model_setting_loss_share(const ct_model *m, size_t cam, const ct_option *o);

/* What a whole setting (one ct_option per camera, dataset order) will
 * probably do on new alerts. */
typedef struct ct_expectation {
	double thefts;          /* expected thefts on the new alerts */
	double tp_lost;         /* expected thefts lost */
	double tp_lost_low, tp_lost_high; /* interval of coverage interval */
	double interval;        /* params.interval */
	double fp_saved_share;  /* expected FP saved / FP, as on the history */
	double fp_saved_sd;     /* its standard deviation */
	double p_target_met;    /* P(FP saved share >= target share); NAN
	                           when no target was given */
	ct_model_variance variance; /* where the variance came from */
} ct_expectation;

/* target_share: the FP target as a share of baseline FP (NAN: none).
 * Each setting's fp_saved and tp_lost are taken as those of its threshold
 * (curve.h), as ct_camera_apply makes them. */
void ct_model_expect(const ct_model *m, const ct_option *setting,
                     double target_share, ct_expectation *out);

/* ---- the pieces, exposed for the robust strategy and the tests -------- */

/* Position of threshold t in camera cam's FP: the share of its FP scoring
 * below t (what the threshold removes of FP like the history's). */
double ct_model_fp_position(const ct_model *m, size_t cam, double t);
/* The camera's theft-score curve at FP position a in [0, 1]: expected
 * share of new thefts scoring below a threshold at that position. */
double ct_model_curve(const ct_model *m, size_t cam, double a);
/* Variance of a camera's contribution to (FP saved - share * FP) on new
 * alerts when its threshold removes the share a of its FP: the new
 * alerts' sampling, the history's, the camera's volume swing and its
 * score drift (which moves the share the threshold removes). */
double ct_model_fp_variance(const ct_model *m, size_t cam, double a,
                            double target_share);

/* Camera cam's variance of the log volume and of the score shift
 * (logit^2) from the history to the next period. */
double ct_model_volume_var(const ct_model *m, size_t cam);
double ct_model_drift_var(const ct_model *m, size_t cam);

#endif
