/* transfer.c -- apply a solution of one dataset to another (transfer.h).
 *
 * Owns nothing: a recount with binary searches on both sides, so a fleet
 * of n cameras with m alerts costs O(n log n + n log m).
 */
#include "config.h"

#include "core/transfer.h"

#include <string.h>

#include "core/curve.h"

ct_option ct_transfer_setting(const ct_option *chosen, const ct_camera *c)
{
	if (chosen->muted) {
		/* doc/domain.md "Threshold rule": a mute removes all its alerts,
		 * today and tomorrow -- not only those below the history's top */
		ct_option o = {chosen->threshold, c->n_tp, c->n_fp, true};
		return o;
	}
	return ct_camera_apply(c, chosen->threshold);
}

int ct_transfer_solution(const ct_dataset *from, const ct_solution *sol,
                         const ct_dataset *to, ct_transfer *out)
{
	memset(out, 0, sizeof *out);
	if (!from || !sol || !to || sol->n_cameras != from->n_cameras)
		return -1;
	out->baseline_tp = to->n_tp;
	out->baseline_fp = to->n_fp;
	for (size_t i = 0; i < to->n_cameras; i++) {
		const ct_camera *c = &to->cameras[i];
		int32_t j = from == to ? (int32_t)i : ct_dataset_find_at(from, c->store, c->camera_id, (int64_t)i);
		if (j < 0) {
			out->n_unmatched++;
			continue;
		}
		out->n_matched++;
		ct_option o = ct_transfer_setting(&sol->setting[j], c);
		out->tp_lost += o.tp_lost;
		out->fp_saved += o.fp_saved;
	}
	return 0;
}
