/* stats.c -- fleet statistics: per-camera figures, AUC spread, FP
 * concentration and the uniformity verdict (see stats.h).  Pure. */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/curve.h"
#include "core/model.h"
#include "core/stats.h"

const unsigned ct_recall_levels[CT_N_RECALL_LEVELS] = {90, 50};

double ct_normal_cdf(double x)
{
	return 0.5 * erfc(-x / M_SQRT2);
}

/* Acklam's rational approximation, refined by one Newton step (stats.h). */
double ct_logit(double p)
{
	double q = p < 1e-6 ? 1e-6 : p > 1 - 1e-6 ? 1 - 1e-6 : p;
	return log(q / (1 - q));
}

double ct_normal_quantile(double p)
{
	static const double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,
	                           -2.759285104469687e+02, 1.383577518672690e+02,
	                           -3.066479806614716e+01, 2.506628277459239e+00};
	static const double b[] = {-5.447609879822406e+01, 1.615858368580409e+02,
	                           -1.556989798598866e+02, 6.680131188771972e+01,
	                           -1.328068155288572e+01};
	static const double c[] = {-7.784894002430293e-03, -3.223964580411365e-01,
	                           -2.400758277161838e+00, -2.549732539343734e+00,
	                           4.374664141464968e+00, 2.938163982698783e+00};
	static const double d[] = {7.784695709041462e-03, 3.224671290700398e-01,
	                           2.445134137142996e+00, 3.754408661907416e+00};
	if (p <= 0)
		return -40;
	if (p >= 1)
		return 40;
	double x;
	if (p < 0.02425) {
		double q = sqrt(-2 * log(p));
		x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
		    ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
	} else if (p <= 1 - 0.02425) {
		double q = p - 0.5, t = q * q;
		x = (((((a[0] * t + a[1]) * t + a[2]) * t + a[3]) * t + a[4]) * t + a[5]) * q /
		    (((((b[0] * t + b[1]) * t + b[2]) * t + b[3]) * t + b[4]) * t + 1);
	} else {
		double q = sqrt(-2 * log(1 - p));
		x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
		    ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
	}
	double e = ct_normal_cdf(x) - p;
	double u = e * sqrt(2 * M_PI) * exp(x * x / 2);
	return x - u / (1 + x * u / 2);
}

ct_interval ct_wilson_interval(uint64_t k, uint64_t n, double level)
{
	ct_interval r = {NAN, NAN};
	if (n == 0 || k > n || !(level > 0 && level < 1))
		return r;
	double z = ct_normal_quantile(1 - (1 - level) / 2), z2 = z * z;
	double nn = (double)n, p = (double)k / nn;
	double denom = 1 + z2 / nn;
	double centre = (p + z2 / (2 * nn)) / denom;
	double half = z / denom * sqrt(p * (1 - p) / nn + z2 / (4 * nn * nn));
	r.lo = k == 0 ? 0 : fmax(0, centre - half);
	r.hi = k == n ? 1 : fmin(1, centre + half);
	return r;
}

ct_interval ct_auc_interval(double auc, uint64_t n_tp, uint64_t n_fp, double level)
{
	ct_interval r = {NAN, NAN};
	if (isnan(auc) || n_tp < CT_AUC_MIN_THEFTS || n_fp == 0 || !(level > 0 && level < 1))
		return r;
	double z = ct_normal_quantile(1 - (1 - level) / 2);
	double a = auc, q1 = a / (2 - a), q2 = 2 * a * a / (1 + a);
	double var = (a * (1 - a) + ((double)n_tp - 1) * (q1 - a * a) +
	              ((double)n_fp - 1) * (q2 - a * a)) / ((double)n_tp * (double)n_fp);
	double se = sqrt(fmax(0, var));
	r.lo = fmax(0, a - z * se);
	r.hi = fmin(1, a + z * se);
	return r;
}


ct_recall_point ct_camera_at_recall(const ct_camera *c, unsigned percent)
{
	ct_recall_point r = {.defined = false, .threshold = NAN, .recall = NAN};
	uint32_t p = c->n_tp;
	if (p == 0 || percent == 0 || percent > 100)
		return r;
	/* Integer ceil: 0.9 * P in floating point can land just above an
	 * integer and keep one theft too many. */
	uint64_t need = ((uint64_t)percent * p + 99) / 100;
	if (need == 0)
		need = 1;
	/* s_{P-need+1} in 1-based terms: the highest threshold that keeps
	 * need thefts, hence the fewest FP. */
	r.defined = true;
	r.threshold = c->tp[p - need];
	r.tp_kept = ct_count_ge(c->tp, p, r.threshold);
	r.fp_kept = ct_count_ge(c->fp, c->n_fp, r.threshold);
	r.recall = (double)r.tp_kept / p;
	return r;
}

