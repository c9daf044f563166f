/* backtest.c -- time splits and the fold runner (backtest.h).
 *
 * Owns nothing between calls: per fold it slices the train and the test
 * part (8 bytes per alert each, on top of the builder's 16), solves on the
 * train part, recounts on the test part (transfer.h) and asks the exact
 * frontier of the test part for the bound.
 */
#include "config.h"

#include "core/backtest.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* [start, end) of the timed alerts of b within [since, until): the
 * builder's span, clipped.  false when nothing is timed. */
static bool time_bounds(const ct_builder *b, int64_t since, int64_t until, int64_t *start,
                        int64_t *end)
{
	ct_time_span sp;
	ct_builder_time_span(b, &sp);
	if (sp.first == CT_NO_TIME)
		return false;
	*start = sp.first > since ? (int64_t)sp.first : since;
	*end = (int64_t)sp.last + 1 < until ? (int64_t)sp.last + 1 : until;
	return *start < *end;
}

int ct_backtest_rolling(const ct_builder *b, int64_t since, int64_t until, int n_folds,
                        ct_backtest_fold *out)
{
	if (n_folds < 1)
		return -1;
	int64_t start, end;
	if (!time_bounds(b, since, until, &start, &end))
		return 0;
	int64_t len = end - start;
	int periods = n_folds + 1;
	/* boundary j of periods+1: start + len * j / periods, exact in int64
	 * (len < 2^33, periods small) */
	for (int i = 0; i < n_folds; i++) {
		out[i].train_since = start;
		out[i].train_until = start + len * (i + 1) / periods;
		out[i].test_since = out[i].train_until;
		out[i].test_until = i + 2 == periods ? end : start + len * (i + 2) / periods;
	}
	return n_folds;
}

int ct_backtest_split(const ct_builder *b, int64_t since, int64_t until, int64_t train_until,
                      ct_backtest_fold *out)
{
	int64_t start, end;
	if (!time_bounds(b, since, until, &start, &end))
		return 0;
	out->train_since = start;
	out->train_until = train_until;
	out->test_since = train_until;
	out->test_until = end;
	return 1;
}

/* Fewest thefts the exact frontier loses saving at least `saved`. */
static uint64_t frontier_tp_lost(const ct_frontier *f, uint64_t saved)
{
	size_t lo = 0, hi = f->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (f->fp_saved[mid] >= saved)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo; /* f->n only if nothing reaches it, which muting all does */
}

int ct_backtest_run(const ct_builder *b, const ct_backtest_fold *f,
                    const ct_strategy *strategies, size_t n_strategies,
                    const char *const *targets, size_t n_targets, ct_backtest_result *out)
{
	int rc = CT_BACKTEST_OOM;
	ct_dataset *train = ct_builder_slice(b, f->train_since, f->train_until);
	ct_dataset *test = ct_builder_slice(b, f->test_since, f->test_until);
	ct_options *otrain = NULL, *otest = NULL;
	ct_problem *ptrain = NULL, *ptest = NULL;
	ct_frontier oracle = {0};
	if (!train || !test)
		goto out;
	if (train->n_alerts == 0 || test->n_alerts == 0) {
		rc = train->n_alerts == 0 ? CT_BACKTEST_EMPTY_TRAIN : CT_BACKTEST_EMPTY_TEST;
		goto out;
	}
	for (size_t t = 0; t < n_targets; t++) {
		double x;
		if (ct_target_parse(targets[t], train->n_fp, &x) != 0) {
			rc = CT_BACKTEST_BAD_TARGET;
			goto out;
		}
	}
	const ct_constraints none = {0, NULL, NULL};
	otrain = ct_options_build(train);
	otest = ct_options_build(test);
	if (!otrain || !otest)
		goto out;
	ptrain = ct_problem_new(train, otrain, &none);
	ptest = ct_problem_new(test, otest, &none);
	if (!ptrain || !ptest || ct_frontier_compute(ptest, CT_EXACT, &oracle) != 0)
		goto out;
	for (size_t s = 0; s < n_strategies; s++)
		for (size_t t = 0; t < n_targets; t++) {
			ct_backtest_result *r = &out[s * n_targets + t];
			memset(r, 0, sizeof *r);
			r->strategy = strategies[s];
			r->target = targets[t];
			r->train_tp = train->n_tp;
			r->train_fp = train->n_fp;
			double goal, test_goal;
			ct_target_parse(targets[t], train->n_fp, &goal);
			ct_target_parse(targets[t], test->n_fp, &test_goal);
			ct_solution sol;
			if (ct_solve(ptrain, strategies[s], goal, &sol) != 0)
				goto out;
			r->plan_tp_lost = sol.tp_lost;
			r->plan_fp_saved = sol.fp_saved;
			r->plan_met = sol.target_met;
			int tr = ct_transfer_solution(train, &sol, test, &r->test);
			ct_solution_free(&sol);
			if (tr != 0)
				goto out;
			r->test_target = test_goal;
			/* doc/domain.md "Threshold rule": compare as a real number */
			r->test_met = (double)r->test.fp_saved >= test_goal;
			r->oracle_tp_lost = frontier_tp_lost(&oracle, r->test.fp_saved);
		}
	rc = CT_BACKTEST_OK;
out:
	ct_frontier_free(&oracle);
	if (ptrain)
		ct_problem_free(ptrain);
	if (ptest)
		ct_problem_free(ptest);
	if (otrain)
		ct_options_free(otrain);
	if (otest)
		ct_options_free(otest);
	ct_dataset_free(train);
	ct_dataset_free(test);
	return rc;
}

/* ---- over folds ------------------------------------------------------------ */

double ct_backtest_pct(uint64_t part, uint64_t whole)
{
	return whole ? 100.0 * (double)part / (double)whole : NAN;
}

static void stat_add(ct_backtest_stat *s, double v)
{
	if (isnan(v))
		return;
	if (s->n == 0 || v < s->min)
		s->min = v;
	if (s->n == 0 || v > s->max)
		s->max = v;
	s->sum += v;
	s->n++;
}

void ct_backtest_summary_add(ct_backtest_summary *s, const ct_backtest_result *r)
{
	stat_add(&s->tp_lost_pct, ct_backtest_pct(r->test.tp_lost, r->test.baseline_tp));
	stat_add(&s->fp_saved_pct, ct_backtest_pct(r->test.fp_saved, r->test.baseline_fp));
	stat_add(&s->oracle_pct, ct_backtest_pct(r->oracle_tp_lost, r->test.baseline_tp));
	s->met += r->test_met;
	s->folds++;
}

double ct_backtest_stat_mean(const ct_backtest_stat *s)
{
	return s->n ? s->sum / s->n : NAN;
}

char *ct_backtest_stat_text(char *buf, size_t len, const ct_backtest_stat *s)
{
	if (s->n == 0)
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, "%.1f%% [%.1f, %.1f]", ct_backtest_stat_mean(s), s->min, s->max);
	return buf;
}
