/* model.c -- the out-of-sample model (doc/domain.md, "Out-of-sample
 * decisions"): per camera its expected thefts on new alerts and its
 * shrunk theft-score curve in its own FP quantiles; per setting the
 * expected thefts lost with an interval and the chance that the FP target
 * holds.
 *
 * Owns: the theft positions of every camera (probit units), each camera's
 * fitted curve and its expected thefts with their variance.
 */
#include "config.h"

#include "core/model.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


struct ct_model {
	const ct_dataset *ds;
	ct_model_params params;
	ct_model_fit fit;
	uint64_t *yoff;     /* camera i: y[yoff[i] .. yoff[i+1]) */
	double *y;          /* probit of each theft's FP position */
	double *mean, *spread; /* each camera's curve, probit units */
	double *own_weight;    /* share of the camera's own thefts in its mean */
	double *thefts;     /* expected thefts per camera */
	double *thefts_var; /* variance of the expected rate, times volume^2 */
	double *vol_var;    /* log volume, history to the next period */
	double *drift_var;  /* score shift (logit^2), the same */
	unsigned refs;      /* ct_model_ref; freed at the last ct_model_free */
};

void ct_model_defaults(ct_model_params *mp)
{
	mp->confidence = 0.90;
	mp->interval = 0.90;
	mp->volume_cv = -1;
	mp->score_drift = 0;
}

const char *ct_variance_source_name(ct_variance_source s)
{
	switch (s) {
	case CT_VARIANCE_WEEKS:
		return "weeks";
	case CT_VARIANCE_FOLDS:
		return "folds";
	case CT_VARIANCE_PRIOR:
		return "prior";
	case CT_VARIANCE_OVERRIDE:
		return "override";
	}
	return "?";
}

char *ct_model_variance_text(char *buf, size_t len, const ct_model_variance *v)
{
	switch (v->source) {
	case CT_VARIANCE_WEEKS:
	case CT_VARIANCE_FOLDS:
		snprintf(buf, len, "%u %s of the history: volume cv %.2f, score drift %.2f logit",
		         v->periods, v->source == CT_VARIANCE_WEEKS ? "weeks" : "folds", v->volume_cv,
		         v->score_drift);
		break;
	case CT_VARIANCE_PRIOR:
		snprintf(buf, len, "the prior (no periods to measure): volume cv %.2f, "
		         "score drift %.2f logit", v->volume_cv, v->score_drift);
		break;
	case CT_VARIANCE_OVERRIDE:
		snprintf(buf, len, "--volume-cv: volume cv %.2f, score drift %.2f logit", v->volume_cv,
		         v->score_drift);
		break;
	}
	return buf;
}

/* ---- positions ---------------------------------------------------------- */

/* Share of the camera's FP scoring below t. */
static double fp_position(const ct_camera *c, double t)
{
	if (c->n_fp == 0)
		return 0;
	uint32_t below = c->n_fp - ct_count_ge(c->fp, c->n_fp, t);
	return (double)below / c->n_fp;
}

double ct_model_fp_position(const ct_model *m, size_t cam, double t)
{
	return fp_position(&m->ds->cameras[cam], t);
}

/* Probit of a position with a continuity correction: the threshold that
 * removes k of n FP sits at (k + 1/2) / (n + 1), never at 0 or 1. */
static double probit_position(double share, uint32_t n)
{
	return ct_normal_quantile((share * n + 0.5) / ((double)n + 1));
}

double ct_model_curve(const ct_model *m, size_t cam, double a)
{
	const ct_camera *c = &m->ds->cameras[cam];
	if (!(a > 0))
		return 0;
	/* above every FP of the history is not above every future theft */
	return ct_normal_cdf((probit_position(a, c->n_fp) - m->mean[cam]) / m->spread[cam]);
}

double ct_model_thefts(const ct_model *m, size_t cam)
{
	return m->thefts[cam];
}

/* The loss share of a setting that removes fp_below of the camera's FP
 * and tp_lost of its thefts in the history. */
