/* opt_exact.c -- the exact optimiser (doc/domain.md "Strategies"): a dynamic programme
 * over the total TP lost, exact for the multiple-choice knapsack.
 *
 *   F_c(b) = max over the options k of camera c of F_{c-1}(b - k) + saved_c(k)
 *
 * F(b) is the most FP saved losing at most b thefts, so one pass gives the
 * whole frontier and a target is a binary search on F.
 *
 * Owns the exact cache hung on the problem.  What keeps it fast and small:
 *  - every camera's base option (fewest thefts lost, then most FP saved)
 *    is taken for free and folded into a constant; cameras left with no
 *    other option (theft-free ones, excluded, locked) drop out;
 *  - the budget is bounded: by the hull's feasible TP lost for a target,
 *    or by the largest possible loss for the whole frontier;
 *  - one row, updated in place from the top down, one fused vector pass
 *    per camera over all its options;
 *  - cameras go in increasing order of their largest loss, so the rows
 *    stay short while most cameras are processed (row length = sum of
 *    the largest losses so far);
 *  - no choice table: the row entering each block of cameras (a block
 *    spans about sqrt(B) thefts of loss) is kept, and a solution is
 *    reconstructed block by block, backwards, re-running only the block's
 *    cameras on the window of budgets the path can reach.  Memory is
 *    about 2 B^2 / sqrt(B) bytes, a reconstruction about B sqrt(B) steps;
 *    with many thefts (the largest losses adding up to far more than B)
 *    blocks widen so the kept rows stay under ROW_MEMORY.
 *  - one target on a big programme: the Lagrangian reduction
 *    (solve_reduced) keeps only the cameras near the margin.
 */
#include "config.h"

#include "core/optimise_impl.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct ct_exact_cache {
	uint32_t B;       /* budget bound: TP lost beyond the bases */
	size_t m;         /* cameras in the programme */
	uint32_t *cam;    /* programme order -> camera */
	uint32_t *maxk;   /* largest loss of each programme camera */
	uint32_t *ooff;   /* options of programme camera j: [ooff[j], ooff[j+1]) */
	uint32_t *ok, *os; /* loss and saving beyond the base (both >= 1) */
	uint32_t *oidx;   /* index in the camera's allowed list */
	size_t nb;        /* blocks */
	uint32_t *bfirst; /* first programme camera of each block; nb + 1 */
	uint32_t *rlen;   /* row length - 1 (the prefix bound) at block start */
	uint32_t **row;   /* the row entering each block */
	uint32_t *F;      /* the final row, B + 1 entries */
};

void ct_exact_cache_free(ct_exact_cache *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->nb; i++)
		free(c->row[i]);
	free(c->row);
	free(c->rlen);
	free(c->bfirst);
	free(c->cam);
	free(c->maxk);
	free(c->ooff);
	free(c->ok);
	free(c->os);
	free(c->oidx);
	free(c->F);
	free(c);
}

/* One camera's step of the programme, in place:
 *   F[b] = max(F[b], max_i F[b - k_i] + s_i)   for b = n-1 down to 0.
 * Going down, F[b - k] (k >= 1) still holds the previous camera's value
 * when it is read, so no second row is needed, and one pass reads each
 * option's stream once.  This is the whole cost of the programme, so it
 * comes in a portable vector form (GCC/clang vector extensions: -O2 does
 * not vectorise the loop by itself) and, on x86-64, an AVX2 form chosen
 * at run time.  Blocks of eight are safe: the block being written is
 * only read (old values) by its own loads before its store. */
static void pass_tail(uint32_t *F, size_t top, const uint32_t *ok,
                      const uint32_t *os, uint32_t no)
{
	for (size_t b = top; b-- > 0;) {
		uint32_t v = F[b];
		for (uint32_t i = 0; i < no && ok[i] <= b; i++) {
			uint32_t w = F[b - ok[i]] + os[i];
			v = w > v ? w : v;
		}
		F[b] = v;
	}
}

