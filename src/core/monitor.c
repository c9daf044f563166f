/* monitor.c -- the per-camera expectations and history picture a
 * thresholds file carries, and the judgement of a new period against them
 * (doc/domain.md "After deployment"). */
#include "config.h"

#include "core/monitor.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/stats.h"

#define SECONDS_PER_DAY 86400.0

double ct_span_days(uint32_t first, uint32_t last)
{
	if (first == CT_NO_TIME || last == CT_NO_TIME || last < first)
		return NAN;
	double d = (double)(last - first) / SECONDS_PER_DAY;
	return d > 0 ? d : NAN;
}

/* ---- the export side --------------------------------------------------------- */

void ct_camera_history_of(const ct_camera *c, double days, double volume_cv,
                          ct_camera_history *out)
{
	memset(out, 0, sizeof *out);
	uint32_t n = c->n_fp;
	for (int j = 0; j < CT_HISTORY_QUANTILES; j++) {
		if (!n) {
			out->fp_quantiles[j] = NAN;
			continue;
		}
		/* level j / 31: the nearest order statistic, a score of the
		 * history (short to print, and read back exactly) */
		double pos = (double)j * (double)(n - 1) / (CT_HISTORY_QUANTILES - 1);
		out->fp_quantiles[j] = c->fp[(uint32_t)floor(pos + 0.5)];
	}
	out->fp = n;
	out->thefts = c->n_tp;
	out->alerts = (uint64_t)c->n_tp + c->n_fp;
	out->theft_rate = out->alerts ? (double)c->n_tp / (double)out->alerts : NAN;
	out->days = days;
	out->volume_cv = volume_cv;
}

/* Negative binomial quantile: the smallest k with P(X <= k) >= p, X of
 * mean mu and variance mu + mu^2 / r (a Poisson count whose rate has a
 * gamma law of shape r).  Large means by the normal approximation. */
static double nb_quantile(double mu, double r, double p)
{
	if (!(mu > 0))
		return 0;
	if (!(r > 0) || !isfinite(r))
		r = 1e12;
	double var = mu + mu * mu / r;
	if (mu > 400) {
		double k = ceil(mu + ct_normal_quantile(p) * sqrt(var));
		return k > 0 ? k : 0;
	}
	double q = mu / (r + mu);
	double pk = exp(-r * log1p(mu / r)), cdf = pk;
	double k = 0, cap = mu + 40 * sqrt(var) + 40;
	while (cdf < p && k < cap) {
		pk *= (k + r) / (k + 1) * q;
		k++;
		cdf += pk;
	}
	return k;
}

void ct_camera_expect_of(const ct_model *m, const ct_camera *c, size_t cam, const ct_option *o,
                         double days, ct_camera_expect *out)
{
	ct_model_fit fit;
	ct_model_fit_of(m, &fit);
	double z = ct_normal_quantile(1 - (1 - CT_EXPECT_INTERVAL) / 2);
	double tail = (1 - CT_EXPECT_INTERVAL) / 2;
	double thefts = ct_model_thefts(m, cam);
	double lost_share = ct_model_setting_loss_share(m, cam, o);
	out->interval = CT_EXPECT_INTERVAL;

	/* FP: the history's share kept, with the model's variance of the FP
	 * kept (model.h's variance at share 1: saved minus all new FP) */
	double f_total = c->n_fp;
	double a = f_total > 0 ? (double)o->fp_saved / f_total : 0;
	double kept = f_total - (double)o->fp_saved;
	double var = ct_model_fp_variance(m, cam, a, 1.0);
	double sd = sqrt(var > 0 ? var : 0);
	out->fp_kept = kept;
	out->fp_kept_low = fmax(0, kept - z * sd);
	out->fp_kept_high = kept + z * sd;

	/* thefts lost: Poisson with a gamma rate of shape (fleet shape + own
	 * thefts), the model's posterior */
	double shape = fit.rate_shape + c->n_tp;
	double mu = thefts * lost_share;
	out->tp_lost = mu;
	out->tp_lost_low = nb_quantile(mu, shape, tail);
	out->tp_lost_high = nb_quantile(mu, shape, 1 - tail);
	if (out->tp_lost_low > mu)
		out->tp_lost_low = floor(mu);

	/* the alerts it still raises, per day */
	if (!(days > 0)) {
		out->alerts_per_day = out->alerts_per_day_low = out->alerts_per_day_high = NAN;
		return;
	}
	double tp_kept = thefts * (1 - lost_share);
	double avar = var + tp_kept + tp_kept * tp_kept / (shape > 0 ? shape : 1);
	double asd = sqrt(avar > 0 ? avar : 0);
	out->alerts_per_day = (kept + tp_kept) / days;
	out->alerts_per_day_low = fmax(0, kept + tp_kept - z * asd) / days;
	out->alerts_per_day_high = (kept + tp_kept + z * asd) / days;
}