void ct_camera_stats_compute(const ct_camera *c, ct_camera_stats *out)
{
	memset(out, 0, sizeof *out);
	out->tp = c->n_tp;
	out->fp = c->n_fp;
	out->alerts = c->n_tp + c->n_fp;
	out->theft_rate = out->alerts ? (double)c->n_tp / out->alerts : NAN;
	out->expected_thefts = NAN;
	out->auc = ct_camera_auc(c);
	out->average_precision = ct_camera_average_precision(c);
	if (c->n_tp > 0) {
		out->free_threshold = c->tp[0];
		out->free_fp = c->n_fp - ct_count_ge(c->fp, c->n_fp, c->tp[0]);
	} else {
		out->free_fp = c->n_fp;
		out->free_threshold = c->n_fp
			? nextafter(c->fp[c->n_fp - 1], INFINITY) : NAN;
	}
	for (int i = 0; i < CT_N_RECALL_LEVELS; i++)
		out->at[i] = ct_camera_at_recall(c, ct_recall_levels[i]);
	out->auc_withheld = !isnan(out->auc) && c->n_tp < CT_AUC_MIN_THEFTS;
	out->auc_ci = ct_auc_interval(out->auc, c->n_tp, c->n_fp, CT_INTERVAL_LEVEL);
	out->few_thefts = c->n_tp < CT_FEW_THEFTS;
}