#if defined(__GNUC__)
typedef uint32_t v8u __attribute__((vector_size(32)));

static void pass_vec(uint32_t *F, size_t n, const uint32_t *ok,
                     const uint32_t *os, uint32_t no, uint32_t maxk)
{
	size_t b0 = n;
	while (b0 >= (size_t)maxk + 8) {
		b0 -= 8;
		v8u acc;
		memcpy(&acc, F + b0, sizeof acc);
		for (uint32_t i = 0; i < no; i++) {
			v8u v;
			memcpy(&v, F + b0 - ok[i], sizeof v);
			v += os[i];
			v8u m = (v8u)(v > acc);
			acc = (v & m) | (acc & ~m);
		}
		memcpy(F + b0, &acc, sizeof acc);
	}
	pass_tail(F, b0, ok, os, no);
}
#else
static void pass_vec(uint32_t *F, size_t n, const uint32_t *ok,
                     const uint32_t *os, uint32_t no, uint32_t maxk)
{
	pass_tail(F, n, ok, os, no);
}
#endif

#if defined(__GNUC__) && defined(__x86_64__)
#include <immintrin.h>
#define HAVE_PASS_AVX2 1
__attribute__((target("avx2"))) static void
pass_avx2(uint32_t *F, size_t n, const uint32_t *ok, const uint32_t *os,
          uint32_t no, uint32_t maxk)
{
	size_t b0 = n;
	while (b0 >= (size_t)maxk + 8) {
		b0 -= 8;
		__m256i acc = _mm256_loadu_si256((const __m256i *)(F + b0));
		for (uint32_t i = 0; i < no; i++) {
			__m256i v = _mm256_loadu_si256(
			    (const __m256i *)(F + b0 - ok[i]));
			v = _mm256_add_epi32(v, _mm256_set1_epi32((int)os[i]));
			acc = _mm256_max_epu32(acc, v);
		}
		_mm256_storeu_si256((__m256i *)(F + b0), acc);
	}
	pass_tail(F, b0, ok, os, no);
}
#endif

typedef void pass_fn(uint32_t *, size_t, const uint32_t *, const uint32_t *,
                     uint32_t, uint32_t);

static pass_fn *choose_pass(void)
{
#ifdef HAVE_PASS_AVX2
	__builtin_cpu_init();
	if (__builtin_cpu_supports("avx2"))
		return pass_avx2;
#endif
	return pass_vec;
}

#if defined(__GNUC__)
/* relax, also noting option idx in choice[t] where it wins */
#if !defined(__clang__) && defined(__x86_64__) && defined(__linux__)
__attribute__((target_clones("avx2", "default")))
#endif
static void relax_note(uint32_t *restrict nxt, const uint32_t *restrict cur,
                       uint32_t *restrict choice, size_t n, uint32_t s,
                       uint32_t idx)
{
	v8u sv = {s, s, s, s, s, s, s, s};
	v8u iv = {idx, idx, idx, idx, idx, idx, idx, idx};
	size_t t = 0;
	for (; t + 8 <= n; t += 8) {
		v8u a, b, c;
		memcpy(&a, cur + t, sizeof a);
		memcpy(&b, nxt + t, sizeof b);
		memcpy(&c, choice + t, sizeof c);
		a += sv;
		v8u m = (v8u)(a > b);
		b = (a & m) | (b & ~m);
		c = (iv & m) | (c & ~m);
		memcpy(nxt + t, &b, sizeof b);
		memcpy(choice + t, &c, sizeof c);
	}
	for (; t < n; t++) {
		uint32_t v = cur[t] + s;
		if (v > nxt[t]) {
			nxt[t] = v;
			choice[t] = idx;
		}
	}
}
#else
static void relax_note(uint32_t *restrict nxt, const uint32_t *restrict cur,
                       uint32_t *restrict choice, size_t n, uint32_t s,
                       uint32_t idx)
{
	for (size_t t = 0; t < n; t++) {
		uint32_t v = cur[t] + s;
		if (v > nxt[t]) {
			nxt[t] = v;
			choice[t] = idx;
		}
	}
}
#endif

