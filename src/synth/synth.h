/* synth.h -- a synthetic alert file in the format of doc/domain.md "Data format".
 *
 * Deterministic for a seed (own PRNG, no rand()).  The default options
 * give the shape of the real file's published figures (doc/domain.md "Data format"):
 * 158,136 rows, 45 stores with one camera each sharing 30 camera ids,
 * 2,199 rows with an empty probability (one also without a label), then
 * TP 1,601 / FP 154,336 exactly, 6 cameras without a theft holding about
 * 10 % of the FP, FP per camera from 150 to about 12,600 (median about
 * 2,700), very skewed TP per camera, per-camera AUC with mean 0.594 and
 * sd 0.137 (min 0.097, max 0.886) built in, some negative probabilities
 * and a few exactly 1.  Other sizes scale every proportion.
 *
 *   ct_synth_opts o;  ct_synth_defaults(&o);  o.seed = 7;
 *   if (ct_synth_write(&o, f, err, sizeof err) != 0) ...   f stays open
 *
 * Months.  The seed fixes a camera model: stores, cameras, each camera's
 * alert volume, theft rate and score distributions (the calibrated plan
 * above).  month = 0 writes the calibrated file itself (May 2023, the exact
 * totals).  month = N >= 1 writes a fresh draw of month N of the same
 * cameras (1 = May 2023, 2 = June 2023, ...), every start time inside that
 * month; with a seed and a month the file is deterministic.  For camera c
 * in month N (each draw from a generator seeded by (seed, N)):
 *   V    = exp(0.1 Z - 0.005), Z ~ N(0, 1)         volume of the month
 *   FP   ~ Poisson(V * fp_c)                       fp_c: the plan's FP
 *   TP   ~ Poisson(V * lambda_c), lambda_c = the plan's TP count, or
 *          0.05 * (fleet TP / fleet FP) * fp_c for a camera the plan
 *          gives no theft (so it can have thefts some months)
 *   rows with no probability ~ Poisson(V * the plan's count)
 *   FP logit    ~ N(mu_c + shift, sigma_c^2)
 *   theft logit ~ N(mu_c + shift + sigma_c * d_c, (1.6 sigma_c)^2), d_c
 *          chosen so the camera's AUC is its designed AUC (theft-free
 *          cameras get one drawn from the fleet's AUC spread)
 *   shift = drift * (N - 1) * dir_c, dir_c = +1 or -1 per camera, fixed by
 *          the seed: with drift X every score of a camera moves by X in
 *          logit units per month, up or down, its AUC unchanged.
 * Walks.  With volume_swing >= 0 or score_drift > 0 (a month only), each
 * camera's volume and scores follow daily random walks from the first
 * day of month 1 (a generator of the seed and the camera), instead of
 * the month's V above: day d's log volume and score shift (logit units,
 * thefts and normals alike) each take a normal step, sized so that the
 * mean of one month differs from the next month's by volume_swing (log
 * volume) and score_drift (logit) standard deviations; the volume walk
 * is corrected to a mean of 1 on every day (it swings, it does not grow).
 * A row's day is
 * drawn by the walk's volume, so the weeks of one month already show how
 * the camera moves.  volume_swing 0: no swing beyond Poisson.
 * Broken cameras.  With break_cameras K (and a month), K cameras picked
 * by the seed alone, the same in every month, behave as a camera moved or
 * updated (doc/domain.md "After deployment"): their normal alerts' logit
 * mean is raised by break_shift and their FP count multiplied by
 * break_volume after the month's draw; their thefts are left alone.
 * Counts are Poisson (Poisson(x) for x >= 50 drawn as the nearest integer
 * of N(x, x)), so a month's totals vary around the plan's and alerts sets
 * the scale, not the row count.  A camera whose draw has no row at all is
 * absent from that month (it needs tiny files).
 */
#ifndef CAMTUNE_SYNTH_H
#define CAMTUNE_SYNTH_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

typedef struct ct_synth_opts {
	uint64_t seed;
	uint32_t stores;
	uint32_t cameras_per_store;
	uint64_t alerts;  /* rows written, the unusable ones included */
	bool gzip;        /* write a gzip stream instead of plain text */
	uint32_t month;   /* 0: the calibrated file; N >= 1: month N (above) */
	double drift;     /* logit units per month (above); 0 by default */
	double theft_rate; /* thefts per usable row; 0: the real file's
	                      (1,601 of 155,937, about 1.03 %) */
	double volume_swing; /* Walks (above); < 0: off, the month's V */
	double score_drift;  /* Walks (above); 0: no score walk */
	uint32_t break_cameras; /* broken cameras (above); 0: none */
	double break_shift;     /* their FP logit shift (default 1.5) */
	double break_volume;    /* their FP volume factor (default 2) */
} ct_synth_opts;

/* The true parameters of one camera in a month: its expected FP and
 * thefts, and its score laws in logit units, FP ~ N(fp_mu, fp_sigma^2),
 * thefts ~ N(tp_mu, tp_sigma^2), the month's volume-weighted shift
 * included (within the month a walk moves them around these). */
typedef struct ct_synth_camera {
	char store[48];
	uint32_t camera_id;
	double fp_mean, tp_mean;
	double fp_mu, fp_sigma, tp_mu, tp_sigma;
} ct_synth_camera;

/* Month 993 is January 2106, the last whole month a clip time can hold
 * (load.h: seconds since 1970 in 32 bits end on 2106-02-07); a later
 * month would write times the loader cannot read. */
#define CT_SYNTH_MAX_MONTH 993

/* The real file's shape, seed 1, month 0, no drift. */
void ct_synth_defaults(ct_synth_opts *o);

/* Write the whole file to f (not closed).  0 ok, or an exit code
 * (io/exit.h) with a message in err: CT_EXIT_USAGE bad options,
 * CT_EXIT_NOMEM out of memory, CT_EXIT_IOERR a write error. */
int ct_synth_write(const ct_synth_opts *o, FILE *f, char *err, size_t errlen);

/* The true parameters of month o->month (>= 1) of every camera, in the
 * plan's camera order, into *vout (the caller frees it).  0 or an exit
 * code as ct_synth_write. */
int ct_synth_truth(const ct_synth_opts *o, ct_synth_camera **vout, size_t *n, char *err,
                   size_t errlen);
/* The same as a table with a header line, tab-separated:
 * store camera month fp_mean tp_mean fp_mu fp_sigma tp_mu tp_sigma. */
int ct_synth_write_truth(const ct_synth_opts *o, FILE *f, char *err, size_t errlen);

#endif
