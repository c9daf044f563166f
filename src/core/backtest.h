/* backtest.h -- choose thresholds on an earlier part of the history, judge
 * them on a later part (doc/domain.md "Out-of-sample decisions").
 *
 * Works on a ct_builder that holds every alert with its time (see
 * dataset.h): each fold slices its train and test parts out of it, so the
 * builder must outlive the calls and is never changed.  Pure core.
 *
 *   ct_backtest_fold f[N];
 *   n = ct_backtest_rolling(b, since, until, N, f);   (or ct_backtest_split)
 *   for each fold: ct_backtest_run(b, &f[i], strategies, ns, targets, nt, res)
 *   res[s * nt + t] for strategy s, target t
 */
#ifndef CAMTUNE_BACKTEST_H
#define CAMTUNE_BACKTEST_H

#include "core/optimise.h"
#include "core/transfer.h"

typedef struct ct_backtest_fold {
	/* seconds since 1970 UTC; each part is [since, until) */
	int64_t train_since, train_until;
	int64_t test_since, test_until;
} ct_backtest_fold;

/* The time from max(since, the first alert's time) to min(until, just
 * after the last alert's time) (CT_SINCE_ANY / CT_UNTIL_ANY: no bound),
 * cut into n_folds + 1 periods of equal length; fold i (0-based) trains on
 * periods 0..i and tests on period i+1 (rolling origin).  Writes n_folds
 * folds to out and returns n_folds; 0 when no alert in the range has a
 * time; -1 when n_folds < 1. */
int ct_backtest_rolling(const ct_builder *b, int64_t since, int64_t until, int n_folds,
                        ct_backtest_fold *out);

/* One fold: train on [start, train_until), test on [train_until, end),
 * start and end as in ct_backtest_rolling.  1, or 0 when no alert has a
 * time or the range is empty. */
int ct_backtest_split(const ct_builder *b, int64_t since, int64_t until, int64_t train_until,
                      ct_backtest_fold *out);

typedef struct ct_backtest_result {
	ct_strategy strategy;
	const char *target;      /* the target text given ("10%", "12000") */
	/* the plan, on the train part */
	uint64_t train_tp, train_fp;
	uint64_t plan_tp_lost, plan_fp_saved;
	bool plan_met;
	/* realised on the test part, the same thresholds applied with >= */
	ct_transfer test;
	double test_target;      /* the target read against the test part */
	bool test_met;
	/* the test part's own optimum: exact on the test part, saving at
	 * least the FP actually saved -- the bound no plan can beat */
	uint64_t oracle_tp_lost;
} ct_backtest_result;

enum {
	CT_BACKTEST_OK = 0,
	CT_BACKTEST_OOM = -1,
	CT_BACKTEST_EMPTY_TRAIN = 1, /* the train part has no alert */
	CT_BACKTEST_EMPTY_TEST = 2,  /* the test part has no alert */
	CT_BACKTEST_BAD_TARGET = 3,  /* a target text ct_target_parse refuses */
};

/* Run fold f for every strategy and target: n_strategies * n_targets
 * results into out (strategy-major).  Targets are texts for
 * ct_target_parse ("10%" reads as 10 % of each part's own baseline FP).
 * Returns a CT_BACKTEST_* code; out is filled only on CT_BACKTEST_OK. */
int ct_backtest_run(const ct_builder *b, const ct_backtest_fold *f,
                    const ct_strategy *strategies, size_t n_strategies,
                    const char *const *targets, size_t n_targets, ct_backtest_result *out);

/* ---- over folds: mean and range ---- */

/* part / whole in percent; NAN when whole is 0 (a test part without
 * thefts has no "% of thefts lost"). */
double ct_backtest_pct(uint64_t part, uint64_t whole);

typedef struct ct_backtest_stat {
	double sum, min, max;
	int n;              /* values added (NAN values are not) */
} ct_backtest_stat;

typedef struct ct_backtest_summary {
	ct_backtest_stat tp_lost_pct;  /* of the test part's thefts */
	ct_backtest_stat fp_saved_pct; /* of the test part's baseline FP */
	ct_backtest_stat oracle_pct;   /* the bound, of the test part's thefts */
	int met, folds;
} ct_backtest_summary;

/* Add one fold's result (zero-initialise the summary first). */
void ct_backtest_summary_add(ct_backtest_summary *s, const ct_backtest_result *r);
/* NAN when nothing was added. */
double ct_backtest_stat_mean(const ct_backtest_stat *s);
/* "4.3% [2.1, 8.2]" (mean [min, max]), or "-"; returns buf. */
char *ct_backtest_stat_text(char *buf, size_t len, const ct_backtest_stat *s);

#endif