/* The first camera meets a row of zeros: F[b] is just its best option
 * losing at most b, in O(options + row) rather than O(options * row),
 * which is what a single-camera problem with many thefts needs. */
static void first_pass(uint32_t *F, size_t n, const uint32_t *ok,
                       const uint32_t *os, uint32_t no)
{
	uint32_t best = 0, i = 0;
	for (size_t b = 0; b < n; b++) {
		while (i < no && ok[i] <= b) {
			if (os[i] > best)
				best = os[i];
			i++;
		}
		F[b] = best;
	}
}

/* Blocks of cameras for the checkpoints: a new block once the current
 * one spans `width` thefts of loss, and a camera that would stretch a
 * non-empty block past it starts its own, so that reconstruction's
 * choice table (cameras x window) stays near width^2 entries. */
static bool block_starts(size_t j, uint64_t acc, uint32_t maxk,
                         uint64_t width)
{
	return j == 0 || acc >= width || acc + maxk > width;
}

typedef struct order_key {
	uint32_t maxk, cam;
} order_key;

static int order_cmp(const void *pa, const void *pb)
{
	const order_key *a = pa, *b = pb;
	if (a->maxk != b->maxk)
		return a->maxk < b->maxk ? -1 : 1;
	return a->cam < b->cam ? -1 : a->cam > b->cam;
}

/* The programme over budgets 0..B.  lo, hi (both NULL: the base and the
 * last allowed option): camera i's options are lo[i] (its base here) to
 * hi[i] of its allowed list, for the reduced programme of one target. */
/* What the rows kept at block starts may take. */
#define ROW_MEMORY (256.0 * 1024 * 1024)

