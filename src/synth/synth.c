/* synth.c -- the synthetic alert file generator (synth.h).
 *
 * Owns the plan (stores, cameras, how many TP / FP / unusable rows each
 * camera gets, the AUC each camera is built to have) and the writing of
 * rows, plain or gzip.
 *
 * Why a plan and not plain random draws: the calibration figures must hold
 * for every seed, not only on average.  So totals are split with largest
 * remainders (exact sums), the FP-per-camera spread and the per-camera AUC
 * targets are stratified quantiles (their spread is fixed, the seed only
 * decides which camera gets which), and each camera's theft scores are
 * placed at quantiles of its own FP score distribution chosen so that
 * their mean position -- the camera's AUC -- is its target.
 */
#include "config.h"

#include "synth/synth.h"

#include "io/exit.h"
#include "core/stats.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* The real file's published figures (doc/domain.md "Data format"). */
#define REAL_ROWS 158136.0
#define REAL_DIRTY 2199.0
#define REAL_TP 1601.0
#define REAL_VALID 155937.0
#define REAL_NEG 20.0      /* "at least 17" negative probabilities */
#define REAL_ONE 4.0       /* "a few" exactly 1 */
#define FREE_SHARE (6.0 / 45.0)
#define FREE_FP_SHARE (15400.0 / 154336.0)
/* FP per camera relative to the mean: min, median, max. */
#define FP_LO (150.0 / (154336.0 / 45.0))
#define FP_MED (2700.0 / (154336.0 / 45.0))
#define FP_HI (12600.0 / (154336.0 / 45.0))
#define AUC_MEAN 0.594
#define AUC_SD 0.137
#define AUC_MIN 0.097
#define AUC_MAX 0.886
/* Theft scores spread wider than normal ones (in units of the FP sd), so a
 * camera's lowest theft is low: few FP are free to cut without a loss,
 * as in the real file (about 18k of 154k at 10 %). */
#define TP_SPREAD 1.6

/* ---- PRNG: xoshiro256**, seeded by splitmix64 ----------------------------- */