double ct_quantile_sorted(const double *sorted, size_t n, double q)
{
	if (n == 0)
		return NAN;
	if (q <= 0)
		return sorted[0];
	if (q >= 1)
		return sorted[n - 1];
	double h = q * (double)(n - 1);
	size_t lo = (size_t)floor(h);
	if (lo + 1 >= n)
		return sorted[n - 1];
	return sorted[lo] + (h - (double)lo) * (sorted[lo + 1] - sorted[lo]);
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return (x > y) - (x < y);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

double ct_gini(const uint64_t *v, size_t n)
{
	if (n == 0)
		return 0;
	uint64_t *s = malloc(n * sizeof *s);
	if (!s)
		return NAN;
	memcpy(s, v, n * sizeof *s);
	qsort(s, n, sizeof *s, cmp_u64);
	/* G = 2 sum(i x_i) / (n sum x) - (n + 1) / n, x ascending, i from 1:
	 * the mean absolute difference over twice the mean, in O(n log n). */
	long double weighted = 0, total = 0;
	for (size_t i = 0; i < n; i++) {
		weighted += (long double)(i + 1) * s[i];
		total += s[i];
	}
	free(s);
	if (total == 0)
		return 0;
	double g = (double)(2 * weighted / ((long double)n * total)
	                    - (long double)(n + 1) / n);
	return g < 0 ? 0 : g; /* rounding on equal counts */
}

size_t ct_camera_recall_steps(const ct_camera *c, ct_point *out)
{
	uint32_t p = c->n_tp;
	if (p == 0)
		return 0;
	size_t n = 0;
#define PUT(X, Y)                                                           \
	do {                                                                \
		double x_ = (X), y_ = (Y);                                  \
		if (!(n > 0 && out[n - 1].x == x_ && out[n - 1].y == y_)) { \
			out[n].x = x_;                                      \
			out[n].y = y_;                                      \
			n++;                                                \
		}                                                           \
	} while (0)
	PUT(1.0, c->n_fp);
	for (uint32_t i = 0; i < p;) {
		double v = c->tp[i];
		uint32_t j = i;
		while (j < p && c->tp[j] == v)
			j++;
		/* At threshold v: recall (P - i) / P, FP kept down to those >= v;
		 * just above v: recall drops to (P - j) / P. */
		double fp_ge = ct_count_ge(c->fp, c->n_fp, v);
		PUT((double)(p - i) / p, fp_ge);
		PUT((double)(p - j) / p, fp_ge);
		i = j;
	}
	PUT(0.0, 0.0);
#undef PUT
	return n;
}

bool ct_camera_at_chance(const ct_camera_stats *s)
{
	return !s->auc_withheld && !isnan(s->auc_ci.hi) && s->auc_ci.hi <= 0.5;
}

const char *ct_verdict_name(ct_verdict_level level)
{
	switch (level) {
	case CT_VERDICT_UNIFORM:
		return "uniform";
	case CT_VERDICT_UNEVEN:
		return "uneven";
	case CT_VERDICT_NOT_UNIFORM:
		return "not_uniform";
	case CT_VERDICT_UNDEFINED:
	default:
		return "undefined";
	}
}

static ct_verdict judge(const ct_fleet_stats *f)
{
	ct_verdict v = {CT_VERDICT_UNDEFINED, 0};
	if (f->n_theft_free > 0)
		v.why |= CT_WHY_THEFT_FREE;
	/* In a small fleet the "top 10 %" is one camera that holds a large
	 * share even when FP are spread evenly: ask for twice its fair share. */
	double fair = f->n_cameras ? (double)f->top_n / (double)f->n_cameras : 1;
	if (f->top_fp_share >= CT_VERDICT_TOP_SHARE && f->top_fp_share >= 2 * fair)
		v.why |= CT_WHY_FP_CONCENTRATED;
	if (f->n_auc < 2)
		return v;
	double iqr = f->auc_q3 - f->auc_q1;
	if (f->n_chance > 0)
		v.why |= CT_WHY_CHANCE_SOME;
	if ((double)f->n_chance >= CT_VERDICT_CHANCE_SHARE * (double)f->n_judged
	    && f->n_chance > 0)
		v.why |= CT_WHY_CHANCE_MANY;
	if (iqr > CT_VERDICT_IQR_SOME)
		v.why |= CT_WHY_SPREAD_SOME;
	if (iqr > CT_VERDICT_IQR_WIDE)
		v.why |= CT_WHY_SPREAD_WIDE;
	if (f->auc_mean < CT_VERDICT_WEAK_MEAN)
		v.why |= CT_WHY_WEAK_MEAN;
	if (v.why & (CT_WHY_CHANCE_MANY | CT_WHY_SPREAD_WIDE))
		v.level = CT_VERDICT_NOT_UNIFORM;
	else if (v.why & (CT_WHY_CHANCE_SOME | CT_WHY_SPREAD_SOME))
		v.level = CT_VERDICT_UNEVEN;
	else
		v.level = CT_VERDICT_UNIFORM;
	return v;
}

int ct_fleet_stats_compute(const ct_dataset *ds, const ct_camera_stats *cs,
                           ct_fleet_stats *out)
{
	memset(out, 0, sizeof *out);
	out->theft_free_expected = NAN;
	size_t n = ds->n_cameras;
	out->n_cameras = n;
	double *auc = malloc((n ? n : 1) * sizeof *auc);
	uint64_t *fp = malloc((n ? n : 1) * sizeof *fp);
	if (!auc || !fp) {
		free(auc);
		free(fp);
		return -1;
	}
	double sum = 0;
	for (size_t i = 0; i < n; i++) {
		const ct_camera_stats *c = &cs[i];
		out->alerts += c->alerts;
		out->tp += c->tp;
		out->fp += c->fp;
		out->free_fp += c->free_fp;
		fp[i] = c->fp;
		if (c->tp > 0) {
			out->n_with_theft++;
		} else {
			out->n_theft_free++;
			out->theft_free_fp += c->fp;
		}
		out->n_few_thefts += c->few_thefts;
		if (!isnan(c->auc)) {
			auc[out->n_auc++] = c->auc;
			sum += c->auc;
			if (c->auc_withheld) {
				out->n_too_small++;
			} else {
				out->n_judged++;
				if (ct_camera_at_chance(c)) {
					out->n_chance++;
					out->chance_fp += c->fp;
				}
			}
		}
	}
	out->chance_fp_share = out->fp ? (double)out->chance_fp / (double)out->fp : 0;

	size_t m = out->n_auc;
	out->auc_mean = out->auc_sd = NAN;
	out->auc_min = out->auc_q1 = out->auc_median = out->auc_q3 = out->auc_max = NAN;
	if (m > 0) {
		qsort(auc, m, sizeof *auc, cmp_double);
		out->auc_mean = sum / (double)m;
		if (m > 1) {
			double ss = 0;
			for (size_t i = 0; i < m; i++)
				ss += (auc[i] - out->auc_mean) * (auc[i] - out->auc_mean);
			out->auc_sd = sqrt(ss / (double)(m - 1));
		}
		out->auc_min = auc[0];
		out->auc_q1 = ct_quantile_sorted(auc, m, 0.25);
		out->auc_median = ct_quantile_sorted(auc, m, 0.5);
		out->auc_q3 = ct_quantile_sorted(auc, m, 0.75);
		out->auc_max = auc[m - 1];
	}

	out->fp_gini = ct_gini(fp, n);
	if (isnan(out->fp_gini)) {
		free(auc);
		free(fp);
		return -1;
	}
	/* Top 10 % by FP, at least one camera. */
	qsort(fp, n, sizeof *fp, cmp_u64);
	out->top_n = (n + 9) / 10;
	for (size_t i = 0; i < out->top_n; i++)
		out->top_fp += fp[n - 1 - i];
	out->top_fp_share = out->fp ? (double)out->top_fp / (double)out->fp : 0;
	free(auc);
	free(fp);

	out->verdict = judge(out);
	return 0;
}

int ct_stats_expect(const ct_dataset *ds, ct_camera_stats *cs, ct_fleet_stats *f)
{
	f->theft_free_expected = NAN;
	for (size_t i = 0; i < ds->n_cameras; i++)
		cs[i].expected_thefts = NAN;
	ct_model *m = ct_model_new(ds, NULL);
	if (!m)
		return -1;
	double free_sum = 0;
	for (size_t i = 0; i < ds->n_cameras; i++) {
		cs[i].expected_thefts = ct_model_thefts(m, i);
		if (ds->cameras[i].n_tp == 0)
			free_sum += cs[i].expected_thefts;
	}
	f->theft_free_expected = free_sum;
	ct_model_free(m);
	return 0;
}
