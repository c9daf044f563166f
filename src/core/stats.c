/* stats.c -- fleet statistics: per-camera figures, AUC spread, FP
 * concentration and the uniformity verdict (see stats.h).  Pure. */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/curve.h"
#include "core/stats.h"

const unsigned ct_recall_levels[CT_N_RECALL_LEVELS] = {90, 50};

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
	if ((double)f->n_chance >= CT_VERDICT_CHANCE_SHARE * (double)f->n_auc
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
		if (!isnan(c->auc)) {
			auc[out->n_auc++] = c->auc;
			sum += c->auc;
			if (c->auc <= 0.5) {
				out->n_chance++;
				out->chance_fp += c->fp;
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