static ct_exact_cache *exact_build(const ct_problem *p, uint32_t B, const uint32_t *lo,
                                   const uint32_t *hi)
{
	ct_exact_cache *e = calloc(1, sizeof *e);
	order_key *key = malloc((p->n ? p->n : 1) * sizeof *key);
	uint32_t *cur = calloc((size_t)B + 1, sizeof *cur);
	if (!e || !key || !cur)
		goto fail;
	e->B = B;

	/* Programme cameras: those with an option beyond the base within B. */
	size_t m = 0, nopt = 0;
	for (size_t i = 0; i < p->n; i++) {
		const ct_option *a = ct_allowed(p, i);
		uint32_t na = hi ? hi[i] + 1 : ct_n_allowed(p, i), b0 = lo ? lo[i] : p->base[i], mk = 0;
		for (uint32_t j = b0 + 1; j < na; j++) {
			uint32_t k = a[j].tp_lost - a[b0].tp_lost;
			if (k <= B) {
				mk = k;
				nopt++;
			}
		}
		if (mk) {
			key[m].maxk = mk;
			key[m].cam = (uint32_t)i;
			m++;
		}
	}
	qsort(key, m, sizeof *key, order_cmp);
	e->m = m;
	e->cam = malloc((m ? m : 1) * sizeof *e->cam);
	e->maxk = malloc((m ? m : 1) * sizeof *e->maxk);
	e->ooff = malloc((m + 1) * sizeof *e->ooff);
	e->ok = malloc((nopt ? nopt : 1) * sizeof *e->ok);
	e->os = malloc((nopt ? nopt : 1) * sizeof *e->os);
	e->oidx = malloc((nopt ? nopt : 1) * sizeof *e->oidx);
	if (!e->cam || !e->maxk || !e->ooff || !e->ok || !e->os || !e->oidx)
		goto fail;
	nopt = 0;
	for (size_t j = 0; j < m; j++) {
		uint32_t i = key[j].cam;
		const ct_option *a = ct_allowed(p, i);
		uint32_t na = hi ? hi[i] + 1 : ct_n_allowed(p, i), b0 = lo ? lo[i] : p->base[i];
		e->cam[j] = i;
		e->maxk[j] = key[j].maxk;
		e->ooff[j] = (uint32_t)nopt;
		for (uint32_t o = b0 + 1; o < na; o++) {
			uint32_t k = a[o].tp_lost - a[b0].tp_lost;
			if (k > B)
				break;
			e->ok[nopt] = k;
			e->os[nopt] = a[o].fp_saved - a[b0].fp_saved;
			e->oidx[nopt] = o;
			nopt++;
		}
	}
	e->ooff[m] = (uint32_t)nopt;
	free(key);
	key = NULL;

	/* Blocks of about sqrt(B) thefts of loss each; wider when the rows
	 * entering them would pass ROW_MEMORY (many thefts: the largest
	 * losses add up to far more than B), which only makes a
	 * reconstruction's window wider. */
	uint64_t width = (uint64_t)sqrt((double)B), sum_maxk = 0;
	if (width < 32)
		width = 32;
	for (size_t j = 0; j < m; j++)
		sum_maxk += e->maxk[j];
	double rows_bytes = (double)sum_maxk / (double)width * ((double)B + 1) * sizeof(uint32_t);
	if (rows_bytes > ROW_MEMORY)
		width = (uint64_t)ceil((double)sum_maxk * ((double)B + 1) * sizeof(uint32_t) / ROW_MEMORY);
	size_t nb = 0;
	uint64_t acc = 0;
	for (size_t j = 0; j < m; j++) {
		if (block_starts(j, acc, e->maxk[j], width)) {
			nb++;
			acc = 0;
		}
		acc += e->maxk[j];
	}
	e->bfirst = malloc((nb + 1) * sizeof *e->bfirst);
	e->rlen = malloc((nb ? nb : 1) * sizeof *e->rlen);
	e->row = calloc(nb ? nb : 1, sizeof *e->row);
	if (!e->bfirst || !e->rlen || !e->row)
		goto fail;

	/* The programme itself. */
	pass_fn *pass = choose_pass();
	uint64_t S = 0; /* cur[0..S] is meaningful; beyond it, equal to cur[S] */
	acc = 0;
	size_t bi = 0;
	for (size_t j = 0; j < m; j++) {
		if (block_starts(j, acc, e->maxk[j], width)) {
			e->bfirst[bi] = (uint32_t)j;
			e->rlen[bi] = (uint32_t)S;
			e->row[bi] = malloc((S + 1) * sizeof **e->row);
			if (!e->row[bi])
				goto fail;
			memcpy(e->row[bi], cur, (S + 1) * sizeof *cur);
			e->nb = ++bi;
			acc = 0;
		}
		acc += e->maxk[j];
		uint64_t Sn = S + e->maxk[j];
		if (Sn > B)
			Sn = B;
		for (uint64_t b = S + 1; b <= Sn; b++)
			cur[b] = cur[S];
		uint32_t o0 = e->ooff[j], no = e->ooff[j + 1] - o0;
		if (S == 0)
			first_pass(cur, Sn + 1, e->ok + o0, e->os + o0, no);
		else
			pass(cur, Sn + 1, e->ok + o0, e->os + o0, no, e->maxk[j]);
		S = Sn;
	}
	e->bfirst[nb] = (uint32_t)m;
	for (uint64_t b = S + 1; b <= B; b++)
		cur[b] = cur[S];
	e->F = cur;
	return e;
fail:
	free(key);
	free(cur);
	ct_exact_cache_free(e);
	return NULL;
}

/* Walk back from budget x (<= B), writing each programme camera's chosen
 * option into out (cameras not written keep their base). */
