/* test_property.c -- every strategy against a brute-force oracle on many
 * seeded random small fleets (ties, negative scores, theft-free cameras,
 * with and without constraints).
 *
 * The oracle does not use ct_camera_options: for each camera it applies
 * every distinct score (and one above them all) with ct_camera_apply,
 * keeps what the constraints allow, and tries every combination.
 *
 * Checked per instance: exact frontier == brute force and monotone; exact
 * solve == brute force (fewest thefts, then most FP) for several targets;
 * no strategy beats exact; hull's bound <= exact; every solution honours
 * the constraints and its totals recount with ct_camera_kept; no
 * strategy's frontier lies above exact's or below its own solutions.
 *
 * And a problem derived from another after a few cameras' constraints
 * changed (ct_problem_derive, as the explorer does at each lock) gives
 * exactly the solutions, frontiers and expected figures of a problem built
 * afresh with the same constraints.
 */
#include "config.h"

#include "core/optimise.h"
#include "core/optimise_impl.h" /* ct_robust_solve_crossing */
#include "../tap.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* In opt_exact.c, for tests only: every target not covered by a cached
 * programme goes through the reduced programme (the Lagrangian ranges
 * around the hull's multiplier), however small the fleet. */
void ct_exact_test_reduce_always(int on);
/* The bounded frontier's work (ct_problem_bound_exact_frontier). */
void ct_exact_test_frontier_work(double w);

#define N_INSTANCES 1500
#define MAX_CAMS 4
#define MAX_SET 12

static uint64_t rs;
static int n_cut; /* larger fleets whose bounded frontier was cut */
static uint32_t rnd(uint32_t n)
{
	rs ^= rs << 13;
	rs ^= rs >> 7;
	rs ^= rs << 17;
	return (uint32_t)((rs >> 11) % n);
}

static double score(void)
{
	switch (rnd(8)) {
	case 0: return -(double)rnd(3) / 4;  /* out of range, and ties */
	case 1: return 1.0;
	default: return (double)rnd(9) / 8; /* a coarse grid: many ties */
	}
}

typedef struct oracle_set {
	uint32_t lost[MAX_SET], saved[MAX_SET];
	int n;
} oracle_set;

static int fails;

/* Camera i + 1 of store "s". */
static int32_t numbered_camera(ct_builder *b, size_t i)
{
	char id[24];
	snprintf(id, sizeof id, "%zu", i + 1);
	return ct_builder_camera(b, "s", 1, id, strlen(id));
}

static void check(int cond, unsigned inst, const char *what)
{
	if (!cond) {
		fails++;
		if (fails < 20)
			tap_diag("instance %u: %s", inst, what);
	}
}

/* What the oracle allows camera c to do under the constraints. */
static void oracle_settings(const ct_camera *c, const ct_constraints *k,
                            size_t i, oracle_set *o)
{
	double cand[64];
	int n = 0;
	for (uint32_t j = 0; j < c->n_tp; j++)
		cand[n++] = c->tp[j];
	for (uint32_t j = 0; j < c->n_fp; j++)
		cand[n++] = c->fp[j];
	cand[n++] = 2.0; /* above every score */
	o->n = 0;
	if (k->excluded && k->excluded[i]) {
		n = 1;
		cand[0] = -10;
	} else if (k->locked && !isnan(k->locked[i])) {
		n = 1;
		cand[0] = k->locked[i];
	}
	/* a lock or an exclusion overrides the minimum recall */
	uint32_t cap = UINT32_MAX;
	if (n > 1 && k->min_recall > 0 && c->n_tp > 0)
		cap = (uint32_t)floor((1 - k->min_recall) * c->n_tp + 1e-9);
	for (int j = 0; j < n; j++) {
		ct_option a = ct_camera_apply(c, cand[j]);
		if (a.tp_lost > cap)
			continue;
		int dup = 0;
		for (int q = 0; q < o->n; q++)
			dup |= o->lost[q] == a.tp_lost && o->saved[q] == a.fp_saved;
		if (!dup && o->n < MAX_SET) {
			o->lost[o->n] = a.tp_lost;
			o->saved[o->n] = a.fp_saved;
			o->n++;
		}
	}
}

/* best[L] = most FP saved losing exactly L (or -1); over all combos */
static void oracle_all(const oracle_set *s, size_t n, size_t i, uint32_t lost,
                       uint32_t saved, int64_t *best)
{
	if (i == n) {
		if ((int64_t)saved > best[lost])
			best[lost] = saved;
		return;
	}
	for (int j = 0; j < s[i].n; j++)
		oracle_all(s, n, i + 1, lost + s[i].lost[j], saved + s[i].saved[j],
		           best);
}

/* Does the solution honour the constraints and recount to its totals? */
static void check_solution(const ct_dataset *ds, const ct_constraints *k,
                           const ct_solution *s, unsigned inst)
{
	uint64_t lost = 0, saved = 0;
	int good = s->n_cameras == ds->n_cameras;
	for (size_t i = 0; good && i < ds->n_cameras; i++) {
		const ct_camera *c = &ds->cameras[i];
		const ct_option *o = &s->setting[i];
		ct_kept kept = ct_camera_kept(c, o->threshold);
		good &= c->n_tp - kept.tp_kept == o->tp_lost;
		good &= c->n_fp - kept.fp_kept == o->fp_saved;
		good &= o->muted == (kept.tp_kept + kept.fp_kept == 0);
		lost += c->n_tp - kept.tp_kept;
		saved += c->n_fp - kept.fp_kept;
		if (k->excluded && k->excluded[i])
			good &= o->tp_lost == 0 && o->fp_saved == 0;
		bool fixed = (k->excluded && k->excluded[i]) ||
		             (k->locked && !isnan(k->locked[i]));
		if (k->locked && !isnan(k->locked[i]) &&
		    !(k->excluded && k->excluded[i]))
			good &= o->threshold == k->locked[i];
		if (!fixed && k->min_recall > 0 && c->n_tp > 0)
			good &= kept.tp_kept >= k->min_recall * c->n_tp - 1e-9;
	}
	good &= lost == s->tp_lost && saved == s->fp_saved;
	good &= s->target_met == ((double)s->fp_saved >= s->target);
	check(good, inst, ct_strategy_name(s->strategy));
}

static void one_instance(unsigned inst)
{
	ct_builder *b = ct_builder_new();
	size_t ncam = 1 + rnd(MAX_CAMS);
	for (size_t i = 0; i < ncam; i++) {
		int32_t c = numbered_camera(b, i);
		uint32_t ntp = rnd(5), nfp = rnd(7);
		if (ntp + nfp == 0)
			nfp = 1;
		for (uint32_t j = 0; j < ntp; j++)
			ct_builder_add(b, (uint32_t)c, score(), true);
		for (uint32_t j = 0; j < nfp; j++)
			ct_builder_add(b, (uint32_t)c, score(), false);
	}
	ct_dataset *ds = ct_builder_finish(b);
	ct_options *opts = ct_options_build(ds);

	/* constraints: none for a third of the instances */
	uint8_t excl[MAX_CAMS];
	double lock[MAX_CAMS];
	ct_constraints k = {0, NULL, NULL};
	if (inst % 3) {
		const double recalls[] = {0, 0, 0.5, 0.6, 0.75, 1.0};
		k.min_recall = recalls[rnd(6)];
		if (rnd(2)) {
			for (size_t i = 0; i < ncam; i++)
				excl[i] = rnd(4) == 0;
			k.excluded = excl;
		}
		if (rnd(2)) {
			for (size_t i = 0; i < ncam; i++)
				lock[i] = rnd(4) == 0 ? score() : NAN;
			k.locked = lock;
		}
	}
	ct_problem *p = ct_problem_new(ds, opts, &k);
	ct_problem *pr = ct_problem_new(ds, opts, &k);

	oracle_set set[MAX_CAMS];
	uint32_t total_tp = (uint32_t)ds->n_tp;
	for (size_t i = 0; i < ncam; i++)
		oracle_settings(&ds->cameras[i], &k, i, &set[i]);
	int64_t exact_at[32], atmost[32];
	for (uint32_t l = 0; l <= total_tp; l++)
		exact_at[l] = -1;
	oracle_all(set, ncam, 0, 0, 0, exact_at);
	int64_t run = -1;
	for (uint32_t l = 0; l <= total_tp; l++) {
		if (exact_at[l] > run)
			run = exact_at[l];
		atmost[l] = run;
	}
	uint64_t maxs = (uint64_t)(run < 0 ? 0 : run);
	check(ct_problem_max_saving(p) == maxs, inst, "max saving");

	/* exact frontier == oracle, monotone */
	ct_frontier fe;
	check(ct_frontier_compute(p, CT_EXACT, &fe) == 0, inst, "frontier rc");
	int good = fe.n == total_tp + 1u;
	for (size_t l = 0; good && l < fe.n; l++) {
		good &= fe.fp_saved[l] == (uint64_t)(atmost[l] < 0 ? 0 : atmost[l]);
		if (l)
			good &= fe.fp_saved[l] >= fe.fp_saved[l - 1];
	}
	check(good, inst, "exact frontier == brute force");
	for (int st = 1; st < CT_N_STRATEGIES; st++) {
		ct_frontier f;
		check(ct_frontier_compute(p, (ct_strategy)st, &f) == 0, inst,
		      "frontier rc");
		int below = f.n == fe.n;
		for (size_t l = 0; below && l < f.n; l++)
			below &= f.fp_saved[l] <= fe.fp_saved[l];
		check(below, inst, "a frontier above exact");
		ct_frontier_free(&f);
	}

	/* targets: 0, every reachable value, half-way values, beyond */
	double targets[40];
	int nt = 0;
	targets[nt++] = 0;
	for (uint64_t v = 1; v <= maxs && nt < 30; v += 1 + rnd(3)) {
		targets[nt++] = (double)v;
		targets[nt++] = (double)v - 0.5;
	}
	targets[nt++] = (double)maxs;
	targets[nt++] = (double)maxs + 0.25;
	for (int t = 0; t < nt; t++) {
		double T = targets[t];
		/* oracle: fewest thefts reaching T, then the most FP */
		int64_t want_lost = -1, want_saved = -1;
		for (uint32_t l = 0; l <= total_tp && want_lost < 0; l++)
			if (exact_at[l] >= 0 && (double)exact_at[l] >= T) {
				want_lost = l;
				want_saved = exact_at[l];
			}
		ct_solution s[CT_N_STRATEGIES];
		for (int st = 0; st < CT_N_STRATEGIES; st++) {
			check(ct_solve(p, (ct_strategy)st, T, &s[st]) == 0, inst,
			      "solve rc");
			check_solution(ds, &k, &s[st], inst);
		}
		/* the reduced programme, on a problem without a cached one */
		ct_solution sr;
		ct_exact_test_reduce_always(1);
		check(ct_solve(pr, CT_EXACT, T, &sr) == 0, inst, "reduced solve rc");
		ct_exact_test_reduce_always(0);
		check_solution(ds, &k, &sr, inst);
		if (want_lost >= 0)
			check(sr.target_met && sr.tp_lost == (uint64_t)want_lost &&
			          sr.fp_saved == (uint64_t)want_saved,
			      inst, "reduced exact == brute force");
		ct_solution_free(&sr);
		if (want_lost >= 0) {
			check(s[CT_EXACT].target_met &&
			          s[CT_EXACT].tp_lost == (uint64_t)want_lost &&
			          s[CT_EXACT].fp_saved == (uint64_t)want_saved,
			      inst, "exact == brute force");
			check(s[CT_HULL].target_met, inst, "hull reaches");
			check(s[CT_HULL].lower_bound <=
			          (double)s[CT_EXACT].tp_lost + 1e-9,
			      inst, "hull bound <= exact");
		} else {
			/* unreachable: the most FP, with the fewest thefts */
			int64_t l0 = 0;
			while (atmost[l0] < (int64_t)maxs)
				l0++;
			check(!s[CT_EXACT].target_met &&
			          s[CT_EXACT].fp_saved == maxs &&
			          s[CT_EXACT].tp_lost == (uint64_t)l0,
			      inst, "exact unreachable");
		}
		for (int st = 1; st < CT_N_STRATEGIES; st++) {
			if (s[st].target_met)
				check(s[st].tp_lost >= s[CT_EXACT].tp_lost, inst,
				      "a strategy beat exact");
			check(s[st].fp_saved <=
			          fe.fp_saved[s[st].tp_lost < fe.n ? s[st].tp_lost
			                                           : fe.n - 1],
			      inst, "a solution above the exact frontier");
		}
		for (int st = 0; st < CT_N_STRATEGIES; st++)
			ct_solution_free(&s[st]);
	}
	/* each strategy's own frontier covers its solutions; not robust's,
	 * whose frontier is the path of its expected-loss order: the margin
	 * and the crossing camera's own threshold put a solution off it */
	for (int st = 0; st < CT_N_STRATEGIES; st++) {
		if (st == CT_ROBUST)
			continue;
		ct_frontier f;
		ct_frontier_compute(p, (ct_strategy)st, &f);
		for (int t = 0; t < nt; t++) {
			ct_solution s;
			ct_solve(p, (ct_strategy)st, targets[t], &s);
			check(s.tp_lost < f.n && f.fp_saved[s.tp_lost] >= s.fp_saved,
			      inst, "a solution above its own frontier");
			ct_solution_free(&s);
		}
		ct_frontier_free(&f);
	}
	ct_frontier_free(&fe);
	ct_problem_free(p);
	ct_problem_free(pr);
	ct_options_free(opts);
	ct_dataset_free(ds);
}

/* Larger fleets (many programme blocks in exact): the exact frontier and
 * solves against a plain reference programme over the oracle's settings. */
static void one_large(unsigned inst)
{
	ct_builder *b = ct_builder_new();
	size_t ncam = 100 + rnd(300);
	for (size_t i = 0; i < ncam; i++) {
		int32_t c = numbered_camera(b, i);
		uint32_t ntp = rnd(4) ? rnd(4) : rnd(12), nfp = 1 + rnd(6);
		for (uint32_t j = 0; j < ntp; j++)
			ct_builder_add(b, (uint32_t)c, score(), true);
		for (uint32_t j = 0; j < nfp; j++)
			ct_builder_add(b, (uint32_t)c, score(), false);
	}
	ct_dataset *ds = ct_builder_finish(b);
	ct_options *opts = ct_options_build(ds);
	ct_constraints k = {inst % 2 ? 0.5 : 0, NULL, NULL};
	ct_problem *p = ct_problem_new(ds, opts, &k);
	ct_problem *pr = ct_problem_new(ds, opts, &k);
	size_t L = ds->n_tp;
	int64_t *f = malloc((L + 1) * sizeof *f), *g = malloc((L + 1) * sizeof *g);
	for (size_t l = 0; l <= L; l++)
		f[l] = -1;
	f[0] = 0;
	for (size_t i = 0; i < ncam; i++) {
		oracle_set s;
		oracle_settings(&ds->cameras[i], &k, i, &s);
		for (size_t l = 0; l <= L; l++)
			g[l] = -1;
		for (size_t l = 0; l <= L; l++)
			for (int j = 0; f[l] >= 0 && j < s.n; j++)
				if (l + s.lost[j] <= L &&
				    f[l] + s.saved[j] > g[l + s.lost[j]])
					g[l + s.lost[j]] = f[l] + s.saved[j];
		int64_t *t = f;
		f = g;
		g = t;
	}
	int64_t run = -1;
	for (size_t l = 0; l <= L; l++) {
		if (f[l] > run)
			run = f[l];
		g[l] = run; /* at most l */
	}
	ct_frontier fe;
	ct_frontier_compute(p, CT_EXACT, &fe);
	int good = fe.n == L + 1;
	for (size_t l = 0; good && l <= L; l++)
		good &= fe.fp_saved[l] == (uint64_t)(g[l] < 0 ? 0 : g[l]);
	check(good, inst, "large: exact frontier == reference");
	/* bounded: a prefix of the same frontier, cut where the work ends */
	{
		ct_problem *pb = ct_problem_new(ds, opts, &k);
		ct_problem_bound_exact_frontier(pb, true);
		ct_exact_test_frontier_work(50.0 * (1 + inst % 7));
		ct_frontier fb;
		check(ct_frontier_compute(pb, CT_EXACT, &fb) == 0, inst, "bounded frontier rc");
		ct_exact_test_frontier_work(2e10);
		bool cut_ok = fb.n >= 1 && fb.n <= fe.n;
		for (size_t l = 0; cut_ok && l < fb.n; l++)
			cut_ok = fb.fp_saved[l] == fe.fp_saved[l];
		check(cut_ok, inst, "large: bounded exact frontier == a prefix of the reference");
		n_cut += fb.n < fe.n;
		ct_frontier_free(&fb);
		ct_problem_free(pb);
	}
	for (int t = 0; t < 25; t++) {
		double T = (double)rnd((uint32_t)g[L] + 2) + (rnd(2) ? 0.5 : 0);
		size_t want = 0;
		while (want <= L && (double)g[want] < T)
			want++;
		ct_solution s;
		ct_solve(p, CT_EXACT, T, &s);
		check_solution(ds, &k, &s, inst);
		if (want <= L)
			check(s.target_met && s.tp_lost == want &&
			          s.fp_saved == (uint64_t)g[want],
			      inst, "large: exact solve");
		else
			check(!s.target_met && s.fp_saved == (uint64_t)g[L], inst,
			      "large: exact unreachable");
		ct_solution_free(&s);
		ct_exact_test_reduce_always(1);
		ct_solve(pr, CT_EXACT, T, &s);
		ct_exact_test_reduce_always(0);
		check_solution(ds, &k, &s, inst);
		if (want <= L)
			check(s.target_met && s.tp_lost == want &&
			          s.fp_saved == (uint64_t)g[want],
			      inst, "large: reduced exact solve");
		ct_solution_free(&s);
		ct_solve(p, CT_HULL, T, &s);
		check_solution(ds, &k, &s, inst);
		if (want <= L)
			check(s.lower_bound <= (double)want + 1e-9 &&
			          s.tp_lost >= want,
			      inst, "large: hull around exact");
		ct_solution_free(&s);
	}
	ct_frontier_free(&fe);
	free(f);
	free(g);
	ct_problem_free(p);
	ct_problem_free(pr);
	ct_options_free(opts);
	ct_dataset_free(ds);
}

/* Same settings, totals and expected figures. */
static int same_solution(const ct_solution *x, const ct_solution *y)
{
	if (x->n_cameras != y->n_cameras || x->tp_lost != y->tp_lost ||
	    x->fp_saved != y->fp_saved || x->target_met != y->target_met)
		return 0;
	for (size_t i = 0; i < x->n_cameras; i++) {
		const ct_option *a = &x->setting[i], *b = &y->setting[i];
		if (a->tp_lost != b->tp_lost || a->fp_saved != b->fp_saved || a->muted != b->muted ||
		    memcmp(&a->threshold, &b->threshold, sizeof a->threshold) != 0) {
			tap_diag("  camera %zu: %.17g %u %u %d vs %.17g %u %u %d", i, a->threshold, a->tp_lost,
			         a->fp_saved, a->muted, b->threshold, b->tp_lost, b->fp_saved, b->muted);
			return 0;
		}
	}
	return 1;
}

static int same_expectation(const ct_expectation *x, const ct_expectation *y)
{
	return memcmp(x, y, sizeof *x) == 0;
}

/* Derived problems against fresh ones: a fleet, random constraints, then
 * rounds of changing a few cameras (a lock, a mute, an exclusion, a
 * release; now and then every camera, or min_recall). */
static void one_derive(unsigned inst)
{
	ct_builder *b = ct_builder_new();
	size_t ncam = 2 + rnd(60);
	for (size_t i = 0; i < ncam; i++) {
		int32_t c = numbered_camera(b, i);
		uint32_t ntp = rnd(3) ? rnd(5) : 0, nfp = rnd(4) ? 1 + rnd(40) : rnd(3);
		if (ntp + nfp == 0)
			nfp = 1;
		for (uint32_t j = 0; j < ntp; j++)
			ct_builder_add(b, (uint32_t)c, score(), true);
		for (uint32_t j = 0; j < nfp; j++)
			ct_builder_add(b, (uint32_t)c, rnd(2) ? score() : (double)rnd(1000) / 999, false);
	}
	ct_dataset *ds = ct_builder_finish(b);
	ct_options *opts = ct_options_build(ds);
	uint8_t *excl = calloc(ncam, 1);
	double *lock = malloc(ncam * sizeof *lock);
	for (size_t i = 0; i < ncam; i++)
		lock[i] = rnd(5) == 0 ? score() : NAN;
	ct_constraints k = {rnd(4) == 0 ? 0.5 : 0, excl, lock};
	ct_model_params mp;
	ct_model_defaults(&mp);
	mp.confidence = rnd(2) ? 0.9 : 0.6;
	ct_problem *cur = ct_problem_new(ds, opts, &k);
	ct_problem_set_model_params(cur, &mp);
	const ct_strategy strategies[] = {CT_ROBUST, CT_EXACT, CT_HULL, CT_UNIFORM, CT_GREEDY, CT_LAZY};
	for (int round = 0; round < 6; round++) {
		/* what the explorer has computed before the change */
		ct_solution warm;
		check(ct_solve(cur, strategies[rnd(6)], (double)rnd((uint32_t)ds->n_fp + 1), &warm) == 0,
		      inst, "solve rc");
		ct_solution_free(&warm);
		bool have_warm = ct_solve(cur, CT_ROBUST, (double)rnd((uint32_t)ds->n_fp + 1), &warm) == 0;
		size_t changes = rnd(8) == 0 ? ncam : 1 + rnd(3);
		for (size_t c = 0; c < changes; c++) {
			size_t i = changes == ncam ? c : rnd((uint32_t)ncam);
			switch (rnd(5)) {
			case 4: /* at what robust chose: read from its candidates */
				if (have_warm) {
					excl[i] = 0;
					lock[i] = warm.setting[i].threshold;
					break;
				}
				/* fall through */
			case 0: excl[i] = 0; lock[i] = score(); break;
			case 1: excl[i] = 0; lock[i] = 2.0; break; /* above every score: keeps none */
			case 2: excl[i] = 1; break;
			default: excl[i] = 0; lock[i] = NAN; break;
			}
		}
		if (have_warm)
			ct_solution_free(&warm);
		if (rnd(6) == 0)
			k.min_recall = k.min_recall > 0 ? 0 : 0.75;
		ct_problem *d = ct_problem_derive(cur, &k);
		ct_problem *f = ct_problem_new(ds, opts, &k);
		ct_problem_set_model_params(f, &mp);
		check(d && f, inst, "derive rc");
		if (!d || !f) {
			ct_problem_free(d);
			ct_problem_free(f);
			break;
		}
		check(ct_problem_max_saving(d) == ct_problem_max_saving(f), inst, "derived max saving");
		for (size_t si = 0; si < sizeof strategies / sizeof *strategies; si++) {
			for (int t = 0; t < 4; t++) {
				double target = t == 0 ? 0 : (double)rnd((uint32_t)ds->n_fp + 2);
				ct_solution x, y;
				int rx = ct_solve(d, strategies[si], target, &x);
				int ry = ct_solve(f, strategies[si], target, &y);
				int same = rx == 0 && ry == 0 && same_solution(&x, &y);
				check(same, inst, "a derived problem's solution is the fresh one's");
				if (!same && fails < 20)
					tap_diag("  %s, target %g: %llu/%llu vs %llu/%llu", ct_strategy_name(strategies[si]),
					         target, (unsigned long long)x.tp_lost, (unsigned long long)x.fp_saved,
					         (unsigned long long)y.tp_lost, (unsigned long long)y.fp_saved);
				ct_expectation ex, ey;
				check(ct_solution_expect(d, &x, &ex) == 0 && ct_solution_expect(f, &y, &ey) == 0 &&
				      same_expectation(&ex, &ey), inst, "and so are its expected figures");
				ct_solution_free(&x);
				ct_solution_free(&y);
			}
			ct_frontier fx, fy;
			check(ct_frontier_compute(d, strategies[si], &fx) == 0 &&
			      ct_frontier_compute(f, strategies[si], &fy) == 0 && fx.n == fy.n &&
			      memcmp(fx.fp_saved, fy.fp_saved, fx.n * sizeof *fx.fp_saved) == 0,
			      inst, "a derived problem's frontier is the fresh one's");
			ct_frontier_free(&fx);
			ct_frontier_free(&fy);
		}
		/* the base may go first: the derived problem owns what it shares */
		ct_problem_free(cur);
		ct_problem_free(f);
		cur = d;
	}
	ct_problem_free(cur);
	free(excl);
	free(lock);
	ct_options_free(opts);
	ct_dataset_free(ds);
}


/* ---- robust's crossing step against brute force ---------------------------
 * A fleet of 2-6 cameras with continuous scores (a camera's thefts
 * scoring below its normal alerts now and then); for several targets and
 * confidences, no setting of the camera robust decided last (the
 * crossing camera), among every threshold between two distinct FP
 * scores, above them all, the baseline and the mute, keeps the FP target
 * at the confidence with fewer expected thefts lost. */

static double unit_normal(void)
{
	double u = (rnd(1u << 30) + 0.5) / (double)(1u << 30);
	double v = (rnd(1u << 30) + 0.5) / (double)(1u << 30);
	return sqrt(-2 * log(u)) * cos(2 * M_PI * v);
}

static int n_crossed, n_skipped;

static void one_crossing(unsigned inst)
{
	ct_builder *b = ct_builder_new();
	size_t ncam = 2 + rnd(5);
	for (size_t i = 0; i < ncam; i++) {
		int32_t c = numbered_camera(b, i);
		uint32_t ntp = rnd(12), nfp = 20 + rnd(150);
		double mu = unit_normal() - 1, sep = 2 * unit_normal();
		for (uint32_t j = 0; j < ntp; j++)
			ct_builder_add(b, (uint32_t)c, 1 / (1 + exp(-(mu + sep + unit_normal()))), true);
		for (uint32_t j = 0; j < nfp; j++)
			ct_builder_add(b, (uint32_t)c, 1 / (1 + exp(-(mu + unit_normal()))), false);
	}
	ct_dataset *ds = ct_builder_finish(b);
	ct_options *opts = ct_options_build(ds);
	const double confs[] = {0.5, 0.8, 0.9, 0.95};
	const double shares[] = {0.1, 0.3, 0.5, 0.7};
	for (int ci = 0; ci < 4; ci++) {
		ct_problem *p = ct_problem_new(ds, opts, NULL);
		ct_model_params mp;
		ct_model_defaults(&mp);
		mp.confidence = confs[ci];
		ct_problem_set_model_params(p, &mp);
		const ct_model *m = ct_problem_model(p);
		for (int ti = 0; ti < 4; ti++) {
			double target = shares[ti] * (double)ds->n_fp;
			ct_solution sol;
			ct_robust_crossing cr;
			if (ct_robust_solve_crossing(p, target, &sol, &cr) != 0) {
				check(0, inst, "robust solves");
				continue;
			}
			ct_expectation e;
			ct_model_expect(m, sol.setting, shares[ti], &e);
			if (cr.cam != SIZE_MAX) {
				n_crossed++;
				n_skipped += cr.skipped;
				check(e.p_target_met >= confs[ci] - 1e-9, inst, "robust's setting is confident");
				const ct_camera *c = &ds->cameras[cr.cam];
				ct_option keep = sol.setting[cr.cam];
				/* every distinct FP score, one above them all, the mute */
				for (uint32_t f = 0; f <= c->n_fp + 1; f++) {
					ct_option o;
					if (f == c->n_fp + 1) {
						o = (ct_option){INFINITY, c->n_tp, c->n_fp, true};
					} else {
						double t = f == 0 ? -INFINITY
						           : f < c->n_fp ? c->fp[f - 1] + (c->fp[f] - c->fp[f - 1]) / 2
						                         : nextafter(c->fp[c->n_fp - 1], INFINITY);
						if (f > 0 && f < c->n_fp && c->fp[f] == c->fp[f - 1])
							continue;
						o = f == 0 ? ct_camera_baseline(c) : ct_camera_apply(c, t);
					}
					sol.setting[cr.cam] = o;
					ct_expectation x;
					ct_model_expect(m, sol.setting, shares[ti], &x);
					if (x.p_target_met >= confs[ci] + 1e-9 && x.tp_lost < e.tp_lost - 1e-9) {
						check(0, inst, "no setting of the crossing camera does better");
						tap_diag("camera %zu: %.4f at %g vs %.4f", cr.cam, x.tp_lost,
						         o.threshold, e.tp_lost);
						break;
					}
				}
				sol.setting[cr.cam] = keep;
			}
			ct_solution_free(&sol);
		}
		ct_problem_free(p);
	}
	ct_options_free(opts);
	ct_dataset_free(ds);
}

int main(void)
{
	for (unsigned seed = 1; seed <= 3; seed++) {
		rs = 0x9E3779B97F4A7C15ull * seed;
		fails = 0;
		for (unsigned i = 0; i < N_INSTANCES / 3; i++)
			one_instance(i);
		ok(fails == 0, "seed %u: %d random fleets, %d failures", seed,
		   N_INSTANCES / 3, fails);
	}
	rs = 12345;
	fails = 0;
	for (unsigned i = 0; i < 40; i++)
		one_large(i);
	ok(fails == 0, "40 larger fleets against a reference programme, %d "
	   "failures", fails);
	ok(n_cut >= 10, "the bounded exact frontier was cut on %d of the 40", n_cut);
	rs = 777;
	fails = 0;
	for (unsigned i = 0; i < 300; i++)
		one_derive(i);
	ok(fails == 0, "300 fleets, 6 rounds of changed cameras each: a derived problem answers "
	   "as a fresh one, %d failures", fails);
	rs = 4242;
	fails = 0;
	for (unsigned i = 0; i < 200; i++)
		one_crossing(i);
	ok(fails == 0 && n_crossed > 1000,
	   "200 fleets x 4 confidences x 4 targets: no setting of the crossing camera beats "
	   "robust's (%d crossings, %d skipped to the next camera's step), %d failures",
	   n_crossed, n_skipped, fails);
	return tap_done();
}
