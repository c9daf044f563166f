/* transfer.h -- a solution chosen on one dataset, applied to another.
 *
 * Thresholds are chosen on the history and deployed on the alerts to come
 * (doc/domain.md "Out-of-sample decisions"); backtest, eval-like code and
 * the benchmark all need the same recount, so it lives here once.
 *
 * Rules (doc/domain.md "Threshold rule"):
 *  - cameras are matched by their (store, camera id) key, not by index;
 *  - a camera's setting keeps an alert iff probability >= its threshold;
 *  - a muted setting keeps NO alert of that camera, whatever its score;
 *  - a camera of the other dataset that the solution does not know stays
 *    at baseline (every alert kept).
 * Pure core: no I/O, nothing allocated that outlives a call.
 */
#ifndef CAMTUNE_TRANSFER_H
#define CAMTUNE_TRANSFER_H

#include "core/optimise.h"

typedef struct ct_transfer {
	uint64_t baseline_tp, baseline_fp; /* of the dataset applied to */
	uint64_t tp_lost, fp_saved;        /* against that baseline */
	size_t n_matched;   /* its cameras found in the solution's dataset */
	size_t n_unmatched; /* its cameras the solution does not know: baseline */
} ct_transfer;

/* What one chosen setting does to camera c of another dataset: the option
 * with c's own tp_lost/fp_saved (muted: all of c's alerts removed). */
ct_option ct_transfer_setting(const ct_option *chosen, const ct_camera *c);

/* Apply sol, solved on `from` (sol->setting[i] is from->cameras[i]), to
 * every camera of `to`.  `from` and `to` may be the same dataset (then the
 * result recounts sol's own totals).  0 ok, -1 bad arguments (sol not of
 * from's size). */
int ct_transfer_solution(const ct_dataset *from, const ct_solution *sol,
                         const ct_dataset *to, ct_transfer *out);

#endif