static double loss_share_of(const ct_model *m, size_t cam, uint32_t fp_below, uint32_t tp_lost,
                            bool muted)
{
	const ct_camera *c = &m->ds->cameras[cam];
	if (muted)
		return 1;
	if (c->n_fp == 0) {
		/* nothing to place the threshold in: the camera's own thefts */
		return tp_lost ? (double)(tp_lost + 1) / (c->n_tp + 1) : 0;
	}
	if (fp_below == 0 && tp_lost == 0)
		return 0; /* nothing removed: at baseline */
	return ct_model_curve(m, cam, (double)fp_below / c->n_fp);
}

double ct_model_setting_loss_share(const ct_model *m, size_t cam, const ct_option *o)
{
	return loss_share_of(m, cam, o->fp_saved, o->tp_lost, o->muted);
}

double ct_model_loss_share(const ct_model *m, size_t cam, double t, bool muted)
{
	const ct_camera *c = &m->ds->cameras[cam];
	if (muted)
		return 1;
	return loss_share_of(m, cam, c->n_fp - ct_count_ge(c->fp, c->n_fp, t),
	                     c->n_tp - ct_count_ge(c->tp, c->n_tp, t), false);
}

/* The density of camera c's FP positions per logit unit of score at
 * position a (how much of its FP a shift of its scores moves across a
 * threshold there), from the scores around it; 0 at the baseline and the
 * mute, which a shift does not move. */
static double fp_density(const ct_camera *c, double a)
{
	uint32_t n = c->n_fp;
	if (!(a > 0) || !(a < 1) || n < 2)
		return 0;
	uint32_t h = n / 20 > 3 ? n / 20 : 3;
	uint32_t k = (uint32_t)(a * n);
	uint32_t lo = k > h ? k - h : 0, hi = k + h < n ? k + h : n - 1;
	if (hi <= lo)
		return 0;
	double dl = ct_logit(c->fp[hi]) - ct_logit(c->fp[lo]);
	return ((double)(hi - lo) / n) / (dl > 0.01 ? dl : 0.01);
}

double ct_model_fp_variance(const ct_model *m, size_t cam, double a, double share)
{
	const ct_camera *c = &m->ds->cameras[cam];
	double f = c->n_fp;
	double cv2 = expm1(m->vol_var[cam]);
	double d = a - share;
	double g = m->drift_var[cam] > 0 ? fp_density(c, a) : 0;
	/* new alerts' binomial draw, the history's own sampling error of the
	 * position, Poisson volume, the period-to-period volume swing, and the
	 * scores' drift moving the share the threshold removes */
	return 2 * f * a * (1 - a) + f * d * d + cv2 * f * f * d * d +
	       f * f * g * g * m->drift_var[cam];
}

double ct_model_volume_var(const ct_model *m, size_t cam)
{
	return m->vol_var[cam];
}

double ct_model_drift_var(const ct_model *m, size_t cam)
{
	return m->drift_var[cam];
}

/* ---- the variance estimate (doc/domain.md "The variance estimate") ------
 *
 * A camera's log volume and its scores' shift are taken as random walks:
 * q per day each.  Two adjacent periods of L1 and L2 days then differ in
 * their mean by q (L1 + L2) / 3 in variance, beyond the sampling noise
 * of their counts (Poisson) and of their mean logit (s^2 / n), so every
 * pair of adjacent periods measures q.  The history's mean and the next
 * period's (as long as the history, T days) differ by q 2T / 3: what a
 * threshold chosen on the whole history meets next.
 *
 * Per camera, each pair gives an unbiased term y = (difference^2 - noise)
 * with mean q L; weighted least squares (weight 1 / (q L + noise)^2, from
 * the pooled q) gives the fleet's q over all pairs and each camera's own;
 * a camera's is shrunk toward the fleet's, which counts as SHRINK_PAIRS
 * noise-free pairs, and the fleet's toward the prior, which counts as
 * PRIOR_PAIRS.  Negative estimates are 0. */

#define SHRINK_PAIRS 4.0
#define PRIOR_PAIRS 2.0

