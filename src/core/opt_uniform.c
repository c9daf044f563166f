/* opt_uniform.c -- one global threshold for every free camera (DOMAIN.md
 * §4): the smallest score t (or muting) with FP saved >= target.  It is
 * what an analyst does without per-camera tuning, the reference that
 * shows what per-camera tuning buys.
 *
 * Constraints: excluded cameras stay at baseline, locked ones keep their
 * threshold, and under a minimum recall a camera's threshold is capped
 * at its highest allowed option's threshold.
 */
#include "config.h"

#include "core/optimise_impl.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Highest threshold camera i may take (INFINITY: no cap). */
static double cap_of(const ct_problem *p, size_t i)
{
	if (p->min_recall > 0 && p->ds->cameras[i].n_tp > 0)
		return ct_allowed(p, i)[ct_n_allowed(p, i) - 1].threshold;
	return INFINITY;
}

static double min_d(double a, double b)
{
	return a < b ? a : b;
}

/* FP saved by global threshold t, fixed cameras included. */
static uint64_t saved_at(const ct_problem *p, const double *cap, double t)
{
	uint64_t s = 0;
	for (size_t i = 0; i < p->n; i++) {
		const ct_camera *c = &p->ds->cameras[i];
		if (!ct_is_free(p, i))
			s += ct_allowed(p, i)[0].fp_saved;
		else
			s += c->n_fp - ct_count_ge(c->fp, c->n_fp, min_d(t, cap[i]));
	}
	return s;
}

static inline uint64_t key_of(double d)
{
	uint64_t u;
	memcpy(&u, &d, sizeof u);
	return (u >> 63) ? ~u : u | (1ull << 63);
}

static inline double of_key(uint64_t u)
{
	u = (u >> 63) ? u & ~(1ull << 63) : ~u;
	double d;
	memcpy(&d, &u, sizeof d);
	return d;
}

/* Lowest and highest score over the free cameras; false if none. */
static bool free_range(const ct_problem *p, double *lo, double *hi)
{
	bool any = false;
	for (size_t i = 0; i < p->n; i++) {
		if (!ct_is_free(p, i))
			continue;
		double a = ct_camera_min_score(&p->ds->cameras[i]),
		       b = ct_camera_max_score(&p->ds->cameras[i]);
		if (!any || a < *lo)
			*lo = a;
		if (!any || b > *hi)
			*hi = b;
		any = true;
	}
	return any;
}

static void settle(const ct_problem *p, const double *cap, double t,
                   ct_solution *out)
{
	for (size_t i = 0; i < p->n; i++)
		out->setting[i] = ct_is_free(p, i)
		                      ? ct_camera_apply(&p->ds->cameras[i],
		                                        min_d(t, cap[i]))
		                      : ct_allowed(p, i)[0];
	ct_solution_total(out);
}

int ct_uniform_solve(ct_problem *p, double target, ct_solution *out)
{
	if (ct_solution_setup(p, CT_UNIFORM, target, out) < 0)
		return -1;
	double *cap = malloc((p->n ? p->n : 1) * sizeof *cap);
	if (!cap) {
		ct_solution_free(out);
		return -1;
	}
	for (size_t i = 0; i < p->n; i++)
		cap[i] = cap_of(p, i);
	double lo = 0, hi = 0;
	if (!free_range(p, &lo, &hi)) {
		settle(p, cap, 0.0, out); /* nothing to choose */
		free(cap);
		return 0;
	}
	double top = nextafter(hi, INFINITY); /* mutes every free camera */
	if ((double)saved_at(p, cap, top) < target) {
		settle(p, cap, top, out); /* unreachable: the most it saves */
		free(cap);
		return 0;
	}
	/* Smallest double t in [lo, top] with saved(t) >= target: a binary
	 * search over the order-preserving bit patterns ... */
	uint64_t a = key_of(lo), b = key_of(top);
	while (a < b) {
		uint64_t m = a + (b - a) / 2;
		if ((double)saved_at(p, cap, of_key(m)) >= target)
			b = m;
		else
			a = m + 1;
	}
	double t = of_key(a);
	/* ... then the smallest score >= t, which keeps the same alerts
	 * (no score lies in between) and reads better than a bit pattern. */
	double snap = top;
	for (size_t i = 0; i < p->n; i++) {
		if (!ct_is_free(p, i))
			continue;
		const ct_camera *c = &p->ds->cameras[i];
		uint32_t k = ct_count_ge(c->tp, c->n_tp, t);
		if (k && c->tp[c->n_tp - k] < snap)
			snap = c->tp[c->n_tp - k];
		k = ct_count_ge(c->fp, c->n_fp, t);
		if (k && c->fp[c->n_fp - k] < snap)
			snap = c->fp[c->n_fp - k];
	}
	settle(p, cap, snap, out);
	free(cap);
	return 0;
}

