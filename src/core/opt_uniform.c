/* opt_uniform.c -- one global threshold for every free camera (doc/domain.md
 * "Strategies"): the smallest score t (or muting) with FP saved >= target.  It is
 * what an analyst does without per-camera tuning, the reference that
 * shows what per-camera tuning buys.
 *
 * Constraints: excluded cameras stay at baseline, locked ones keep their
 * threshold, and under a minimum recall a camera's threshold is capped
 * at its highest allowed option's threshold.
 *
 * Owns the uniform cache on the problem: the caps, the histogram of the
 * removable normal scores by their top 16 key bits (so a solve only
 * scans the one bucket that holds its answer) and the frontier.
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

struct ct_uniform_cache {
	double *cap;
	uint64_t fixed_lost, fixed_saved, removable;
	bool any_free;
	double lo, hi;     /* score range of the free cameras */
	uint64_t *hist0;   /* removable normals by the top 16 key bits */
	uint64_t *frontier; /* NULL until asked for */
};

void ct_uniform_cache_free(ct_uniform_cache *c)
{
	if (!c)
		return;
	free(c->cap);
	free(c->hist0);
	free(c->frontier);
	free(c);
}

static ct_uniform_cache *uniform_build(const ct_problem *p)
{
	ct_uniform_cache *u = calloc(1, sizeof *u);
	if (!u)
		return NULL;
	u->cap = malloc((p->n ? p->n : 1) * sizeof *u->cap);
	u->hist0 = calloc(65536, sizeof *u->hist0);
	if (!u->cap || !u->hist0) {
		ct_uniform_cache_free(u);
		return NULL;
	}
	for (size_t i = 0; i < p->n; i++) {
		const ct_camera *c = &p->ds->cameras[i];
		u->cap[i] = cap_of(p, i);
		if (!ct_is_free(p, i)) {
			u->fixed_lost += ct_allowed(p, i)[0].tp_lost;
			u->fixed_saved += ct_allowed(p, i)[0].fp_saved;
			continue;
		}
		uint32_t m = c->n_fp - ct_count_ge(c->fp, c->n_fp, u->cap[i]);
		u->removable += m;
		for (uint32_t f = 0; f < m; f++)
			u->hist0[key_of(c->fp[f]) >> 48]++;
	}
	u->any_free = free_range(p, &u->lo, &u->hi);
	return u;
}