typedef struct qsum {
	double wyl, wl2; /* sum w y L, sum w L^2: q = wyl / wl2 */
} qsum;

/* One pair's term of a camera, for the volume (score false) or the
 * scores: y, L and the noise; false when the pair measures nothing.
 * rate: the camera's FP per day over the history. */
static bool pair_term(const ct_periods *p, size_t cam, uint32_t j, bool score, double s2,
                      double rate, double *y, double *len, double *noise)
{
	size_t a = cam * p->n + j, b = a + 1;
	double da = p->days[j], db = p->days[j + 1];
	if (!(da > 0.25) || !(db > 0.25))
		return false;
	*len = (da + db) / 3;
	if (!score) {
		if (!(rate > 0))
			return false;
		/* relative rates, each with Poisson noise 1 / (rate L) */
		double xa = p->fp[a] / da / rate, xb = p->fp[b] / db / rate;
		*noise = 1 / (rate * da) + 1 / (rate * db);
		*y = (xb - xa) * (xb - xa) - *noise;
		return true;
	}
	if (p->scored[a] < 2 || p->scored[b] < 2)
		return false;
	double ma = p->sum[a] / p->scored[a], mb = p->sum[b] / p->scored[b];
	*noise = s2 / p->scored[a] + s2 / p->scored[b];
	*y = (mb - ma) * (mb - ma) - *noise;
	return true;
}

/* The pooled within-period variance of camera cam's logits. */
static double within_var(const ct_periods *p, size_t cam)
{
	double ss = 0, dof = 0;
	for (uint32_t k = 0; k < p->n; k++) {
		size_t c = cam * p->n + k;
		if (p->scored[c] < 2)
			continue;
		ss += p->sumsq[c] - p->sum[c] * p->sum[c] / p->scored[c];
		dof += p->scored[c] - 1;
	}
	return dof > 0 && ss > 0 ? ss / dof : 0;
}

/* q (per day) of every camera into out and the fleet's (returned), for
 * the volume or the scores: two passes of weighted least squares for the
 * fleet's, then each camera's own shrunk toward it. */
static double estimate_walk(const ct_periods *p, size_t n_cams, bool score, double q0,
                            double *out)
{
	double q = 0, days = 0;
	for (uint32_t k = 0; k < p->n; k++)
		days += p->days[k];
	/* q = 0 first: the pairs weighted by their noise alone, so a few
	 * tiny cameras' wild swings do not set the fleet's figure */
	for (int pass = 0; pass < 4; pass++) {
		qsum fleet = {0, 0};
		for (size_t i = 0; i < n_cams; i++) {
			double s2 = score ? within_var(p, i) : 0, tot = 0;
			for (uint32_t k = 0; k < p->n; k++)
				tot += p->fp[i * p->n + k];
			qsum own = {0, 0};
			for (uint32_t j = 0; j + 1 < p->n; j++) {
				double y, len, nz;
				if (!pair_term(p, i, j, score, s2, tot / days, &y, &len, &nz))
					continue;
				double v = q * len + nz;
				double w = 1 / (v > 1e-12 ? v * v : 1e-24);
				own.wyl += w * y * len;
				own.wl2 += w * len * len;
			}
			fleet.wyl += own.wyl;
			fleet.wl2 += own.wl2;
			if (pass == 3) {
				/* the fleet's q counts as SHRINK_PAIRS noise-free pairs,
				 * each of precision 1 / (2 q^2) per unit L^2 */
				double w0 = SHRINK_PAIRS / (2 * q * q);
				double post = q;
				if (q > 0 && own.wl2 > 0)
					post = (own.wyl / 2 + w0 * q) / (own.wl2 / 2 + w0);
				out[i] = post > 0 ? post : 0;
			}
		}
		if (pass < 3) {
			/* the fleet's pairs, with the prior q0 counted as
			 * PRIOR_PAIRS noise-free pairs (each of precision
			 * 1 / (2 q^2) at the larger of q and q0): a small fleet
			 * measures little, a large one overrules the prior */
			double qw = q > q0 ? q : q0;
			double w0 = PRIOR_PAIRS / (2 * qw * qw);
			q = (fleet.wyl / 2 + w0 * q0) / (fleet.wl2 / 2 + w0);
			if (!(q > 0))
				q = 0;
		}
	}
	return q;
}