static int reconstruct(const ct_problem *p, const ct_exact_cache *e,
                       uint32_t x, ct_solution *out)
{
	uint32_t *A = NULL, *N = NULL, *ch = NULL;
	size_t cap_w = 0, cap_ch = 0;
	int rc = 0;
	for (size_t bl = e->nb; bl-- > 0;) {
		uint32_t f = e->bfirst[bl], l = e->bfirst[bl + 1];
		uint64_t W = 0;
		for (uint32_t j = f; j < l; j++)
			W += e->maxk[j];
		uint32_t lo = x > W ? (uint32_t)(x - W) : 0;
		size_t w = (size_t)x - lo + 1, nc = l - f;
		if (w > cap_w) {
			free(A);
			free(N);
			A = malloc(w * sizeof *A);
			N = malloc(w * sizeof *N);
			cap_w = w;
			if (!A || !N) {
				rc = -1;
				break;
			}
		}
		if (w * nc > cap_ch) {
			free(ch);
			ch = malloc(w * nc * sizeof *ch);
			cap_ch = w * nc;
			if (!ch) {
				rc = -1;
				break;
			}
		}
		const uint32_t *rin = e->row[bl];
		for (size_t t = 0; t < w; t++)
			A[t] = rin[lo + t <= e->rlen[bl] ? lo + t : e->rlen[bl]];
		/* Re-run the block on [lo, x].  Entries near lo may come out
		 * too small (their sources lie below the window), but the path
		 * back from x never reaches them: camera j's position on it
		 * is at least x minus the largest losses of the cameras after
		 * it in the block. */
		for (uint32_t j = f; j < l; j++) {
			uint32_t *c = ch + (size_t)(j - f) * w;
			memcpy(N, A, w * sizeof *N);
			memset(c, 0, w * sizeof *c);
			for (uint32_t o = e->ooff[j]; o < e->ooff[j + 1]; o++) {
				uint32_t k = e->ok[o];
				if (k < w)
					relax_note(N + k, A, c + k, w - k, e->os[o],
					           o - e->ooff[j] + 1);
			}
			uint32_t *tmp = A;
			A = N;
			N = tmp;
		}
		for (uint32_t j = l; j-- > f;) {
			uint32_t c = ch[(size_t)(j - f) * w + (x - lo)];
			if (c) {
				uint32_t o = e->ooff[j] + c - 1;
				out->setting[e->cam[j]] =
				    ct_allowed(p, e->cam[j])[e->oidx[o]];
				x -= e->ok[o];
			}
		}
	}
	free(A);
	free(N);
	free(ch);
	return rc;
}

/* Make sure the cache covers budget need (UINT64_MAX: everything). */
static int exact_get(ct_problem *p, uint64_t need)
{
	uint64_t full = p->max_extra_loss;
	if (need > full)
		need = full;
	if (p->exact && p->exact->B >= need)
		return 0;
	if (full > UINT32_MAX || p->ds->n_fp > UINT32_MAX)
		return -1; /* beyond the 32-bit rows */
	/* grow geometrically: an explorer raising the target step by step
	 * should not rebuild every time */
	if (p->exact) {
		uint64_t twice = 2 * (uint64_t)p->exact->B;
		if (need < twice)
			need = twice < full ? twice : full;
	}
	ct_exact_cache *e = exact_build(p, (uint32_t)need, NULL, NULL);
	if (!e)
		return -1;
	ct_exact_cache_free(p->exact);
	p->exact = e;
	return 0;
}

/* The smallest budget of e whose programme reaches target (base_saved:
 * the FP its bases save), or, unreachable, the smallest reaching the
 * most; then that solution into out, whose settings hold the bases. */
static int solve_with(const ct_problem *p, const ct_exact_cache *e, uint64_t base_saved,
                      double target, ct_solution *out)
{
	uint32_t lo = 0, hi = e->B + 1;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if ((double)base_saved + e->F[mid] >= target)
			hi = mid;
		else
			lo = mid + 1;
	}
	if (lo > e->B) {
		uint32_t best = e->F[e->B];
		lo = 0;
		hi = e->B;
		while (lo < hi) {
			uint32_t mid = lo + (hi - lo) / 2;
			if (e->F[mid] >= best)
				hi = mid;
			else
				lo = mid + 1;
		}
	}
	if (reconstruct(p, e, lo, out) < 0)
		return -1;
	ct_solution_total(out);
	return 0;
}