static int uniform_get(ct_problem *p)
{
	if (!p->uniform)
		p->uniform = uniform_build(p);
	return p->uniform ? 0 : -1;
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

/* The k-th smallest (0-based) removable normal score: those of free
 * cameras below their cap, i.e. the ones some global threshold removes.
 * Radix select on the order-preserving 64-bit keys, 16 bits per pass.
 * The first pass is the cached histogram; the keys of its chosen bucket
 * (a few percent of the scores) are gathered from each camera's sorted
 * slice, and the last three passes run on them alone.  -1 when out of
 * memory. */
static int kth_removable(const ct_problem *p, const ct_uniform_cache *u,
                         uint64_t k, double *out)
{
	uint32_t d = 0;
	while (d < 65535 && u->hist0[d] <= k) {
		k -= u->hist0[d];
		d++;
	}
	uint64_t prefix = (uint64_t)d << 48;
	size_t n = u->hist0[d], m = 0;
	uint64_t *keys = malloc((n ? n : 1) * sizeof *keys);
	uint64_t *hist = malloc(65536 * sizeof *hist);
	if (!keys || !hist) {
		free(keys);
		free(hist);
		return -1;
	}
	double lo = of_key(prefix), hi = of_key(prefix | (~0ull >> 16));
	double above = nextafter(hi, INFINITY);
	for (size_t i = 0; i < p->n; i++) {
		if (!ct_is_free(p, i))
			continue;
		const ct_camera *c = &p->ds->cameras[i];
		uint32_t nf = c->n_fp;
		uint32_t a = nf - ct_count_ge(c->fp, nf, lo);
		uint32_t b = nf - ct_count_ge(c->fp, nf, u->cap[i]);
		uint32_t z = nf - ct_count_ge(c->fp, nf, above);
		if (z < b)
			b = z;
		for (uint32_t f = a; f < b && m < n; f++) {
			/* the key decides, should the slice by value hold a
			 * zero of the other sign */
			uint64_t key = key_of(c->fp[f]);
			if ((key >> 48) == d)
				keys[m++] = key;
		}
	}
	for (int pass = 1; pass < 4; pass++) {
		int shift = 48 - 16 * pass;
		uint64_t known = ~(~0ull >> (16 * pass));
		memset(hist, 0, 65536 * sizeof *hist);
		size_t w = 0;
		for (size_t j = 0; j < m; j++)
			if ((keys[j] & known) == prefix) {
				keys[w++] = keys[j]; /* keep only the candidates */
				hist[(keys[j] >> shift) & 0xffff]++;
			}
		m = w;
		uint32_t e = 0;
		while (e < 65535 && hist[e] <= k) {
			k -= hist[e];
			e++;
		}
		prefix |= (uint64_t)e << shift;
	}
	free(keys);
	free(hist);
	*out = of_key(prefix);
	return 0;
}

int ct_uniform_solve(ct_problem *p, double target, ct_solution *out)
{
	if (uniform_get(p) < 0 ||
	    ct_solution_setup(p, CT_UNIFORM, target, out) < 0)
		return -1;
	const ct_uniform_cache *u = p->uniform;
	double t;
	if (!u->any_free) {
		t = 0.0; /* nothing to choose */
	} else if (target <= (double)u->fixed_saved) {
		t = u->lo; /* baseline everywhere is enough */
	} else {
		/* saved(t) = fixed + #(removable < t): the target needs the
		 * gap-th smallest removable score v gone, so t is the
		 * smallest score above v (muting all when there is none). */
		double gap = ceil(target - (double)u->fixed_saved);
		t = nextafter(u->hi, INFINITY);
		if (gap <= (double)u->removable) {
			double v;
			if (kth_removable(p, u, (uint64_t)gap - 1, &v) < 0) {
				ct_solution_free(out);
				return -1;
			}
			double w = nextafter(v, INFINITY);
			for (size_t i = 0; i < p->n; i++) {
				if (!ct_is_free(p, i))
					continue;
				const ct_camera *c = &p->ds->cameras[i];
				uint32_t k = ct_count_ge(c->tp, c->n_tp, w);
				if (k && c->tp[c->n_tp - k] < t)
					t = c->tp[c->n_tp - k];
				k = ct_count_ge(c->fp, c->n_fp, w);
				if (k && c->fp[c->n_fp - k] < t)
					t = c->fp[c->n_fp - k];
			}
		}
	}
	settle(p, u->cap, t, out);
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
static int frontier_compute(ct_problem *p, ct_frontier *out)
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
	/* cnt[j]: removable normals x with ud[j-1] <= x < ud[j].  Finding
	 * j for ten million normals by plain binary search over the theft
	 * scores is slow; a table of buckets, linear in the score between
	 * the lowest and highest theft score, narrows each search to the
	 * few theft scores of one bucket.  The bucket function is monotone,
	 * so bucket(ud) < bucket(x) implies ud < x and bucket(ud) > bucket(x)
	 * implies ud > x: the answer lies in [tbl[b], tbl[b + 1]]. */
	cnt = calloc(nd + 1, sizeof *cnt);
	size_t nbk = 4 * nd + 1;
	uint32_t *tbl = malloc((nbk + 2) * sizeof *tbl);
	if (!cnt || !tbl) {
		free(tbl);
		free(rank_to_d);
		free(ud);
		goto oom;
	}
	double u_lo = nd ? ud[0] : 0, u_span = nd ? ud[nd - 1] - ud[0] : 0;
	double scale = u_span > 0 ? (double)nbk / u_span : 0;
#define BUCKET(x)                                                           \
	((x) <= u_lo ? 0                                                    \
	             : ((x) - u_lo) * scale >= (double)nbk                  \
	                   ? nbk                                            \
	                   : (size_t)(((x) - u_lo) * scale))
	for (size_t j = 0, b = 0; b <= nbk + 1; b++) {
		while (j < nd && BUCKET(ud[j]) < b)
			j++;
		tbl[b] = (uint32_t)j;
	}
	for (size_t i = 0; i < p->n; i++) {
		if (!ct_is_free(p, i))
			continue;
		const ct_camera *c = &p->ds->cameras[i];
		for (uint32_t f = 0; f < c->n_fp && c->fp[f] < cap[i]; f++) {
			double x = c->fp[f];
			size_t bk = BUCKET(x);
			/* first j with ud[j] > x */
			size_t lo = tbl[bk], hi = tbl[bk + 1];
			while (lo < hi) {
				size_t mid = lo + (hi - lo) / 2;
				if (ud[mid] > x)
					hi = mid;
				else
					lo = mid + 1;
			}
			cnt[lo]++;
		}
	}
#undef BUCKET
	free(tbl);
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

int ct_uniform_frontier(ct_problem *p, ct_frontier *out)
{
	if (uniform_get(p) < 0)
		return -1;
	ct_uniform_cache *u = p->uniform;
	if (!u->frontier) {
		ct_frontier f;
		if (frontier_compute(p, &f) < 0)
			return -1;
		u->frontier = f.fp_saved; /* kept; a copy goes out */
	}
	if (ct_frontier_setup(p, CT_UNIFORM, out) < 0)
		return -1;
	memcpy(out->fp_saved, u->frontier, out->n * sizeof *out->fp_saved);
	return 0;
}