/* ---- judging a new period ---------------------------------------------------- */

static const char *const verdict_names[] = {"drifted", "new", "silent", "holds"};

const char *ct_monitor_verdict_name(ct_monitor_verdict v)
{
	return (unsigned)v <= CT_VERDICT_HOLDS ? verdict_names[v] : "unknown";
}

/* An expectation of the history's length scaled to a period f times as
 * long: the means by f; the half-widths by f where the swing of the
 * volume dominates and by sqrt(f) where the counts' Poisson noise does,
 * so the larger of the two (never too narrow).  Alerts per day keep their
 * mean; their half-widths grow by 1 / sqrt(f) on a shorter period. */
static void scale_expect(ct_camera_expect *e, double f)
{
	double w = f > 1 ? f : sqrt(f);
#define SCALE(x)                                                                   \
	do {                                                                       \
		double mid = e->x;                                                 \
		e->x = mid * f;                                                    \
		e->x##_low = fmax(0, e->x - (mid - e->x##_low) * w);               \
		e->x##_high = e->x + (e->x##_high - mid) * w;                      \
	} while (0)
	SCALE(fp_kept);
	SCALE(tp_lost);
#undef SCALE
	if (isfinite(e->alerts_per_day)) {
		double wd = w / f, mid = e->alerts_per_day;
		e->alerts_per_day_low = fmax(0, mid - (mid - e->alerts_per_day_low) * wd);
		e->alerts_per_day_high = mid + (e->alerts_per_day_high - mid) * wd;
	}
}

/* How far x lies from mid toward its interval's bound, in half-widths:
 * above 1 is outside. */
static double distance(double x, double mid, double lo, double hi)
{
	if (!isfinite(x) || !isfinite(mid))
		return 0;
	double w = x >= mid ? hi - mid : mid - lo;
	double d = fabs(x - mid);
	if (d == 0)
		return 0;
	if (x > hi || x < lo)
		return w > 0 ? fmax(d / w, 1.0 + 1e-9) : 1e9;
	return w > 0 ? d / w : 0;
}

/* The level of score x in the history's FP, read off the quantiles
 * (levels j / 31, linear between them; a run of equal quantiles gives
 * its middle). */
static double level_of(const double *q, double x)
{
	const int n = CT_HISTORY_QUANTILES;
	if (x < q[0])
		return 0;
	if (x > q[n - 1])
		return 1;
	int lo = 0, hi = n - 1; /* q[lo] <= x, first index with q > x is found below */
	int a = 0, b = n;       /* first index with q[i] >= x */
	while (a < b) {
		int m = (a + b) / 2;
		if (q[m] < x)
			a = m + 1;
		else
			b = m;
	}
	int c = a, d = n; /* first index with q[i] > x */
	while (c < d) {
		int m = (c + d) / 2;
		if (q[m] <= x)
			c = m + 1;
		else
			d = m;
	}
	if (c > a) /* x equals q[a .. c): the run's middle */
		return ((double)a + (double)(c - 1)) / 2 / (n - 1);
	lo = a - 1;
	hi = a;
	double t = (x - q[lo]) / (q[hi] - q[lo]);
	return ((double)lo + t) / (n - 1);
}

/* Score shift: the new FP's mean level in the history's quantiles, 1/2
 * when nothing moved; its variance 1/12 per score, for the new ones and
 * for the history's estimate of the quantiles alike. */
static void shift_test(const ct_camera *c, const ct_camera_history *h, ct_monitor_row *r)
{
	r->shift = r->shift_z = NAN;
	if (!h || h->fp < 2 || !c || !c->n_fp || !isfinite(h->fp_quantiles[0]))
		return;
	double sum = 0;
	for (uint32_t i = 0; i < c->n_fp; i++)
		sum += level_of(h->fp_quantiles, c->fp[i]);
	r->shift = sum / c->n_fp - 0.5;
	double sd = sqrt(1.0 / (12.0 * c->n_fp) + 1.0 / (12.0 * (double)h->fp));
	r->shift_z = r->shift / sd;
}

/* Volume: the new period's alerts against the history's scaled by f, with
 * the Poisson noise of both periods and the model's volume swing. */
static void volume_test(uint64_t alerts, const ct_camera_history *h, double f, ct_monitor_row *r)
{
	r->volume_ratio = r->volume_z = NAN;
	if (!h || !h->alerts)
		return;
	double e = (double)h->alerts * f;
	double cv = isfinite(h->volume_cv) ? h->volume_cv : 0;
	double var = e + (double)h->alerts * f * f + cv * cv * e * e;
	r->volume_ratio = (double)alerts / e;
	r->volume_z = ((double)alerts - e) / sqrt(var);
}

