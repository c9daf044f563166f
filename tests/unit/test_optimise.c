/* test_optimise.c -- every strategy on a hand-made fleet whose answers were
 * worked out on paper, with and without constraints; target parsing and
 * strategy names. */
#include "config.h"

#include "core/optimise.h"
#include "../tap.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The fleet (store "s", ids 1..4):
 *  1: tp .9             fp .1 .2 .3               options: 0/3 at .9
 *  2: no theft          fp .5 .6                  mute saves 2 for free
 *  3: tp .2 .8          fp .1 .3 .4 .5 .9         0/1, 1/4, mute 2/5
 *  4: tp .5 .6          fp .55 .56 .57 .58 .59 .7 1/5, mute 2/6
 * Free saving 6; beyond it camera 3 adds (1,+3) (2,+4), camera 4 (1,+5)
 * (2,+6).  Exact frontier: 6 11 14 15 16 16. */
static ct_dataset *fleet(void)
{
	static const double tp1[] = {.9}, fp1[] = {.1, .2, .3};
	static const double fp2[] = {.5, .6};
	static const double tp3[] = {.2, .8}, fp3[] = {.1, .3, .4, .5, .9};
	static const double tp4[] = {.5, .6},
	                    fp4[] = {.55, .56, .57, .58, .59, .7};
	struct {
		const double *tp, *fp;
		int ntp, nfp;
	} cam[] = {{tp1, fp1, 1, 3}, {NULL, fp2, 0, 2}, {tp3, fp3, 2, 5},
	           {tp4, fp4, 2, 6}};
	ct_builder *b = ct_builder_new();
	for (int i = 3; i >= 0; i--) { /* fed backwards: order is by id */
		char id[2] = {(char)('1' + i), 0};
		int32_t c = ct_builder_camera(b, "s", 1, id, 1);
		for (int j = 0; j < cam[i].ntp; j++)
			ct_builder_add(b, (uint32_t)c, cam[i].tp[j], true);
		for (int j = 0; j < cam[i].nfp; j++)
			ct_builder_add(b, (uint32_t)c, cam[i].fp[j], false);
	}
	return ct_builder_finish(b);
}

static void is_frontier(ct_problem *p, ct_strategy s, const uint64_t *want,
                        size_t n)
{
	ct_frontier f;
	ok(ct_frontier_compute(p, s, &f) == 0, "%s frontier", ct_strategy_name(s));
	int same = f.n == n;
	for (size_t k = 0; same && k < n; k++)
		same = f.fp_saved[k] == want[k];
	if (!ok(same, "%s frontier values", ct_strategy_name(s)))
		for (size_t k = 0; k < f.n; k++)
			tap_diag("k=%zu got %llu", k,
			         (unsigned long long)f.fp_saved[k]);
	ct_frontier_free(&f);
}

static void is_solve(ct_problem *p, ct_strategy s, double target,
                     unsigned lost, unsigned saved, bool met)
{
	ct_solution sol;
	int rc = ct_solve(p, s, target, &sol);
	ok(rc == 0 && sol.tp_lost == lost && sol.fp_saved == saved &&
	       sol.target_met == met && sol.strategy == s,
	   "%s target %g: lost %u saved %u met %d (got %llu %llu %d)",
	   ct_strategy_name(s), target, lost, saved, met,
	   (unsigned long long)sol.tp_lost, (unsigned long long)sol.fp_saved,
	   sol.target_met);
	ct_solution_free(&sol);
}