/* Fill the per-camera variances and the fit's summary. */
static int fit_variance(ct_model *m)
{
	const ct_dataset *ds = m->ds;
	size_t n = ds->n_cameras;
	ct_model_variance *v = &m->fit.variance;
	const ct_periods *p = ct_dataset_periods(ds);
	if (m->params.volume_cv >= 0) {
		v->source = CT_VARIANCE_OVERRIDE;
		v->periods = 0;
		v->volume_cv = m->params.volume_cv;
		v->score_drift = m->params.score_drift > 0 ? m->params.score_drift : 0;
	} else if (!p) {
		v->source = CT_VARIANCE_PRIOR;
		v->periods = 0;
		v->volume_cv = CT_PRIOR_VOLUME_CV;
		v->score_drift = CT_PRIOR_SCORE_DRIFT;
	} else {
		v->source = p->folds ? CT_VARIANCE_FOLDS : CT_VARIANCE_WEEKS;
		v->periods = p->n;
		double days = 0;
		for (uint32_t k = 0; k < p->n; k++)
			days += p->days[k];
		double horizon = 2 * days / 3;
		double qv = estimate_walk(p, n, false,
		                          log1p(CT_PRIOR_VOLUME_CV * CT_PRIOR_VOLUME_CV) / horizon,
		                          m->vol_var);
		double qs = estimate_walk(p, n, true,
		                          CT_PRIOR_SCORE_DRIFT * CT_PRIOR_SCORE_DRIFT / horizon,
		                          m->drift_var);
		for (size_t i = 0; i < n; i++) {
			m->vol_var[i] *= horizon;
			m->drift_var[i] *= horizon;
		}
		v->volume_cv = sqrt(expm1(qv * horizon));
		v->score_drift = sqrt(qs * horizon);
		return 0;
	}
	double lv = log1p(v->volume_cv * v->volume_cv), dv = v->score_drift * v->score_drift;
	for (size_t i = 0; i < n; i++) {
		m->vol_var[i] = lv;
		m->drift_var[i] = dv;
	}
	return 0;
}

/* ---- fitting ------------------------------------------------------------ */

/* The binormal curves: in probit units of its own FP quantiles, a
 * camera's theft positions are normal with the fleet's spread s and a
 * mean d_c of its own; the d_c vary around the fleet's mean d with
 * variance tau^2 (DerSimonian and Laird's moment estimate).  A camera's
 * curve takes the posterior of its d_c: its thefts' mean and d weighted by
 * their precisions, the posterior variance added to s^2.  A camera without
 * theft gets the fleet's curve, d with spread sqrt(s^2 + tau^2). */