static void judge(ct_monitor_row *r, const ct_camera *c, const ct_monitor_entry *e, double f,
                  double new_days)
{
	double zc = ct_normal_quantile(1 - (1 - CT_MONITOR_TEST_LEVEL) / 2);
	r->has_expected = e->expected != NULL;
	if (r->has_expected) {
		r->expected = *e->expected;
		scale_expect(&r->expected, f);
	}
	shift_test(c, e->history, r);
	volume_test(r->alerts, e->history, f, r);
	double far = 0;
	if (r->has_expected) {
		const ct_camera_expect *x = &r->expected;
		double d[3] = {
			distance((double)r->fp_kept, x->fp_kept, x->fp_kept_low, x->fp_kept_high),
			distance((double)r->tp_lost, x->tp_lost, x->tp_lost_low, x->tp_lost_high),
			distance(r->alerts_per_day, x->alerts_per_day, x->alerts_per_day_low,
			         x->alerts_per_day_high),
		};
		static const unsigned flag[3] = {CT_FLAG_FP_KEPT, CT_FLAG_TP_LOST, CT_FLAG_ALERTS_PER_DAY};
		for (int i = 0; i < 3; i++) {
			if (d[i] > 1)
				r->flags |= flag[i];
			far = fmax(far, d[i]);
		}
	}
	if (isfinite(r->shift_z)) {
		double d = fmin(fabs(r->shift_z) / zc, fabs(r->shift) / CT_MONITOR_MIN_SHIFT);
		if (d > 1)
			r->flags |= CT_FLAG_SHIFT;
		far = fmax(far, d);
	}
	if (isfinite(r->volume_z)) {
		double d = fabs(r->volume_z) / zc;
		if (d > 1)
			r->flags |= CT_FLAG_VOLUME;
		far = fmax(far, d);
	}
	(void)new_days;
	r->outside = far;
	r->verdict = r->flags ? CT_VERDICT_DRIFTED : CT_VERDICT_HOLDS;
}

static int row_order(const void *pa, const void *pb)
{
	const ct_monitor_row *a = pa, *b = pb;
	if (a->verdict != b->verdict)
		return a->verdict < b->verdict ? -1 : 1;
	if (a->outside != b->outside)
		return a->outside > b->outside ? -1 : 1;
	/* the dataset's order, then the file's */
	int64_t ka = a->cam >= 0 ? a->cam : INT32_MAX + a->entry;
	int64_t kb = b->cam >= 0 ? b->cam : INT32_MAX + b->entry;
	return ka < kb ? -1 : ka > kb;
}