/* Above this many option x budget steps (an upper bound: rows grow with
 * the cameras), one target not covered by a cached programme is solved
 * on the reduced programme when that is less work; below it the whole
 * programme is built and cached (the explorer re-solves from it). */
#define FULL_PROGRAMME_WORK 2e9
static int reduce_always_for_tests;

/* One target without the whole programme (doc/domain.md "Strategies"),
 * exact all the same.  With the LP relaxation's multiplier lambda (the
 * hull step that reaches the target), every option k of camera i has a
 * reduced cost r = (lost - lambda saved) - min over the camera's options
 * of the same, >= 0, and any solution x saving at least the target loses
 *     lost(x) >= LB + sum over cameras of r(x_i),
 * LB = sum of the minima + lambda target (the LP bound).  The hull's own
 * integer solution loses U; so a solution losing at most U -- the optimum
 * among them, and every solution as good -- uses only options with
 * r <= U - LB.  Per camera those lie in a range of its options, usually
 * one option (the camera is fixed) or a few near the margin; the
 * programme runs on those ranges alone, with a budget of U minus the
 * ranges' lowest losses.  full: the whole programme's work (as
 * full_work).  Returns 1 solved, 0 when the reduction does not pay (the
 * caller runs the whole programme), -1 out of memory. */
static int solve_reduced(ct_problem *p, double target, double full, ct_solution *out)
{
	double lambda;
	uint64_t U;
	int r = ct_hull_lambda(p, target, &lambda, &U);
	if (r <= 0)
		return r; /* out of reach: the whole programme says what is reached */
	uint32_t *lo = malloc((p->n ? p->n : 1) * sizeof *lo);
	uint32_t *hi = malloc((p->n ? p->n : 1) * sizeof *hi);
	double *m = malloc((p->n ? p->n : 1) * sizeof *m);
	if (!lo || !hi || !m) {
		free(lo), free(hi), free(m);
		return -1;
	}
	double LB = lambda * target, scale = lambda * target + (double)U + 1;
	for (size_t i = 0; i < p->n; i++) {
		const ct_option *a = ct_allowed(p, i);
		uint32_t na = ct_n_allowed(p, i);
		double best = INFINITY;
		for (uint32_t j = p->base[i]; j < na; j++) {
			double v = (double)a[j].tp_lost - lambda * (double)a[j].fp_saved;
			best = v < best ? v : best;
		}
		m[i] = best;
		LB += best;
	}
	/* Rounding: a wider range is still exact, a narrower one is not. */
	double gap = (double)U - LB + 1e-9 * scale;
	uint64_t floor_lost = 0, floor_saved = 0, work = 0, n_opt = 0;
	for (size_t i = 0; i < p->n; i++) {
		const ct_option *a = ct_allowed(p, i);
		uint32_t na = ct_n_allowed(p, i), l = UINT32_MAX, h = 0;
		for (uint32_t j = p->base[i]; j < na; j++)
			if ((double)a[j].tp_lost - lambda * (double)a[j].fp_saved - m[i] <= gap) {
				if (l == UINT32_MAX)
					l = j;
				h = j;
			}
		lo[i] = l;
		hi[i] = h;
		floor_lost += a[l].tp_lost;
		floor_saved += a[l].fp_saved;
		n_opt += h - l;
	}
	free(m);
	int rc = 0;
	uint64_t B = U - floor_lost;
	work = n_opt * B;
	if (B > UINT32_MAX || (!reduce_always_for_tests && (double)work > full))
		goto out; /* rc 0: the whole programme */
	ct_exact_cache *e = exact_build(p, (uint32_t)B, lo, hi);
	if (!e || ct_solution_setup(p, CT_EXACT, target, out) < 0) {
		ct_exact_cache_free(e);
		rc = -1;
		goto out;
	}
	for (size_t i = 0; i < p->n; i++)
		out->setting[i] = ct_allowed(p, i)[lo[i]];
	rc = solve_with(p, e, floor_saved, target, out) < 0 ? -1 : 1;
	if (rc < 0)
		ct_solution_free(out);
	ct_exact_cache_free(e);
out:
	free(lo);
	free(hi);
	return rc;
}