static void fit_curves(ct_model *m)
{
	size_t n = m->ds->n_cameras;
	double ss = 0, dof = 0;
	for (size_t i = 0; i < n; i++) {
		uint64_t a = m->yoff[i], b = m->yoff[i + 1];
		double mean = 0;
		for (uint64_t k = a; k < b; k++)
			mean += m->y[k];
		mean = b > a ? mean / (double)(b - a) : 0;
		m->mean[i] = mean; /* the camera's own, for now */
		for (uint64_t k = a; k < b; k++)
			ss += (m->y[k] - mean) * (m->y[k] - mean);
		if (b - a >= 2)
			dof += (double)(b - a - 1);
	}
	double s2 = dof > 0 && ss > 0 ? ss / dof : 1;
	/* fixed-effect mean and Cochran's Q give the between-camera variance */
	double sw = 0, sw2 = 0, swy = 0, k = 0;
	for (size_t i = 0; i < n; i++) {
		double p = (double)(m->yoff[i + 1] - m->yoff[i]);
		if (p == 0)
			continue;
		double w = p / s2;
		sw += w;
		sw2 += w * w;
		swy += w * m->mean[i];
		k += 1;
	}
	double fe = sw > 0 ? swy / sw : 0, q = 0;
	for (size_t i = 0; i < n; i++) {
		double p = (double)(m->yoff[i + 1] - m->yoff[i]);
		if (p > 0)
			q += p / s2 * (m->mean[i] - fe) * (m->mean[i] - fe);
	}
	double tau2 = 0;
	if (k > 1 && sw - sw2 / sw > 0)
		tau2 = fmax(0, (q - (k - 1)) / (sw - sw2 / sw));
	double d = fe;
	if (tau2 > 0) {
		double s0 = 0, s1 = 0;
		for (size_t i = 0; i < n; i++) {
			double p = (double)(m->yoff[i + 1] - m->yoff[i]);
			if (p == 0)
				continue;
			double w = 1 / (s2 / p + tau2);
			s0 += w;
			s1 += w * m->mean[i];
		}
		d = s1 / s0;
	}
	for (size_t i = 0; i < n; i++) {
		double p = (double)(m->yoff[i + 1] - m->yoff[i]);
		double post_mean = d, post_var = tau2;
		if (p > 0) {
			post_var = tau2 > 0 ? 1 / (p / s2 + 1 / tau2) : 0;
			post_mean = tau2 > 0 ? post_var * (p * m->mean[i] / s2 + d / tau2) : d;
		}
		m->mean[i] = post_mean;
		m->spread[i] = sqrt(s2 + post_var);
		m->own_weight[i] = tau2 > 0 ? p / (p + s2 / tau2) : 0;
	}
	m->fit.curve_mean = d;
	m->fit.curve_spread = sqrt(s2);
	m->fit.curve_between = sqrt(tau2);
	m->fit.pseudo_thefts = tau2 > 0 ? s2 / tau2 : INFINITY;
}

/* Negative-binomial log likelihood of every camera's thefts when its
 * thefts per alert follow a gamma law of mean r and shape k (terms that do
 * not depend on k left out). */
static double rate_loglik(const ct_dataset *ds, double r, double k)
{
	double beta = k / r, s = 0, lk = lgamma(k);
	for (size_t i = 0; i < ds->n_cameras; i++) {
		const ct_camera *c = &ds->cameras[i];
		double n = (double)c->n_tp + c->n_fp;
		if (n == 0)
			continue;
		s += lgamma(k + c->n_tp) - lk + k * log(beta / (beta + n)) +
		     (c->n_tp ? c->n_tp * log(n / (beta + n)) : 0);
	}
	return s;
}

/* Gamma prior on each camera's thefts per alert around the fleet's rate r:
 * its shape by maximum marginal (negative-binomial) likelihood, golden
 * section on log k over [0.01, 10^6].  The zeros count as much as the big
 * counts, unlike a moment estimate the largest cameras dominate. */
static double fit_rate_shape(const ct_dataset *ds, double r)
{
	if (!(r > 0))
		return 1e6;
	double lo = log(0.01), hi = log(1e6);
	const double g = (sqrt(5.0) - 1) / 2;
	double x1 = hi - g * (hi - lo), x2 = lo + g * (hi - lo);
	double f1 = rate_loglik(ds, r, exp(x1)), f2 = rate_loglik(ds, r, exp(x2));
	for (int it = 0; it < 80 && hi - lo > 1e-5; it++) {
		if (f1 < f2) {
			lo = x1;
			x1 = x2;
			f1 = f2;
			x2 = lo + g * (hi - lo);
			f2 = rate_loglik(ds, r, exp(x2));
		} else {
			hi = x2;
			x2 = x1;
			f2 = f1;
			x1 = hi - g * (hi - lo);
			f1 = rate_loglik(ds, r, exp(x1));
		}
	}
	return exp((lo + hi) / 2);
}

