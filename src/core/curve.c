/* curve.c -- one camera's trade-off: kept counts at a threshold, the
 * camera's useful options (doc/domain.md "Threshold rule"), ROC AUC and average precision.
 *
 * Everything works on the camera's two ascending score arrays; nothing
 * here allocates except ct_options_build.
 */
#include "config.h"

#include "core/curve.h"

#include <math.h>
#include <stdlib.h>

uint32_t ct_count_ge(const double *sorted, uint32_t n, double t)
{
	if (isnan(t))
		return 0; /* p >= NAN is never true */
	/* first index with sorted[i] >= t */
	uint32_t lo = 0, hi = n;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (sorted[mid] < t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return n - lo;
}

ct_kept ct_camera_kept(const ct_camera *c, double threshold)
{
	ct_kept k;
	k.tp_kept = ct_count_ge(c->tp, c->n_tp, threshold);
	k.fp_kept = ct_count_ge(c->fp, c->n_fp, threshold);
	return k;
}

double ct_mute_threshold(const ct_camera *c)
{
	double hi = ct_camera_max_score(c); /* NAN without alerts: fmax ignores it */
	return nextafter(fmax(1.0, hi), INFINITY);
}

double ct_deployed_threshold(const ct_camera *c, double threshold, bool muted)
{
	return muted ? ct_mute_threshold(c) : threshold;
}

ct_option ct_camera_apply(const ct_camera *c, double t)
{
	ct_kept k = ct_camera_kept(c, t);
	ct_option o;
	o.threshold = t;
	o.tp_lost = c->n_tp - k.tp_kept;
	o.fp_saved = c->n_fp - k.fp_kept;
	o.muted = c->n_tp + c->n_fp > 0 && k.tp_kept + k.fp_kept == 0;
	return o;
}

ct_option ct_camera_apply_known(const ct_camera *c, const ct_option *o, size_t n, double t)
{
	/* the options' thresholds ascend strictly (ct_camera_options) */
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (o[mid].threshold < t)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < n && o[lo].threshold == t) {
		ct_option r = o[lo];
		r.threshold = t; /* -0 stays -0, as the caller gave it */
		return r;
	}
	return ct_camera_apply(c, t);
}

ct_option ct_camera_baseline(const ct_camera *c)
{
	ct_option o;
	/* Keeps every alert the model can emit (p >= 0), not only the
	 * history's: a new alert may score below the history's lowest. */
	double lo = ct_camera_min_score(c);
	o.threshold = isnan(lo) || lo > 0 ? 0.0 : lo;
	o.tp_lost = 0;
	o.fp_saved = 0;
	o.muted = false;
	return o;
}

size_t ct_camera_options(const ct_camera *c, ct_option *out)
{
	size_t n = 0;
	out[n++] = ct_camera_baseline(c);
	uint32_t best = 0; /* fp_saved of the last option written */
	uint32_t fi = 0;   /* normals strictly below the current threshold */
	for (uint32_t k = 0; k < c->n_tp; k++) {
		double s = c->tp[k];
		if (k > 0 && c->tp[k - 1] == s)
			continue; /* losing exactly k is impossible */
		while (fi < c->n_fp && c->fp[fi] < s)
			fi++;
		if (fi > best) {
			out[n].threshold = s;
			out[n].tp_lost = k;
			out[n].fp_saved = fi;
			out[n].muted = false;
			best = fi;
			n++;
		}
	}
	if (c->n_fp > best) {
		/* muting removes every alert, today's and tomorrow's */
		out[n].threshold = ct_mute_threshold(c);
		out[n].tp_lost = c->n_tp;
		out[n].fp_saved = c->n_fp;
		out[n].muted = true;
		n++;
	}
	return n;
}

ct_options *ct_options_build(const ct_dataset *ds)
{
	ct_options *o = calloc(1, sizeof *o);
	if (!o)
		return NULL;
	o->n_cameras = ds->n_cameras;
	o->offset = malloc((ds->n_cameras + 1) * sizeof *o->offset);
	size_t cap = 0;
	for (size_t i = 0; i < ds->n_cameras; i++)
		cap += (size_t)ds->cameras[i].n_tp + 2;
	if (cap > UINT32_MAX) {
		free(o->offset);
		free(o);
		return NULL;
	}
	o->v = malloc((cap ? cap : 1) * sizeof *o->v);
	if (!o->offset || !o->v) {
		ct_options_free(o);
		return NULL;
	}
	size_t n = 0;
	for (size_t i = 0; i < ds->n_cameras; i++) {
		o->offset[i] = (uint32_t)n;
		n += ct_camera_options(&ds->cameras[i], o->v + n);
	}
	o->offset[ds->n_cameras] = (uint32_t)n;
	ct_option *v = realloc(o->v, (n ? n : 1) * sizeof *v);
	if (v)
		o->v = v;
	return o;
}

void ct_options_free(ct_options *o)
{
	if (!o)
		return;
	free(o->offset);
	free(o->v);
	free(o);
}

double ct_camera_auc(const ct_camera *c)
{
	if (c->n_tp == 0 || c->n_fp == 0)
		return NAN;
	/* For each theft: normals strictly below it count 1, equal ones 1/2.
	 * Counted in doubled units so the sum stays an integer. */
	uint64_t twice = 0;
	uint32_t below = 0, upto = 0; /* fp < s, fp <= s */
	for (uint32_t i = 0; i < c->n_tp; i++) {
		double s = c->tp[i];
		while (below < c->n_fp && c->fp[below] < s)
			below++;
		if (upto < below)
			upto = below;
		while (upto < c->n_fp && c->fp[upto] <= s)
			upto++;
		twice += (uint64_t)below + upto;
	}
	return (double)twice / (2.0 * (double)c->n_tp * (double)c->n_fp);
}

double ct_camera_average_precision(const ct_camera *c)
{
	if (c->n_tp == 0)
		return NAN;
	/* Walk the distinct theft scores from the top: at threshold s the
	 * recall step is (thefts scoring exactly s) / P and the precision is
	 * (thefts >= s) / (alerts >= s).  Thresholds that are only normal
	 * scores add no recall and so nothing to the sum. */
	double ap = 0.0;
	uint32_t i = c->n_tp, j = c->n_fp;
	while (i > 0) {
		double s = c->tp[i - 1];
		uint32_t step = 0;
		while (i > 0 && c->tp[i - 1] == s) {
			i--;
			step++;
		}
		while (j > 0 && c->fp[j - 1] >= s)
			j--;
		uint32_t tp_ge = c->n_tp - i, fp_ge = c->n_fp - j;
		ap += (double)step / c->n_tp * ((double)tp_ge / (tp_ge + fp_ge));
	}
	return ap;
}