static void test_unconstrained(const ct_dataset *ds, const ct_options *o)
{
	ct_constraints none = {0, NULL, NULL};
	ct_problem *p = ct_problem_new(ds, o, &none);
	ok(p != NULL, "problem");
	is_int(ct_problem_max_saving(p), 16, "max saving");

	const uint64_t ex[] = {6, 11, 14, 15, 16, 16};
	is_frontier(p, CT_EXACT, ex, 6);
	is_solve(p, CT_EXACT, 1.6, 0, 6, true);
	is_solve(p, CT_EXACT, 6, 0, 6, true);
	is_solve(p, CT_EXACT, 6.5, 1, 11, true);
	is_solve(p, CT_EXACT, 12, 2, 14, true);
	is_solve(p, CT_EXACT, 14.5, 3, 15, true);
	is_solve(p, CT_EXACT, 16, 4, 16, true);
	is_solve(p, CT_EXACT, 17, 4, 16, false);

	ct_solution s;
	ct_solve(p, CT_EXACT, 12, &s);
	/* camera 3 at .8 (1 lost, 4 saved), camera 4 at .6 (1 lost, 5) */
	ok(s.setting[2].threshold == .8 && s.setting[3].threshold == .6,
	   "exact thresholds for 12");
	ok(s.setting[0].threshold == .9 && s.setting[1].muted,
	   "exact takes the free FPs");
	ok(isnan(s.lower_bound), "exact has no bound");
	ct_solution_free(&s);

	/* hull: D1 (slope 5), C1 (3), C2 (1), D2 (1) */
	is_frontier(p, CT_HULL, ex, 6);
	is_solve(p, CT_HULL, 12, 2, 14, true);
	ct_solve(p, CT_HULL, 12, &s);
	is_double(s.lower_bound, 1 + 1.0 / 3, 1e-12, "hull LP bound");
	ct_solution_free(&s);
	ct_solve(p, CT_HULL, 17, &s);
	ok(!s.target_met && s.fp_saved == 16 && isnan(s.lower_bound),
	   "hull unreachable: the most, no bound");
	ct_solution_free(&s);
	ct_solve(p, CT_HULL, 3, &s);
	is_double(s.lower_bound, 0, 0, "hull bound when the free FPs do");
	ct_solution_free(&s);

	/* uniform: global .59 saves 12 and loses .2 and .5 */
	const uint64_t un[] = {2, 6, 13, 15, 15, 16};
	is_frontier(p, CT_UNIFORM, un, 6);
	is_solve(p, CT_UNIFORM, 12, 2, 12, true);
	ct_solve(p, CT_UNIFORM, 12, &s);
	ok(s.setting[0].threshold == .59 && s.setting[3].threshold == .59,
	   "uniform threshold is the score .59");
	ct_solution_free(&s);
	is_solve(p, CT_UNIFORM, 14.5, 3, 15, true);
	is_solve(p, CT_UNIFORM, 16, 5, 16, true);
	is_solve(p, CT_UNIFORM, 0, 0, 0, true);

	/* greedy: 1, 2, 3 (ratio 0, by FP saved), then 4 (1/5); stalls */
	const uint64_t gr[] = {6, 11, 11, 11, 11, 11};
	is_frontier(p, CT_GREEDY, gr, 6);
	is_solve(p, CT_GREEDY, 12, 1, 11, false);
	is_solve(p, CT_GREEDY, 5, 0, 5, true);
	is_solve(p, CT_GREEDY, 8, 1, 11, true);
	/* lazy: by baseline FP 4, 3, 1, 2 */
	const uint64_t lz[] = {0, 11, 11, 11, 11, 11};
	is_frontier(p, CT_LAZY, lz, 6);
	is_solve(p, CT_LAZY, 8, 1, 9, true);
	is_solve(p, CT_LAZY, 12, 1, 11, false);
	ct_problem_free(p);
}