typedef struct rng {
	uint64_t s[4];
	double spare;
	bool has_spare;
} rng;

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static void rng_seed(rng *r, uint64_t seed)
{
	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix64(&seed);
	r->has_spare = false;
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static uint64_t rng_next(rng *r)
{
	uint64_t *s = r->s;
	uint64_t out = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return out;
}

/* Uniform in [0, 1). */
static double rng_unit(rng *r)
{
	return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

/* Uniform in [0, n) by multiply-shift (Lemire): no division, and the
 * bias (below n / 2^64) is far under anything the tests could see. */
static uint64_t rng_below(rng *r, uint64_t n)
{
	return (uint64_t)(((unsigned __int128)rng_next(r) * n) >> 64);
}

static double rng_normal(rng *r)
{
	/* Box-Muller, both values used. */
	if (r->has_spare) {
		r->has_spare = false;
		return r->spare;
	}
	double u = rng_unit(r), v = rng_unit(r);
	double rad = sqrt(-2.0 * log(1.0 - u));
	r->spare = rad * sin(2.0 * M_PI * v);
	r->has_spare = true;
	return rad * cos(2.0 * M_PI * v);
}

static void shuffle_u32(rng *r, uint32_t *v, size_t n)
{
	for (size_t i = n; i > 1; i--) {
		size_t j = (size_t)rng_below(r, i);
		uint32_t t = v[i - 1];
		v[i - 1] = v[j];
		v[j] = t;
	}
}

static void shuffle_double(rng *r, double *v, size_t n)
{
	for (size_t i = n; i > 1; i--) {
		size_t j = (size_t)rng_below(r, i);
		double t = v[i - 1];
		v[i - 1] = v[j];
		v[j] = t;
	}
}

/* ---- splitting totals ---------------------------------------------------- */

typedef struct share_rem {
	double rem;
	uint32_t idx;
} share_rem;

static int by_remainder(const void *a, const void *b)
{
	const share_rem *x = a, *y = b;
	if (x->rem != y->rem)
		return x->rem > y->rem ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* out[i] = shares of total proportional to w[i], summing exactly to total
 * (largest remainders; ties to the lower index). */
static int split_total(const double *w, size_t n, uint64_t total, uint64_t *out)
{
	if (n == 0)
		return 0;
	double sum = 0;
	for (size_t i = 0; i < n; i++)
		sum += w[i];
	share_rem *rem = malloc(n * sizeof *rem);
	if (!rem)
		return -1;
	uint64_t given = 0;
	for (size_t i = 0; i < n; i++) {
		double x = sum > 0 ? (double)total * (w[i] / sum) : (double)total / (double)n;
		out[i] = (uint64_t)floor(x);
		if (given + out[i] > total)
			out[i] = total - given;
		rem[i].rem = x - floor(x);
		rem[i].idx = (uint32_t)i;
		given += out[i];
	}
	qsort(rem, n, sizeof *rem, by_remainder);
	for (size_t i = 0; given < total; i = (i + 1) % n) {
		out[rem[i].idx]++;
		given++;
	}
	free(rem);
	return 0;
}

/* ---- the plan ------------------------------------------------------------ */

typedef struct camera {
	uint32_t store;
	uint32_t id;
	uint64_t tp, fp, dirty;
	double mu, sigma;   /* FP logit ~ N(mu, sigma) */
	double auc;         /* designed; NAN without thefts */
	float *tp_scores;   /* tp of them, shuffled */
	uint64_t tp_used;
	char suffix[64];    /* "_camera_25_ip_10.1.2.3_port_8000.mp4" */
	size_t suffix_len;
	/* a month drawn with the walks (synth.h "Walks"), else NULL: */
	double *day_cdf;    /* share of the month's rows up to each day */
	float *day_shift;   /* each day's score shift, logit units */
	double theft_d;     /* theft logit mean: mu + sigma * theft_d */
	double mean_shift;  /* the month's shift, weighted by volume */
	double volume;      /* the month's volume factor */
	double lambda;      /* expected thefts at volume 1 */
	uint64_t fp_plan;   /* the plan's FP, before a month's draw */
	bool broken;        /* break_cameras picked it */
} camera;

typedef struct store {
	char name[48];
	size_t name_len;
	uint32_t first_cam, n_cams;
} store;

typedef struct plan {
	store *stores;
	camera *cams;
	uint32_t n_stores, n_cams;
	uint64_t rows, dirty, n_neg, n_one, n_nolabel, fp_total;
} plan;

static void plan_free(plan *p)
{
	if (p->cams)
		for (uint32_t i = 0; i < p->n_cams; i++) {
			free(p->cams[i].tp_scores);
			free(p->cams[i].day_cdf);
			free(p->cams[i].day_shift);
		}
	free(p->cams);
	free(p->stores);
	memset(p, 0, sizeof *p);
}

static const char *const countries[] = {"pt", "pt", "pt", "es", "es", "fr", "it", "be"};
static const char *const chains[] = {"inter", "super", "hiper", "mini", "proxi", "market", "city", "express"};
static const char *const places[] = {
	"rocha", "braga", "porto", "faro", "lisboa", "coimbra", "aveiro", "viseu",
	"leiria", "evora", "setubal", "guarda", "tomar", "sintra", "cascais", "amadora",
	"almada", "barreiro", "maia", "gaia", "matosinhos", "valongo", "gondomar", "loule",
	"lagos", "tavira", "olhao", "beja", "sines", "nazare", "peniche", "obidos",
	"vigo", "lugo", "leon", "burgos", "soria", "cuenca", "lyon", "lille",
	"nantes", "rennes", "torino", "parma", "gent", "namur",
};
#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

/* FP per camera, sorted: min, median and max fixed relative to the mean,
 * the upper curve's bend solved so the values sum to total. */
static double fp_at(double u, double med, double lo, double hi, double g)
{
	if (u <= 0.5) {
		double t = (0.5 - u) / 0.5;
		return med * pow(lo / med, t * t);
	}
	return med * pow(hi / med, pow((u - 0.5) / 0.5, g));
}

static void fp_shape(double *v, uint32_t n, double total)
{
	if (n == 1) {
		v[0] = total;
		return;
	}
	double m = total / n, med = FP_MED * m, lo = FP_LO * m, hi = FP_HI * m;
	/* Solve the bend on at most 4096 of the n points: the mean is what
	 * matters, and split_total() fixes the exact sum afterwards. */
	uint32_t k = n < 4096 ? n : 4096;
	double ga = 0.02, gb = 200, g = 1;
	for (int it = 0; it < 80; it++) {
		g = sqrt(ga * gb);
		double s = 0;
		for (uint32_t i = 0; i < k; i++)
			s += fp_at((double)i / (k - 1), med, lo, hi, g);
		if (s * ((double)n / k) > total)
			ga = g;
		else
			gb = g;
	}
	for (uint32_t i = 0; i < n; i++)
		v[i] = fp_at((double)i / (n - 1), med, lo, hi, g);
}

/* Designed AUC of each theft camera: stratified normal quantiles with the
 * real extremes, the rest fitted to the real mean and sd. */
static void auc_targets(double *a, uint32_t n)
{
	if (n == 0)
		return;
	for (uint32_t i = 0; i < n; i++)
		a[i] = AUC_MEAN + AUC_SD * ct_normal_quantile((i + 0.5) / n);
	if (n >= 4) {
		double s1 = n * AUC_MEAN, s2 = (n - 1) * AUC_SD * AUC_SD + n * AUC_MEAN * AUC_MEAN;
		double r1 = s1 - AUC_MIN - AUC_MAX, r2 = s2 - AUC_MIN * AUC_MIN - AUC_MAX * AUC_MAX;
		double zz = 0;
		for (uint32_t i = 1; i + 1 < n; i++) {
			double z = ct_normal_quantile((i + 0.5) / n);
			zz += z * z;
		}
		double al = r1 / (n - 2), var = r2 - (n - 2) * al * al;
		double be = var > 0 && zz > 0 ? sqrt(var / zz) : 0;
		a[0] = AUC_MIN;
		a[n - 1] = AUC_MAX;
		for (uint32_t i = 1; i + 1 < n; i++)
			a[i] = al + be * ct_normal_quantile((i + 0.5) / n);
	}
	for (uint32_t i = 0; i < n; i++)
		a[i] = fmin(AUC_MAX, fmax(AUC_MIN, a[i]));
}

/* Theft scores of a camera (phi: the normal distribution function):
 * positions u_j = phi(d + z_j) in its FP
 * distribution, z_j stratified, d chosen so that mean u_j = auc. */
static int theft_scores(rng *r, camera *c)
{
	uint64_t P = c->tp;
	if (!P)
		return 0;
	c->tp_scores = malloc(P * sizeof *c->tp_scores);
	double *z = malloc(P * sizeof *z);
	if (!c->tp_scores || !z) {
		free(z);
		return -1;
	}
	for (uint64_t j = 0; j < P; j++)
		z[j] = ct_normal_quantile((j + 0.5) / (double)P);
	double lo = -12, hi = 12;
	for (int it = 0; it < 60; it++) {
		double d = (lo + hi) / 2, s = 0;
		for (uint64_t j = 0; j < P; j++)
			s += ct_normal_cdf(d + TP_SPREAD * z[j]);
		if (s / (double)P < c->auc)
			lo = d;
		else
			hi = d;
	}
	double d = (lo + hi) / 2;
	shuffle_double(r, z, P);
	for (uint64_t j = 0; j < P; j++) {
		double logit = c->mu + c->sigma * (d + TP_SPREAD * z[j]);
		c->tp_scores[j] = (float)(1.0 / (1.0 + exp(-logit)));
	}
	free(z);
	return 0;
}

static int make_plan(const ct_synth_opts *o, rng *r, plan *p)
{
	uint32_t S = o->stores, K = o->cameras_per_store;
	uint64_t N = o->alerts;
	p->n_stores = S;
	p->n_cams = S * K;
	uint32_t n = p->n_cams;
	p->stores = calloc(S, sizeof *p->stores);
	p->cams = calloc(n, sizeof *p->cams);
	double *w = calloc(n ? n : 1, sizeof *w);
	uint64_t *cnt = malloc(n * sizeof *cnt);
	uint32_t *perm = malloc((n > S ? n : S) * sizeof *perm);
	uint32_t *nums = NULL, *pool = NULL;
	double *aucs = NULL;
	int rc = -1;
	if (!p->stores || !p->cams || !w || !cnt || !perm)
		goto out;

	p->rows = N;
	p->dirty = (uint64_t)llround((double)N * REAL_DIRTY / REAL_ROWS);
	uint64_t valid = N - p->dirty;
	double theft_share = o->theft_rate > 0 ? o->theft_rate : REAL_TP / REAL_VALID;
	uint64_t tp_total = (uint64_t)llround((double)valid * theft_share);
	p->fp_total = valid - tp_total;
	p->n_neg = (uint64_t)llround((double)N * REAL_NEG / REAL_ROWS);
	p->n_one = (uint64_t)llround((double)N * REAL_ONE / REAL_ROWS);
	if (p->n_neg + p->n_one > p->fp_total)
		p->n_neg = p->n_one = 0;
	p->n_nolabel = p->dirty ? 1 + p->dirty / 10000 : 0;

	/* Stores: distinct numbers make distinct names. */
	uint32_t range = S > 9000 ? S : 9000;
	nums = malloc(range * sizeof *nums);
	if (!nums)
		goto out;
	for (uint32_t i = 0; i < range; i++)
		nums[i] = i;
	shuffle_u32(r, nums, range);
	/* Camera ids: 45 stores share 30 ids in the real file. */
	uint32_t want_pool = (uint32_t)ceil(S * 30.0 / 45.0);
	if (want_pool > 64)
		want_pool = 64;
	uint32_t pool_n = want_pool > K ? want_pool : K;
	uint32_t id_range = pool_n * 2 > 40 ? pool_n * 2 : 40;
	pool = malloc(id_range * sizeof *pool);
	if (!pool)
		goto out;
	for (uint32_t i = 0; i < id_range; i++)
		pool[i] = i + 1;
	shuffle_u32(r, pool, id_range);
	uint32_t cursor = 0;
	for (uint32_t s = 0; s < S; s++) {
		store *st = &p->stores[s];
		const char *cc = countries[rng_below(r, N_OF(countries))];
		const char *ch = chains[rng_below(r, N_OF(chains))];
		const char *pl = places[rng_below(r, N_OF(places))];
		st->name_len = (size_t)snprintf(st->name, sizeof st->name, "%s-%s-%u-%s", cc, ch,
		                                1000 + nums[s], pl);
		st->first_cam = s * K;
		st->n_cams = K;
		if (cursor + K > pool_n) {
			shuffle_u32(r, pool, pool_n);
			cursor = 0;
		}
		unsigned ip[3] = {(unsigned)rng_below(r, 256), (unsigned)rng_below(r, 256),
		                  1 + (unsigned)rng_below(r, 254)};
		bool port_none = rng_unit(r) < 0.2;
		unsigned port = 8000 + (unsigned)rng_below(r, 4) * 80;
		for (uint32_t k = 0; k < K; k++) {
			camera *c = &p->cams[s * K + k];
			c->store = s;
			c->id = pool[cursor++];
			char portbuf[16];
			if (port_none)
				strcpy(portbuf, "None");
			else
				snprintf(portbuf, sizeof portbuf, "%u", port);
			c->suffix_len = (size_t)snprintf(c->suffix, sizeof c->suffix,
			                                 "_camera_%u_ip_10.%u.%u.%u_port_%s.mp4", c->id,
			                                 ip[0], ip[1], ip[2], portbuf);
			c->mu = -1.0 + 0.6 * rng_normal(r);
			c->sigma = 1.1 + 0.4 * rng_unit(r);
		}
	}

	/* FP per camera. */
	fp_shape(w, n, (double)p->fp_total);
	if (split_total(w, n, p->fp_total, cnt) != 0)
		goto out;
	for (uint32_t i = 0; i < n; i++)
		perm[i] = i;
	shuffle_u32(r, perm, n);
	for (uint32_t i = 0; i < n; i++)
		p->cams[perm[i]].fp = cnt[i];

	/* Cameras without thefts: near the middle of the FP spread, their
	 * total close to the real share (a few tries, the closest wins). */
	uint32_t n_free = (uint32_t)llround(n * FREE_SHARE);
	if (n > 1 && n_free >= n)
		n_free = n - 1;
	uint8_t *is_free = calloc(n, 1);
	if (!is_free)
		goto out;
	if (n_free) {
		double goal = FREE_FP_SHARE * (double)p->fp_total, best = INFINITY;
		uint32_t *best_set = malloc(n_free * sizeof *best_set);
		if (!best_set) {
			free(is_free);
			goto out;
		}
		int tries = n <= 2000 ? 400 : 1;
		for (int t = 0; t < tries; t++) {
			shuffle_u32(r, perm, n);
			double s = 0;
			for (uint32_t i = 0; i < n_free; i++)
				s += (double)p->cams[perm[i]].fp;
			if (fabs(s - goal) < best) {
				best = fabs(s - goal);
				memcpy(best_set, perm, n_free * sizeof *best_set);
			}
		}
		for (uint32_t i = 0; i < n_free; i++)
			is_free[best_set[i]] = 1;
		free(best_set);
	}

	/* TP per theft camera: at least one each, the rest very skewed. */
	uint32_t n_theft = n - n_free, k = 0;
	for (uint32_t i = 0; i < n; i++)
		if (!is_free[i])
			perm[k++] = i;
	shuffle_u32(r, perm, n_theft);
	if (n_theft) {
		uint64_t base = tp_total >= n_theft ? 1 : 0;
		for (uint32_t i = 0; i < n_theft; i++) {
			w[i] = exp(1.6 * ct_normal_quantile((i + 0.5) / n_theft));
			p->cams[perm[i]].tp = base;
		}
		if (!base)
			for (uint64_t i = 0; i < tp_total; i++)
				p->cams[perm[i]].tp = 1;
		else {
			if (split_total(w, n_theft, tp_total - n_theft, cnt) != 0) {
				free(is_free);
				goto out;
			}
			for (uint32_t i = 0; i < n_theft; i++)
				p->cams[perm[i]].tp += cnt[i];
		}
	}
	free(is_free);

	/* AUC targets, assigned at random among cameras with thefts. */
	uint32_t n_with = 0;
	for (uint32_t i = 0; i < n; i++) {
		p->cams[i].auc = NAN;
		if (p->cams[i].tp)
			perm[n_with++] = i;
	}
	aucs = malloc((n_with ? n_with : 1) * sizeof *aucs);
	if (!aucs)
		goto out;
	auc_targets(aucs, n_with);
	shuffle_double(r, aucs, n_with);
	for (uint32_t i = 0; i < n_with; i++) {
		camera *c = &p->cams[perm[i]];
		c->auc = aucs[i];
		if (theft_scores(r, c) != 0)
			goto out;
	}

	/* Unusable rows, in proportion to each camera's rows. */
	for (uint32_t i = 0; i < n; i++)
		w[i] = (double)(p->cams[i].tp + p->cams[i].fp) + 1e-9;
	if (split_total(w, n, p->dirty, cnt) != 0)
		goto out;
	for (uint32_t i = 0; i < n; i++)
		p->cams[i].dirty = cnt[i];
	rc = 0;
out:
	free(w);
	free(cnt);
	free(perm);
	free(nums);
	free(pool);
	free(aucs);
	return rc;
}

/* ---- another month of the same cameras (synth.h, "Months") --------------- */

#define MONTH_VOLUME_SD 0.1
#define FREE_RATE_SHARE 0.05 /* a theft-free camera's rate, share of the fleet's */

/* Poisson(x): inversion below 50, the nearest integer of N(x, x) above. */
static uint64_t rng_poisson(rng *r, double x)
{
	if (!(x > 0))
		return 0;
	if (x >= 50) {
		double v = floor(x + sqrt(x) * rng_normal(r) + 0.5);
		return v > 0 ? (uint64_t)v : 0;
	}
	double u = rng_unit(r), p = exp(-x), cdf = p;
	uint64_t k = 0;
	while (u >= cdf && k < 1000) {
		k++;
		p *= x / (double)k;
		cdf += p;
	}
	return k;
}

/* A seed for each (seed, stream, month): splitmix64 mixes them apart. */
static uint64_t derived_seed(uint64_t seed, uint64_t stream, uint64_t month)
{
	uint64_t x = seed;
	uint64_t h = splitmix64(&x) ^ (stream * 0xd1b54a32d192ed03ull);
	x = h;
	h = splitmix64(&x) ^ (month * 0x8cb92ba72f3d8dd7ull);
	x = h;
	return splitmix64(&x);
}

static void month_span(uint32_t month, long *t0, long *n_days);

/* The walks are on (synth.h "Walks"). */
static bool walks(const ct_synth_opts *o)
{
	return o->volume_swing >= 0 || o->score_drift > 0;
}

/* Camera i's daily walks from the first day of month 1 to the last of
 * month o->month, from a generator of (seed, camera) alone, so month N+1
 * goes on where month N ended.  A walk of daily variance q differs
 * between the means of two adjacent months of T days by q * 2T / 3
 * (Brownian motion), so q = X^2 * 3 / (2 * 30.5) gives a month-to-month
 * sd of X.  Fills c's day_cdf, day_shift, volume and mean_shift. */
static int camera_walk(const ct_synth_opts *o, uint32_t i, camera *c)
{
	long t1, d1, t0, n_days;
	month_span(1, &t1, &d1);
	month_span(o->month, &t0, &n_days);
	long skip = (t0 - t1) / 86400;
	double per_day = sqrt(3 / (2 * 30.5));
	double sv = (o->volume_swing > 0 ? o->volume_swing : 0) * per_day;
	double ss = o->score_drift * per_day;
	rng wr;
	rng_seed(&wr, derived_seed(o->seed, 4, i));
	free(c->day_cdf);
	free(c->day_shift);
	c->day_cdf = malloc((size_t)n_days * sizeof *c->day_cdf);
	c->day_shift = malloc((size_t)n_days * sizeof *c->day_shift);
	if (!c->day_cdf || !c->day_shift)
		return -1;
	double x = 0, s = 0, sum = 0, shift = 0;
	for (long d = 0; d < skip + n_days; d++) {
		x += sv * rng_normal(&wr);
		s += ss * rng_normal(&wr);
		if (d < skip)
			continue;
		/* mean 1 on every day: the walk swings the volume, it does not
		 * grow it (E exp(x) = exp(d sv^2 / 2) otherwise) */
		double w = exp(x - (double)(d + 1) * sv * sv / 2);
		sum += w;
		shift += w * s;
		c->day_cdf[d - skip] = sum;
		c->day_shift[d - skip] = (float)s;
	}
	for (long d = 0; d < n_days; d++)
		c->day_cdf[d] /= sum;
	c->volume = sum / (double)n_days;
	c->mean_shift = shift / sum;
	return 0;
}

/* The day of the month of a row of camera c: by its walk's volume. */
static long walk_day(rng *r, const camera *c, long n_days)
{
	double u = rng_unit(r);
	long lo = 0, hi = n_days - 1;
	while (lo < hi) {
		long mid = lo + (hi - lo) / 2;
		if (c->day_cdf[mid] <= u)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Replace the plan's counts and theft scores by a draw of month o->month.
 * The camera model's extra parameters (drift direction, theft-free rate
 * and AUC) come from a generator of the seed alone, so they are the same
 * every month; the month's draws from one of (seed, month). */
static int month_draw(const ct_synth_opts *o, plan *p)
{
	rng model, mr;
	rng_seed(&model, derived_seed(o->seed, 1, 0));
	rng_seed(&mr, derived_seed(o->seed, 2, o->month));
	uint64_t tp_plan = 0;
	for (uint32_t i = 0; i < p->n_cams; i++)
		tp_plan += p->cams[i].tp;
	double fleet_rate = p->fp_total ? (double)tp_plan / (double)p->fp_total : 0;
	double shift_months = (double)(o->month - 1) * o->drift;
	uint64_t fp_total = 0, dirty = 0, rows = 0;
	for (uint32_t i = 0; i < p->n_cams; i++) {
		camera *c = &p->cams[i];
		double dir = rng_unit(&model) < 0.5 ? -1.0 : 1.0;
		double free_auc = AUC_MEAN + AUC_SD * rng_normal(&model);
		double lambda = (double)c->tp, auc = c->auc;
		if (!c->tp) {
			lambda = FREE_RATE_SHARE * fleet_rate * (double)c->fp;
			auc = fmin(AUC_MAX, fmax(AUC_MIN, free_auc));
		}
		double vol;
		if (walks(o)) {
			if (camera_walk(o, i, c) != 0)
				return -1;
			vol = c->volume;
		} else {
			vol = exp(MONTH_VOLUME_SD * rng_normal(&mr) -
			          MONTH_VOLUME_SD * MONTH_VOLUME_SD / 2);
			c->volume = vol;
			c->mean_shift = 0;
		}
		c->lambda = lambda;
		c->fp_plan = c->fp;
		c->fp = rng_poisson(&mr, vol * (double)c->fp);
		c->tp = rng_poisson(&mr, vol * lambda);
		c->dirty = rng_poisson(&mr, vol * (double)c->dirty);
		c->auc = c->tp ? auc : NAN;
		c->mu += dir * shift_months;
		c->theft_d = sqrt(1 + TP_SPREAD * TP_SPREAD) * ct_normal_quantile(auc);
		fp_total += c->fp;
		dirty += c->dirty;
		rows += c->fp + c->tp + c->dirty;
		free(c->tp_scores);
		c->tp_scores = NULL;
		c->tp_used = 0;
		if (!c->tp)
			continue;
		if (c->tp > UINT32_MAX || !(c->tp_scores = malloc(c->tp * sizeof *c->tp_scores)))
			return -1;
		/* E[phi(d + s Z)] = phi(d / sqrt(1 + s^2)): the camera's AUC. */
		double d = sqrt(1 + TP_SPREAD * TP_SPREAD) * ct_normal_quantile(auc);
		for (uint64_t j = 0; j < c->tp; j++) {
			double logit = c->mu + c->sigma * (d + TP_SPREAD * rng_normal(&mr));
			c->tp_scores[j] = (float)(1.0 / (1.0 + exp(-logit)));
		}
	}
	p->rows = rows;
	p->fp_total = fp_total;
	p->dirty = dirty;
	p->n_neg = (uint64_t)llround((double)rows * REAL_NEG / REAL_ROWS);
	p->n_one = (uint64_t)llround((double)rows * REAL_ONE / REAL_ROWS);
	if (p->n_neg + p->n_one > p->fp_total)
		p->n_neg = p->n_one = 0;
	p->n_nolabel = p->dirty ? 1 + p->dirty / 10000 : 0;
	return 0;
}

/* Broken cameras (synth.h, "Broken cameras"): break_cameras of them, the
 * same ones every month (a generator of the seed alone picks them), get
 * their normal alerts' logit mean raised by break_shift and their FP count
 * times break_volume; their thefts, drawn before, are left as they were. */
static void break_cameras(const ct_synth_opts *o, plan *p)
{
	rng pick;
	rng_seed(&pick, derived_seed(o->seed, 4, 0));
	uint32_t n = o->break_cameras < p->n_cams ? o->break_cameras : p->n_cams;
	uint32_t *order = malloc((size_t)p->n_cams * sizeof *order);
	if (!order) { /* a handful of words; fall back to the first cameras */
		for (uint32_t i = 0; i < n; i++)
			p->cams[i].broken = true;
	} else {
		for (uint32_t i = 0; i < p->n_cams; i++)
			order[i] = i;
		shuffle_u32(&pick, order, p->n_cams);
		for (uint32_t i = 0; i < n; i++)
			p->cams[order[i]].broken = true;
		free(order);
	}
	for (uint32_t i = 0; i < p->n_cams; i++) {
		camera *c = &p->cams[i];
		if (!c->broken)
			continue;
		uint64_t fp = (uint64_t)llround((double)c->fp * o->break_volume);
		p->fp_total += fp - c->fp;
		p->rows += fp - c->fp;
		c->fp = fp;
		c->mu += o->break_shift;
	}
}

/* Days from 1970-01-01 to y-m-1 (Howard Hinnant's days_from_civil). */
static long days_from_civil(long y, unsigned m)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long)doe - 719468;
}

/* First second and length in days of month N (1 = May 2023). */
static void month_span(uint32_t month, long *t0, long *n_days)
{
	long k = 4 + (long)month - 1; /* months since January 2023 */
	long y = 2023 + k / 12, y2 = 2023 + (k + 1) / 12;
	unsigned m = (unsigned)(k % 12) + 1, m2 = (unsigned)((k + 1) % 12) + 1;
	long first = days_from_civil(y, m);
	*t0 = first * 86400;
	*n_days = days_from_civil(y2, m2) - first;
}

/* ---- writing --------------------------------------------------------------- */

typedef struct out {
	FILE *f;
	bool gzip;
	z_stream z;
	gz_header gzh; /* read by deflate while it writes the header */
	bool z_init;
	char *buf;
	size_t len, cap;
	unsigned char *zbuf;
	size_t zcap;
	bool failed;
} out;

static int out_flush(out *w, bool final)
{
	if (w->failed)
		return -1;
	if (!w->gzip) {
		if (w->len && fwrite(w->buf, 1, w->len, w->f) != w->len)
			w->failed = true;
		w->len = 0;
		return w->failed ? -1 : 0;
	}
	w->z.next_in = (unsigned char *)w->buf;
	w->z.avail_in = (uInt)w->len;
	int zr;
	do {
		w->z.next_out = w->zbuf;
		w->z.avail_out = (uInt)w->zcap;
		zr = deflate(&w->z, final ? Z_FINISH : Z_NO_FLUSH);
		size_t have = w->zcap - w->z.avail_out;
		if (have && fwrite(w->zbuf, 1, have, w->f) != have) {
			w->failed = true;
			return -1;
		}
	} while (w->z.avail_out == 0 || (final && zr != Z_STREAM_END));
	w->len = 0;
	return 0;
}

static char *put(char *p, const char *s, size_t n)
{
	memcpy(p, s, n);
	return p + n;
}

static char *put_u64(char *p, uint64_t v)
{
	char tmp[24];
	int n = 0;
	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		*p++ = tmp[--n];
	return p;
}

static const uint64_t pow10_u64[] = {
	1ull, 10ull, 100ull, 1000ull, 10000ull, 100000ull, 1000000ull, 10000000ull,
	100000000ull, 1000000000ull, 10000000000ull, 100000000000ull, 1000000000000ull,
};

static char *put2(char *p, unsigned v)
{
	*p++ = (char)('0' + v / 10);
	*p++ = (char)('0' + v % 10);
	return p;
}

/* Days since 1970-01-01 to y-m-d (Howard Hinnant's civil_from_days). */
static void civil(long z, unsigned *y, unsigned *m, unsigned *d)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long yy = (long)yoe + era * 400;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (unsigned)(yy + (*m <= 2));
}

/* "YYYY-MM-DD_HHhMMmSSs"; days[] holds "YYYY-MM-DD_" from the first day. */
static char *put_time(char *p, const char (*days)[12], long first_day, long t)
{
	memcpy(p, days[t / 86400 - first_day], 11);
	p += 11;
	long s = t % 86400;
	p = put2(p, (unsigned)(s / 3600));
	*p++ = 'h';
	p = put2(p, (unsigned)(s / 60 % 60));
	*p++ = 'm';
	p = put2(p, (unsigned)(s % 60));
	*p++ = 's';
	return p;
}

/* printf("%.9g", (double)v), which round-trips a float, without printf's
 * cost for the common case 1e-4 <= v <= 1: 9 significant digits computed
 * exactly in integers (v = m / 2^s, m < 2^24) and rounded half to even as
 * glibc does. */
static char *put_float9(char *p, float v)
{
	double d = v;
	if (!(d >= 1e-4 && d < 1)) {
		if (d == 1)
			return put(p, "1", 1);
		return p + snprintf(p, 32, "%.9g", d);
	}
	int ex;
	double f = frexp(d, &ex);
	uint64_t m = (uint64_t)ldexp(f, 24);
	int s = 24 - ex;
	int x = d >= 0.1 ? -1 : d >= 0.01 ? -2 : d >= 0.001 ? -3 : -4;
	unsigned __int128 prod = (unsigned __int128)m * (uint64_t)(pow10_u64[8 - x]);
	uint64_t n = (uint64_t)(prod >> s);
	unsigned __int128 rem = prod - ((unsigned __int128)n << s), half = (unsigned __int128)1 << (s - 1);
	if (rem > half || (rem == half && (n & 1)))
		n++;
	if (n == 1000000000ull) { /* rounded up to the next power of ten */
		n = 100000000ull;
		if (++x == 0)
			return put(p, "1", 1);
	}
	*p++ = '0';
	*p++ = '.';
	for (int z = -1; z > x; z--)
		*p++ = '0';
	char dig[9];
	for (int i = 8; i >= 0; i--) {
		dig[i] = (char)('0' + n % 10);
		n /= 10;
	}
	int len = 9;
	while (len > 1 && dig[len - 1] == '0')
		len--;
	return put(p, dig, (size_t)len);
}

static const char *const theft_labels[] = {"Suspicious Bag", "Suspicious", "Theft",
                                           "Gesture Into Body", "Product Into Stroller"};
static const double theft_weights[] = {0.40, 0.25, 0.15, 0.12, 0.08};
static const char *const normal_labels[] = {"Other Normal", "Store Normal Bag", "Normal Bag",
                                            "Staff Normal", "Normal Stroller", "Client Normal"};
static const double normal_weights[] = {0.55, 0.18, 0.10, 0.08, 0.05, 0.04};

static const char *pick(rng *r, const char *const *v, const double *wt, size_t n)
{
	double u = rng_unit(r), acc = 0;
	for (size_t i = 0; i + 1 < n; i++) {
		acc += wt[i];
		if (u < acc)
			return v[i];
	}
	return v[n - 1];
}

enum { ROW_FP, ROW_TP, ROW_DIRTY };

int ct_synth_write(const ct_synth_opts *o, FILE *f, char *err, size_t errlen)
{
	if (o->stores == 0 || o->cameras_per_store == 0) {
		snprintf(err, errlen, "at least one store and one camera per store");
		return CT_EXIT_USAGE;
	}
	if ((uint64_t)o->stores * o->cameras_per_store > (1u << 26)) {
		snprintf(err, errlen, "too many cameras (at most %u)", 1u << 26);
		return CT_EXIT_USAGE;
	}
	rng r;
	rng_seed(&r, o->seed);
	plan p = {0};
	out w = {.f = f, .gzip = o->gzip};
	uint32_t *rows = NULL, *order = NULL;
	int rc = CT_EXIT_NOMEM; /* until the rows are written */
	if (!(fabs(o->break_shift) <= 10) || !(o->break_volume >= 0 && o->break_volume <= 100)) {
		snprintf(err, errlen, "break shift from -10 to 10, break volume from 0 to 100");
		return CT_EXIT_USAGE;
	}
	if (o->month > CT_SYNTH_MAX_MONTH || !isfinite(o->drift) || fabs(o->drift) > 10 ||
	    !(o->volume_swing <= 2) || !(o->score_drift >= 0 && o->score_drift <= 2) ||
	    (walks(o) && !o->month)) {
		snprintf(err, errlen, "month from 0 to %u, drift from -10 to 10, volume swing and "
		         "score drift from 0 to 2 with a month", CT_SYNTH_MAX_MONTH);
		return CT_EXIT_USAGE;
	}
	if (make_plan(o, &r, &p) != 0 || (o->month && month_draw(o, &p) != 0)) {
		snprintf(err, errlen, "out of memory");
		goto done;
	}
	if (o->month && o->break_cameras)
		break_cameras(o, &p);
	/* A month's rows are drawn apart from the calibrated file's. */
	if (o->month)
		rng_seed(&r, derived_seed(o->seed, 3, o->month));
	w.cap = 1 << 20;
	w.buf = malloc(w.cap + 4096);
	if (!w.buf) {
		snprintf(err, errlen, "out of memory");
		goto done;
	}
	if (w.gzip) {
		w.zcap = 1 << 18;
		w.zbuf = malloc(w.zcap);
		if (!w.zbuf || deflateInit2(&w.z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
			snprintf(err, errlen, "out of memory");
			goto done;
		}
		w.z_init = true;
		/* The same bytes for the same seed anywhere (data/README.md: the
		 * committed demo data is checked to be synth's): no time in the
		 * header, and "Unix" as the system, which zlib otherwise sets by
		 * platform. */
		w.gzh.time = 0;
		w.gzh.os = 3;
		if (deflateSetHeader(&w.z, &w.gzh) != Z_OK) {
			snprintf(err, errlen, "gzip: cannot set the header");
			goto done;
		}
	}
	static const char header[] = ";store;video_name;label;probability\n";
	memcpy(w.buf, header, sizeof header - 1);
	w.len = sizeof header - 1;

	/* Stores in random order, each one's rows shuffled together. */
	order = malloc(p.n_stores * sizeof *order);
	uint64_t max_rows = 0;
	for (uint32_t s = 0; s < p.n_stores; s++) {
		uint64_t t = 0;
		for (uint32_t k = 0; k < p.stores[s].n_cams; k++) {
			const camera *c = &p.cams[p.stores[s].first_cam + k];
			t += c->tp + c->fp + c->dirty;
		}
		if (t > max_rows)
			max_rows = t;
	}
	rows = malloc((max_rows ? max_rows : 1) * sizeof *rows);
	if (!order || !rows) {
		snprintf(err, errlen, "out of memory");
		goto done;
	}
	for (uint32_t s = 0; s < p.n_stores; s++)
		order[s] = s;
	shuffle_u32(&r, order, p.n_stores);

	/* Exact counts of special rows by selection sampling. */
	uint64_t fp_left = p.fp_total, neg_left = p.n_neg, one_left = p.n_one;
	uint64_t dirty_left = p.dirty, nolabel_left = p.n_nolabel;
	uint64_t index = 0;
	long t0 = 1682899200, n_days = 31; /* 2023-05-01 00:00:00 UTC */
	if (o->month)
		month_span(o->month, &t0, &n_days);
	const long first_day = t0 / 86400;
	char days[33][12];
	for (int i = 0; i < 33; i++) {
		unsigned y, mo, d;
		civil(first_day + i, &y, &mo, &d);
		snprintf(days[i], sizeof days[i], "%04u-%02u-%02u_", y % 10000, mo % 100, d % 100);
	}
	for (uint32_t si = 0; si < p.n_stores; si++) {
		const store *st = &p.stores[order[si]];
		uint64_t n = 0;
		for (uint32_t k = 0; k < st->n_cams; k++) {
			const camera *c = &p.cams[st->first_cam + k];
			for (uint64_t i = 0; i < c->fp; i++)
				rows[n++] = k << 2 | ROW_FP;
			for (uint64_t i = 0; i < c->tp; i++)
				rows[n++] = k << 2 | ROW_TP;
			for (uint64_t i = 0; i < c->dirty; i++)
				rows[n++] = k << 2 | ROW_DIRTY;
		}
		for (uint64_t i = n; i > 1; i--) {
			uint64_t j = rng_below(&r, i);
			uint32_t t = rows[i - 1];
			rows[i - 1] = rows[j];
			rows[j] = t;
		}
		for (uint64_t i = 0; i < n; i++) {
			camera *c = &p.cams[st->first_cam + (rows[i] >> 2)];
			int kind = (int)(rows[i] & 3);
			if (w.len > w.cap && out_flush(&w, false) != 0)
				goto write_error;
			char *q = w.buf + w.len;
			q = put_u64(q, index++);
			*q++ = ';';
			q = put(q, st->name, st->name_len);
			*q++ = ';';
			long start, day = -1;
			if (c->day_cdf) {
				day = walk_day(&r, c, n_days);
				start = t0 + day * 86400 + (long)rng_below(&r, 86400);
			} else {
				start = t0 + (long)rng_below(&r, (uint64_t)n_days * 86400);
			}
			double shift = day >= 0 ? c->day_shift[day] : 0;
			q = put_time(q, days, first_day, start);
			q = put(q, "_to_", 4);
			q = put_time(q, days, first_day, start + 6 + (long)rng_below(&r, 25));
			q = put(q, c->suffix, c->suffix_len);
			*q++ = ';';
			const char *label;
			if (kind == ROW_TP)
				label = pick(&r, theft_labels, theft_weights, N_OF(theft_labels));
			else if (kind == ROW_FP || rng_unit(&r) >= 0.01)
				label = pick(&r, normal_labels, normal_weights, N_OF(normal_labels));
			else
				label = pick(&r, theft_labels, theft_weights, N_OF(theft_labels));
			if (kind == ROW_DIRTY) {
				bool nolabel = rng_below(&r, dirty_left) < nolabel_left;
				dirty_left--;
				if (nolabel) {
					nolabel_left--;
					label = "";
				}
			}
			q = put(q, label, strlen(label));
			*q++ = ';';
			if (kind != ROW_DIRTY) {
				float v;
				if (kind == ROW_TP) {
					v = c->tp_scores[c->tp_used++];
					if (shift != 0 && v > 0 && v < 1)
						v = (float)(1.0 / (1.0 + exp(-(log(v / (1.0 - v)) + shift))));
				} else {
					double logit = c->mu + shift + c->sigma * rng_normal(&r);
					v = (float)(1.0 / (1.0 + exp(-logit)));
					uint64_t x = rng_below(&r, fp_left);
					if (x < neg_left) {
						neg_left--;
						v = (float)(-0.001 - 0.05 * rng_unit(&r));
					} else if (x < neg_left + one_left) {
						one_left--;
						v = 1.0f;
					}
					fp_left--;
				}
				q = put_float9(q, v);
			}
			*q++ = '\n';
			w.len = (size_t)(q - w.buf);
		}
	}
	if (out_flush(&w, true) != 0 || fflush(f) != 0 || ferror(f))
		goto write_error;
	rc = CT_EXIT_OK;
	goto done;
write_error:
	snprintf(err, errlen, "write error: %s", strerror(errno));
	rc = CT_EXIT_IOERR;
done:
	if (w.z_init)
		deflateEnd(&w.z);
	free(w.buf);
	free(w.zbuf);
	free(rows);
	free(order);
	plan_free(&p);
	return rc;
}

void ct_synth_defaults(ct_synth_opts *o)
{
	memset(o, 0, sizeof *o);
	o->seed = 1;
	o->stores = 45;
	o->cameras_per_store = 1;
	o->alerts = 158136;
	o->volume_swing = -1;
	o->break_shift = 1.5;
	o->break_volume = 2;
}

int ct_synth_truth(const ct_synth_opts *o, ct_synth_camera **vout, size_t *n, char *err,
                   size_t errlen)
{
	*vout = NULL;
	*n = 0;
	if (!o->month || o->stores == 0 || o->cameras_per_store == 0 ||
	    (uint64_t)o->stores * o->cameras_per_store > (1u << 26)) {
		snprintf(err, errlen, "the true parameters are those of a month (--month N)");
		return CT_EXIT_USAGE;
	}
	rng r;
	rng_seed(&r, o->seed);
	plan p = {0};
	if (make_plan(o, &r, &p) != 0 || month_draw(o, &p) != 0) {
		plan_free(&p);
		snprintf(err, errlen, "out of memory");
		return CT_EXIT_NOMEM;
	}
	ct_synth_camera *v = calloc(p.n_cams ? p.n_cams : 1, sizeof *v);
	if (!v) {
		plan_free(&p);
		snprintf(err, errlen, "out of memory");
		return CT_EXIT_NOMEM;
	}
	for (uint32_t s = 0; s < p.n_stores; s++)
		for (uint32_t k = 0; k < p.stores[s].n_cams; k++) {
			const camera *c = &p.cams[p.stores[s].first_cam + k];
			ct_synth_camera *t = &v[p.stores[s].first_cam + k];
			snprintf(t->store, sizeof t->store, "%s", p.stores[s].name);
			t->camera_id = c->id;
			double mu = c->mu + c->mean_shift;
			t->fp_mean = c->volume * (double)c->fp_plan;
			t->tp_mean = c->volume * c->lambda;
			t->fp_mu = mu;
			t->fp_sigma = c->sigma;
			t->tp_mu = mu + c->sigma * c->theft_d;
			t->tp_sigma = TP_SPREAD * c->sigma;
		}
	*n = p.n_cams;
	*vout = v;
	plan_free(&p);
	return 0;
}

int ct_synth_write_truth(const ct_synth_opts *o, FILE *f, char *err, size_t errlen)
{
	ct_synth_camera *v;
	size_t n;
	int rc = ct_synth_truth(o, &v, &n, err, errlen);
	if (rc != 0)
		return rc;
	fprintf(f, "store\tcamera\tmonth\tfp_mean\ttp_mean\tfp_mu\tfp_sigma\ttp_mu\ttp_sigma\n");
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%s\t%u\t%u\t%.17g\t%.17g\t%.17g\t%.17g\t%.17g\t%.17g\n", v[i].store,
		        v[i].camera_id, o->month, v[i].fp_mean, v[i].tp_mean, v[i].fp_mu, v[i].fp_sigma,
		        v[i].tp_mu, v[i].tp_sigma);
	free(v);
	if (fflush(f) != 0 || ferror(f)) {
		snprintf(err, errlen, "write error: %s", strerror(errno));
		return CT_EXIT_IOERR;
	}
	return 0;
}