ct_model *ct_model_new(const ct_dataset *ds, const ct_model_params *mp)
{
	if (!ds)
		return NULL;
	ct_model *m = calloc(1, sizeof *m);
	if (!m)
		return NULL;
	m->ds = ds;
	m->refs = 1;
	if (mp)
		m->params = *mp;
	else
		ct_model_defaults(&m->params);
	size_t n = ds->n_cameras, nn = n ? n : 1;
	m->yoff = malloc((n + 1) * sizeof *m->yoff);
	m->y = malloc((ds->n_tp ? ds->n_tp : 1) * sizeof *m->y);
	m->mean = malloc(nn * sizeof *m->mean);
	m->spread = malloc(nn * sizeof *m->spread);
	m->own_weight = malloc(nn * sizeof *m->own_weight);
	m->thefts = malloc(nn * sizeof *m->thefts);
	m->thefts_var = malloc(nn * sizeof *m->thefts_var);
	m->vol_var = calloc(nn, sizeof *m->vol_var);
	m->drift_var = calloc(nn, sizeof *m->drift_var);
	if (!m->yoff || !m->y || !m->mean || !m->spread || !m->own_weight || !m->thefts ||
	    !m->thefts_var || !m->vol_var || !m->drift_var) {
		ct_model_free(m);
		return NULL;
	}

	/* Theft positions: share of the camera's FP below the theft, ties
	 * counted half, in probit units.  A camera without FP has none. */
	uint64_t k = 0;
	for (size_t i = 0; i < n; i++) {
		const ct_camera *c = &ds->cameras[i];
		m->yoff[i] = k;
		if (c->n_fp == 0)
			continue;
		uint32_t lt = 0, le = 0;
		for (uint32_t j = 0; j < c->n_tp; j++) {
			double s = c->tp[j];
			while (lt < c->n_fp && c->fp[lt] < s)
				lt++;
			if (le < lt)
				le = lt;
			while (le < c->n_fp && c->fp[le] <= s)
				le++;
			double share = ((double)lt + 0.5 * (double)(le - lt)) / c->n_fp;
			m->y[k++] = probit_position(share, c->n_fp);
		}
	}
	m->yoff[n] = k;
	m->fit.fleet_thefts = k;
	fit_curves(m);
	fit_variance(m);

	/* Expected thefts: the camera's rate shrunk toward the fleet's. */
	double r = ds->n_alerts ? (double)ds->n_tp / (double)ds->n_alerts : 0;
	double shape = fit_rate_shape(ds, r);
	double rate = r > 0 ? shape / r : 1;
	m->fit.theft_rate = r;
	m->fit.rate_shape = shape;
	for (size_t i = 0; i < n; i++) {
		const ct_camera *c = &ds->cameras[i];
		double vol = (double)c->n_tp + c->n_fp;
		double den = rate + vol;
		m->thefts[i] = r > 0 ? vol * (shape + c->n_tp) / den : 0;
		m->thefts_var[i] = r > 0 ? vol * vol * (shape + c->n_tp) / (den * den) : 0;
	}
	return m;
}

ct_model *ct_model_ref(ct_model *m)
{
	if (m)
		m->refs++;
	return m;
}

void ct_model_free(ct_model *m)
{
	if (!m || --m->refs > 0)
		return;
	free(m->yoff);
	free(m->y);
	free(m->mean);
	free(m->spread);
	free(m->own_weight);
	free(m->thefts);
	free(m->thefts_var);
	free(m->vol_var);
	free(m->drift_var);
	free(m);
}

const ct_model_params *ct_model_params_of(const ct_model *m)
{
	return &m->params;
}

void ct_model_fit_of(const ct_model *m, ct_model_fit *out)
{
	*out = m->fit;
}

/* ---- expectations ------------------------------------------------------- */

/* Variance of a camera's curve at position a (where it is h) from the
 * posterior of its mean: the delta method on the normal curve. */
static double curve_variance(const ct_model *m, size_t cam, double a, double h)
{
	if (!(a > 0) || a >= 1 || !(h > 0))
		return 0;
	const ct_camera *c = &m->ds->cameras[cam];
	double sp = m->spread[cam];
	double z = (probit_position(a, c->n_fp) - m->mean[cam]) / sp;
	double dens = exp(-z * z / 2) / sqrt(2 * M_PI) / sp;
	double post_var = sp * sp - m->fit.curve_spread * m->fit.curve_spread;
	return dens * dens * (post_var > 0 ? post_var : 0);
}

