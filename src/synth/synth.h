/* synth.h -- a synthetic alert file in the format of DOMAIN.md §2.
 *
 * Deterministic for a seed (own PRNG, no rand()).  The default options
 * give the shape of the real file's published figures (DOMAIN.md §2):
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
} ct_synth_opts;

/* The real file's shape, seed 1. */
void ct_synth_defaults(ct_synth_opts *o);

/* Write the whole file to f (not closed).  0 ok; -1 with a message in err
 * (bad options, out of memory, write error). */
int ct_synth_write(const ct_synth_opts *o, FILE *f, char *err, size_t errlen);

#endif