/* Test-only switch, not in a header: every target not covered by a cached
 * programme is solved by solve_reduced, so the property tests compare it
 * with brute force on small fleets too. */
void ct_exact_test_reduce_always(int on);
void ct_exact_test_reduce_always(int on)
{
	reduce_always_for_tests = on;
}

/* Work of the whole programme up to budget need: options x row length,
 * the rows growing with the cameras' largest losses (an upper bound). */
static double full_work(const ct_problem *p, uint64_t need)
{
	double w = 0;
	for (size_t i = 0; i < p->n; i++) {
		uint32_t na = ct_n_allowed(p, i), b = p->base[i];
		w += (double)(na - b - 1);
	}
	return w * (double)need;
}

int ct_exact_solve(ct_problem *p, double target, ct_solution *out)
{
	uint64_t need;
	if (ct_hull_budget(p, target, &need) < 0)
		return -1;
	/* A cached programme answers at once (the explorer's re-solves);
	 * a big one is not built for one target. */
	bool cached = p->exact && (p->exact->B >= need || p->exact->B >= p->max_extra_loss);
	double full = cached ? 0 : full_work(p, need);
	if (!cached && (reduce_always_for_tests || full > FULL_PROGRAMME_WORK)) {
		int r = solve_reduced(p, target, full, out);
		if (r != 0)
			return r < 0 ? -1 : 0;
	}
	if (exact_get(p, need) < 0 || ct_solution_setup(p, CT_EXACT, target, out) < 0)
		return -1;
	for (size_t i = 0; i < p->n; i++)
		out->setting[i] = ct_allowed(p, i)[p->base[i]];
	if (solve_with(p, p->exact, p->base_saved, target, out) < 0) {
		ct_solution_free(out);
		return -1;
	}
	return 0;
}

/* The bounded frontier's work (ct_problem_bound_exact_frontier), in the
 * units of full_work: about a second on the benchmark machine. */
static double frontier_work = 2e10;

/* Test-only, not in a header: a smaller bound, so small fleets are cut. */
void ct_exact_test_frontier_work(double w);
void ct_exact_test_frontier_work(double w)
{
	frontier_work = w;
}

void ct_problem_bound_exact_frontier(ct_problem *p, bool on)
{
	p->bounded_frontier = on;
}

int ct_exact_frontier(ct_problem *p, ct_frontier *out)
{
	uint64_t need = UINT64_MAX;
	if (p->bounded_frontier && full_work(p, p->max_extra_loss) > frontier_work) {
		double per = full_work(p, 1);
		need = (uint64_t)(frontier_work / (per > 1 ? per : 1));
		if (need < 1)
			need = 1;
	}
	if (exact_get(p, need) < 0 || ct_frontier_setup(p, CT_EXACT, out) < 0)
		return -1;
	const ct_exact_cache *e = p->exact;
	if (e->B < p->max_extra_loss && p->base_lost + (uint64_t)e->B + 1 < out->n)
		out->n = (size_t)(p->base_lost + e->B + 1); /* exact only so far */
	for (size_t k = 0; k < out->n; k++) {
		if (k < p->base_lost)
			continue; /* no solution loses fewer: left at 0 */
		uint64_t b = k - p->base_lost;
		out->fp_saved[k] = p->base_saved + e->F[b < e->B ? b : e->B];
	}
	return 0;
}