static int cmp_double(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;
	return a < b ? -1 : a > b;
}

/* The uniform solutions of all targets are the thresholds t in ascending
 * order; TP lost and FP saved both grow with t.  The most it saves losing
 * at most k thefts is at the (k+1)-th smallest losable theft score. */
int ct_uniform_frontier(ct_problem *p, ct_frontier *out)
{
	if (ct_frontier_setup(p, CT_UNIFORM, out) < 0)
		return -1;
	double *cap = malloc((p->n ? p->n : 1) * sizeof *cap);
	size_t nu = 0;
	for (size_t i = 0; i < p->n; i++)
		if (ct_is_free(p, i))
			nu += p->ds->cameras[i].n_tp;
	double *u = malloc((nu ? nu : 1) * sizeof *u);
	uint64_t *cnt = NULL;
	if (!cap || !u)
		goto oom;
	uint64_t lost0 = 0, saved0 = 0, top_saved = 0;
	nu = 0;
	for (size_t i = 0; i < p->n; i++) {
		const ct_camera *c = &p->ds->cameras[i];
		cap[i] = cap_of(p, i);
		if (!ct_is_free(p, i)) {
			lost0 += ct_allowed(p, i)[0].tp_lost;
			saved0 += ct_allowed(p, i)[0].fp_saved;
			continue;
		}
		for (uint32_t j = 0; j < c->n_tp && c->tp[j] < cap[i]; j++)
			u[nu++] = c->tp[j];
		top_saved += c->n_fp - ct_count_ge(c->fp, c->n_fp, cap[i]);
	}
	qsort(u, nu, sizeof *u, cmp_double);
	/* distinct values of u, in place; idx maps rank -> distinct index */
	size_t nd = 0;
	uint32_t *rank_to_d = malloc((nu ? nu : 1) * sizeof *rank_to_d);
	if (!rank_to_d)
		goto oom;
	double *ud = malloc((nu ? nu : 1) * sizeof *ud);
	if (!ud) {
		free(rank_to_d);
		goto oom;
	}
	for (size_t r = 0; r < nu; r++) {
		if (nd == 0 || ud[nd - 1] != u[r])
			ud[nd++] = u[r];
		rank_to_d[r] = (uint32_t)(nd - 1);
	}
	/* cnt[j]: removable normals x with ud[j-1] <= x < ud[j] */
	cnt = calloc(nd + 1, sizeof *cnt);
	if (!cnt) {
		free(rank_to_d);
		free(ud);
		goto oom;
	}
	for (size_t i = 0; i < p->n; i++) {
		if (!ct_is_free(p, i))
			continue;
		const ct_camera *c = &p->ds->cameras[i];
		size_t j = 0;
		for (uint32_t f = 0; f < c->n_fp && c->fp[f] < cap[i]; f++) {
			double x = c->fp[f];
			/* first j with ud[j] > x; x only grows */
			size_t lo = j, hi = nd;
			while (lo < hi) {
				size_t mid = lo + (hi - lo) / 2;
				if (ud[mid] > x)
					hi = mid;
				else
					lo = mid + 1;
			}
			j = lo;
			cnt[j]++;
		}
	}
	for (size_t j = 1; j <= nd; j++)
		cnt[j] += cnt[j - 1];
	for (size_t k = 0; k < out->n; k++) {
		if (k < lost0) {
			out->fp_saved[k] = 0;
			continue;
		}
		size_t r = k - lost0;
		out->fp_saved[k] =
		    saved0 + (r < nu ? cnt[rank_to_d[r]] : top_saved);
	}
	free(rank_to_d);
	free(ud);
	free(cnt);
	free(cap);
	free(u);
	return 0;
oom:
	free(cap);
	free(u);
	ct_frontier_free(out);
	return -1;
}