int ct_monitor_build(const ct_dataset *ds, const ct_monitor_entry *entries, size_t n,
                     const ct_monitor_opts *o, ct_monitor *out)
{
	memset(out, 0, sizeof *out);
	uint8_t *used = calloc(ds->n_cameras ? ds->n_cameras : 1, 1);
	ct_option *settings = calloc(ds->n_cameras ? ds->n_cameras : 1, sizeof *settings);
	out->rows = calloc(n + ds->n_cameras + 1, sizeof *out->rows);
	if (!used || !settings || !out->rows) {
		free(used);
		free(settings);
		free(out->rows);
		out->rows = NULL;
		return -1;
	}
	ct_monitor_fleet *fl = &out->fleet;
	double new_days = o->new_days;
	for (size_t i = 0; i < ds->n_cameras; i++)
		settings[i] = ct_camera_baseline(&ds->cameras[i]);

	int32_t at = -1;
	for (size_t k = 0; k < n; k++) {
		const ct_monitor_entry *e = &entries[k];
		at = ct_dataset_find_at(ds, e->store, e->camera_id, (int64_t)at + 1);
		ct_monitor_row *r = &out->rows[out->n++];
		r->store = e->store;
		r->camera_id = e->camera_id;
		r->entry = (int64_t)k;
		r->cam = at;
		r->threshold = e->threshold;
		r->muted = e->muted;
		double hdays = e->history ? e->history->days : NAN;
		double f = 1;
		if (hdays > 0 && new_days > 0) {
			f = new_days / hdays;
			if (!fl->scale_known) {
				fl->scale_known = true;
				fl->scale = f;
			}
		}
		if (at < 0 || used[at]) {
			/* silent: no alert in the new period (a second entry of
			 * one camera cannot happen: the reader refuses it) */
			r->cam = -1;
			r->verdict = CT_VERDICT_SILENT;
			r->alerts_per_day = new_days > 0 ? 0 : NAN;
			r->has_expected = e->expected != NULL;
			if (r->has_expected) {
				r->expected = *e->expected;
				scale_expect(&r->expected, f);
			}
			volume_test(0, e->history, f, r);
			r->shift = r->shift_z = NAN;
			r->outside = isfinite(r->volume_z) ? fabs(r->volume_z) : 0;
			fl->silent++;
			continue;
		}
		used[at] = 1;
		const ct_camera *c = &ds->cameras[at];
		ct_option s = ct_camera_apply(c, ct_deployed_threshold(c, e->threshold, e->muted));
		s.muted = e->muted;
		settings[at] = s;
		r->fp_saved = s.fp_saved;
		r->tp_lost = s.tp_lost;
		r->fp_kept = c->n_fp - s.fp_saved;
		r->tp_kept = c->n_tp - s.tp_lost;
		r->alerts = (uint64_t)c->n_tp + c->n_fp;
		r->alerts_per_day = new_days > 0 ? (double)(r->fp_kept + r->tp_kept) / new_days : NAN;
		judge(r, c, e, f, new_days);
	}
	for (size_t i = 0; i < ds->n_cameras; i++) {
		if (used[i])
			continue;
		const ct_camera *c = &ds->cameras[i];
		ct_monitor_row *r = &out->rows[out->n++];
		r->store = c->store;
		r->camera_id = c->camera_id;
		r->cam = (int32_t)i;
		r->entry = -1;
		r->verdict = CT_VERDICT_NEW;
		r->threshold = NAN;
		r->fp_kept = c->n_fp;
		r->tp_kept = c->n_tp;
		r->alerts = (uint64_t)c->n_tp + c->n_fp;
		r->alerts_per_day = new_days > 0 ? (double)r->alerts / new_days : NAN;
		r->shift = r->shift_z = r->volume_ratio = r->volume_z = NAN;
		fl->new_cameras++;
	}
	for (size_t i = 0; i < out->n; i++) {
		const ct_monitor_row *r = &out->rows[i];
		fl->drifted += r->verdict == CT_VERDICT_DRIFTED;
		fl->holds += r->verdict == CT_VERDICT_HOLDS;
		fl->fp_saved += r->fp_saved;
		fl->tp_lost += r->tp_lost;
	}
	if (!fl->scale_known)
		fl->scale = 1;
	fl->cameras = ds->n_cameras;
	fl->baseline_tp = ds->n_tp;
	fl->baseline_fp = ds->n_fp;
	fl->has_target = isfinite(o->target_share);
	fl->target_fp_reduction = fl->has_target ? o->target_share * (double)ds->n_fp : NAN;
	fl->target_met = fl->has_target && (double)fl->fp_saved >= fl->target_fp_reduction;
	qsort(out->rows, out->n, sizeof *out->rows, row_order);

	/* The next period if nothing changes: the new period is the history
	 * now. */
	if (ds->n_cameras && ds->n_fp) {
		ct_model_params mp;
		ct_model_defaults(&mp);
		if (o->confidence > 0 && o->confidence < 1)
			mp.confidence = o->confidence;
		ct_model *m = ct_model_new(ds, &mp);
		if (!m) {
			free(used);
			free(settings);
			ct_monitor_release(out);
			return -1;
		}
		ct_model_expect(m, settings, o->target_share, &fl->next);
		fl->has_next = true;
		ct_model_free(m);
	}
	free(used);
	free(settings);
	return 0;
}

void ct_monitor_release(ct_monitor *m)
{
	free(m->rows);
	memset(m, 0, sizeof *m);
}

char *ct_monitor_reason(const ct_monitor_row *r, unsigned flag, char *buf, size_t len)
{
	const ct_camera_expect *x = &r->expected;
	switch (flag) {
	case CT_FLAG_FP_KEPT:
		snprintf(buf, len, "FP kept %llu, expected %.0f (%.0f-%.0f)",
		         (unsigned long long)r->fp_kept, x->fp_kept, floor(x->fp_kept_low),
		         ceil(x->fp_kept_high));
		break;
	case CT_FLAG_TP_LOST:
		snprintf(buf, len, "thefts lost %llu, expected %.1f (%.0f-%.0f)",
		         (unsigned long long)r->tp_lost, x->tp_lost, floor(x->tp_lost_low),
		         ceil(x->tp_lost_high));
		break;
	case CT_FLAG_ALERTS_PER_DAY:
		snprintf(buf, len, "alerts per day %.1f, expected %.1f (%.1f-%.1f)", r->alerts_per_day,
		         x->alerts_per_day, x->alerts_per_day_low, x->alerts_per_day_high);
		break;
	case CT_FLAG_SHIFT:
		snprintf(buf, len, "normal alerts score %s: mean level %.2f in the history's FP (0.50 "
		         "if unchanged, z %.1f)", r->shift > 0 ? "higher" : "lower", 0.5 + r->shift,
		         r->shift_z);
		break;
	case CT_FLAG_VOLUME:
		snprintf(buf, len, "volume x%.2f of the history's (z %.1f)", r->volume_ratio, r->volume_z);
		break;
	default:
		snprintf(buf, len, "?");
	}
	return buf;
}