/* The slope of camera cam's curve in its FP position at a. */
static double curve_slope(const ct_model *m, size_t cam, double a)
{
	if (!(a > 0) || a >= 1)
		return 0;
	const ct_camera *c = &m->ds->cameras[cam];
	double n = c->n_fp, sp = m->spread[cam];
	double q = probit_position(a, c->n_fp);
	double z = (q - m->mean[cam]) / sp;
	double phi_q = exp(-q * q / 2), phi_z = exp(-z * z / 2);
	return phi_q > 0 ? phi_z / sp / phi_q * n / (n + 1) : 0;
}

/* Quantile q of a gamma law with this mean and variance (Wilson and
 * Hilferty's cube-root normal approximation). */
static double gamma_quantile(double mean, double var, double z)
{
	if (!(mean > 0) || !(var > 0))
		return mean > 0 ? mean : 0;
	double shape = mean * mean / var, scale = var / mean;
	double c = 1 - 1 / (9 * shape) + z / (3 * sqrt(shape));
	return c > 0 ? shape * scale * c * c * c : 0;
}

void ct_model_expect(const ct_model *m, const ct_option *setting,
                     double target_share, ct_expectation *out)
{
	const ct_dataset *ds = m->ds;
	double thefts = 0, lost = 0, lost_var = 0, saved = 0, fp = 0, dvar = 0;
	double share_for_var = target_share;
	if (isnan(share_for_var)) {
		/* no target: the spread of the share itself */
		double s = 0, f = 0;
		for (size_t i = 0; i < ds->n_cameras; i++) {
			const ct_camera *c = &ds->cameras[i];
			s += setting[i].muted ? c->n_fp : setting[i].fp_saved;
			f += c->n_fp;
		}
		share_for_var = f > 0 ? s / f : 0;
	}
	for (size_t i = 0; i < ds->n_cameras; i++) {
		const ct_camera *c = &ds->cameras[i];
		const ct_option *o = &setting[i];
		double lam = m->thefts[i];
		/* a setting's counts are those of its threshold (curve.h): no
		 * search in the camera's scores, which on a large fleet is
		 * one cache miss after another */
		double h = ct_model_setting_loss_share(m, i, o);
		double a = o->muted ? 1 : c->n_fp ? (double)o->fp_saved / c->n_fp : 0;
		thefts += lam;
		lost += lam * h;
		/* Poisson draw, the rate's uncertainty, the curve's uncertainty */
		double hv = o->muted ? 0 : curve_variance(m, i, a, h);
		/* the volume swing, and the drift moving the threshold's position */
		double dh = o->muted ? 0 : curve_slope(m, i, a) * fp_density(c, a);
		hv += expm1(m->vol_var[i]) * h * h + dh * dh * m->drift_var[i];
		lost_var += lam * h + m->thefts_var[i] * h * h + lam * lam * hv;
		saved += a * c->n_fp;
		fp += c->n_fp;
		dvar += ct_model_fp_variance(m, i, a, share_for_var);
	}
	double z = ct_normal_quantile(1 - (1 - m->params.interval) / 2);
	out->thefts = thefts;
	out->variance = m->fit.variance;
	out->interval = m->params.interval;
	out->tp_lost = lost;
	out->tp_lost_low = gamma_quantile(lost, lost_var, -z);
	out->tp_lost_high = gamma_quantile(lost, lost_var, z);
	if (out->tp_lost_low > lost)
		out->tp_lost_low = lost;
	if (out->tp_lost_high < lost)
		out->tp_lost_high = lost;
	out->fp_saved_share = fp > 0 ? saved / fp : 0;
	out->fp_saved_sd = fp > 0 ? sqrt(dvar) / fp : 0;
	if (isnan(target_share))
		out->p_target_met = NAN;
	else if (dvar > 0)
		out->p_target_met = ct_normal_cdf((saved - target_share * fp) / sqrt(dvar));
	else
		out->p_target_met = saved >= target_share * fp ? 1 : 0;
}
