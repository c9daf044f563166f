/* curve.h -- one camera's trade-off: counts at a threshold, its useful
 * options, ROC AUC and average precision.
 *
 * Threshold rule (fixed, scikit-learn's): an alert is kept iff
 * probability >= threshold.
 */
#ifndef CAMTUNE_CURVE_H
#define CAMTUNE_CURVE_H

#include "core/dataset.h"

/* Number of values >= t in an ascending array. */
uint32_t ct_count_ge(const double *sorted, uint32_t n, double t);

typedef struct ct_kept {
	uint32_t tp_kept, fp_kept;
} ct_kept;

ct_kept ct_camera_kept(const ct_camera *c, double threshold);

/* A per-camera setting: one threshold and what it does against baseline.
 * Used both for the options of a camera and for a solution's choices. */
typedef struct ct_option {
	double threshold;  /* keep alerts with p >= threshold */
	uint32_t tp_lost;  /* baseline TP - TP kept */
	uint32_t fp_saved; /* baseline FP - FP kept */
	/* Keeps no alert of the history: the camera's last option (losing all
	 * P thefts), which a deployment applies as a mute: exported with
	 * "muted": true at ct_mute_threshold(), so no alert is ever kept. */
	bool muted;
} ct_option;

/* The mute threshold of a camera (doc/domain.md, "Threshold rule" and
 * "Thresholds JSON"): the next double above max(1, the camera's highest
 * score), so above any probability the model can emit and above every
 * score in the data, out-of-range ones included.  The one definition used
 * by the mute option, the explorer's mute and the export. */
double ct_mute_threshold(const ct_camera *c);

/* The threshold a deployment applies to camera c for a thresholds entry:
 * the mute threshold of c (of this data, so new scores above the history's
 * maximum are removed too) when muted, else threshold itself.  Every
 * reader of a thresholds file (eval, --lock, the explorer, plot) goes
 * through it, so a muted camera keeps no alert at all. */
double ct_deployed_threshold(const ct_camera *c, double threshold, bool muted);

/* The setting that results from applying threshold t to camera c. */
ct_option ct_camera_apply(const ct_camera *c, double t);
/* The same, with the camera's options o[0..n) (ct_camera_options) at
 * hand: a threshold that is an option's is read there, without a search
 * in the scores (a resume locks every camera at one of its options). */
ct_option ct_camera_apply_known(const ct_camera *c, const ct_option *o, size_t n, double t);
/* The baseline setting, nothing removed: threshold 0, or the lowest score
 * when that is negative, so that it keeps every alert of new data too. */
ct_option ct_camera_baseline(const ct_camera *c);

/* The useful options of a camera (doc/domain.md "Threshold rule"): index 0 is the baseline,
 * then the Pareto-efficient options in strictly increasing tp_lost and
 * strictly increasing fp_saved: losing k thefts at threshold s_{k+1}
 * (impossible k skipped), and muting (at ct_mute_threshold) when it
 * saves more.  out must have room for n_tp + 2 entries.
 * Returns the number written (>= 1). */
size_t ct_camera_options(const ct_camera *c, ct_option *out);

/* Options of every camera, in one block. */
typedef struct ct_options {
	size_t n_cameras;
	uint32_t *offset; /* camera i owns v[offset[i] .. offset[i+1]) */
	ct_option *v;
} ct_options;

ct_options *ct_options_build(const ct_dataset *ds);
void ct_options_free(ct_options *o);

/* ROC AUC as scikit-learn's roc_auc_score (ties count one half).  NAN when
 * the camera has no theft or no normal alert. */
double ct_camera_auc(const ct_camera *c);
/* Average precision as scikit-learn's average_precision_score.  NAN when
 * the camera has no theft. */
double ct_camera_average_precision(const ct_camera *c);

#endif