static void test_constraints(const ct_dataset *ds, const ct_options *o)
{
	uint8_t ex4[4] = {0, 0, 0, 1};
	ct_constraints c1 = {0, ex4, NULL};
	ct_problem *p = ct_problem_new(ds, o, &c1);
	const uint64_t f1[] = {6, 9, 10, 10, 10, 10};
	is_frontier(p, CT_EXACT, f1, 6);
	is_solve(p, CT_EXACT, 9, 1, 9, true);
	ct_solution s;
	ct_solve(p, CT_UNIFORM, 9, &s);
	ok(s.setting[3].tp_lost == 0 && s.setting[3].fp_saved == 0,
	   "uniform leaves the excluded camera at baseline");
	ct_solution_free(&s);
	ct_problem_free(p);

	ct_constraints c2 = {0.5, NULL, NULL};
	p = ct_problem_new(ds, o, &c2);
	const uint64_t f2[] = {6, 11, 14, 14, 14, 14};
	is_frontier(p, CT_EXACT, f2, 6);
	is_solve(p, CT_EXACT, 15, 2, 14, false);
	is_int(ct_problem_max_saving(p), 14, "max saving under min recall");
	/* uniform capped at each camera's highest allowed threshold */
	ct_solve(p, CT_UNIFORM, 100, &s);
	ok(s.setting[2].threshold == .8 && s.setting[3].threshold == .6 &&
	       s.setting[0].threshold == .9 && s.setting[1].muted,
	   "uniform caps under min recall");
	ct_solution_free(&s);
	ct_problem_free(p);

	double lock[4] = {NAN, NAN, .85, NAN};
	ct_constraints c3 = {0, NULL, lock};
	p = ct_problem_new(ds, o, &c3);
	const uint64_t f3[] = {0, 0, 9, 14, 15, 15};
	is_frontier(p, CT_EXACT, f3, 6);
	is_solve(p, CT_EXACT, 10, 3, 14, true);
	for (int st = 0; st < CT_N_STRATEGIES; st++) {
		ct_solve(p, (ct_strategy)st, 10, &s);
		ok(s.setting[2].threshold == .85 && s.setting[2].tp_lost == 2 &&
		       s.setting[2].fp_saved == 4,
		   "%s keeps the lock", ct_strategy_name((ct_strategy)st));
		ct_solution_free(&s);
	}
	ct_problem_free(p);
}

static void test_parse(void)
{
	double t = -1;
	ok(ct_target_parse("12000", 154336, &t) == 0 && t == 12000, "count");
	ok(ct_target_parse("10%", 154336, &t) == 0 &&
	       fabs(t - 15433.6) < 1e-9,
	   "10%% of 154336 is 15433.6, not rounded");
	ok(ct_target_parse(" 2.5% ", 1000, &t) == 0 && t == 25, "spaces, 2.5%%");
	ok(ct_target_parse("0", 1000, &t) == 0 && t == 0, "zero");
	ok(ct_target_parse(".5%", 1000, &t) == 0 && t == 5, ".5%%");
	const char *bad[] = {"", "%", "-5", "-5%", "abc", "12x", "nan", "inf",
	                     "0x10", "1e999", "10%%", "+5", " ", "1 2", NULL};
	for (int i = 0; bad[i]; i++)
		ok(ct_target_parse(bad[i], 1000, &t) < 0, "rejects \"%s\"", bad[i]);
	ok(ct_target_parse(NULL, 1000, &t) < 0, "rejects NULL");

	const char *names[] = {"exact", "hull", "uniform", "greedy", "lazy", "robust"};
	for (int i = 0; i < CT_N_STRATEGIES; i++) {
		is_str(ct_strategy_name((ct_strategy)i), names[i], "name %d", i);
		is_int(ct_strategy_parse(names[i]), i, "parse %s", names[i]);
	}
	is_int(ct_strategy_parse("Exact"), -1, "case matters");
	is_int(ct_strategy_parse("milp"), -1, "unknown strategy");
}

int main(void)
{
	ct_dataset *ds = fleet();
	ct_options *o = ct_options_build(ds);
	is_int(ds->n_cameras, 4, "fleet of four");
	is_int(ds->n_tp, 5, "five thefts");
	test_unconstrained(ds, o);
	test_constraints(ds, o);
	ct_options_free(o);
	ct_dataset_free(ds);
	test_parse();
	return tap_done();
}
