/* test_tui_time.c -- time in the explorer, headless: :since/:until re-slice
 * the loaded data (counts against a slice of the builder made here,
 * overrides following their camera, a bad date refused, an empty range
 * refused), the data-quality pane's time line, and the backtest view (5,
 * :backtest) against core/backtest.h run here on the same builder.
 * Data: tests/data/time/times.csv, through the real loader. */
#include "config.h"

#include "harness.h"
#include "core/backtest.h"

static double pct(uint64_t part, uint64_t whole)
{
	return whole ? 100.0 * (double)part / (double)whole : NAN;
}

/* The backtest view's line for each fold, from the core. */
static void check_backtest(const ct_builder *b, ct_strategy s, const char *target, int64_t since,
                           int64_t until, const char *what)
{
	ct_backtest_fold f[3];
	int n = ct_backtest_rolling(b, since, until, 3, f);
	is_int(n, 3, "%s: three folds", what);
	char title[128];
	snprintf(title, sizeof title, "backtest: %s at %s, 3 rolling-origin folds", ct_strategy_name(s),
	         target);
	h_has(title, "%s: the title names strategy and target", what);
	const char *const tg[1] = {target};
	for (int i = 0; i < n; i++) {
		ct_backtest_result r;
		int code = ct_backtest_run(b, &f[i], &s, 1, tg, 1, &r);
		if (code != CT_BACKTEST_OK) {
			char fold[32];
			snprintf(fold, sizeof fold, "fold %d", i + 1);
			h_has(fold, "%s: fold %d listed", what, i + 1);
			h_has("skipped: the", "%s: fold %d said skipped", what, i + 1);
			continue;
		}
		char want[256], lost[16] = "-";
		if (r.test.baseline_tp)
			snprintf(lost, sizeof lost, "%.1f%%", pct(r.test.tp_lost, r.test.baseline_tp));
		snprintf(want, sizeof want, "test: %llu of %llu lost (%s), FP saved %.1f%%, %s; bound %llu",
		         (unsigned long long)r.test.tp_lost, (unsigned long long)r.test.baseline_tp, lost,
		         pct(r.test.fp_saved, r.test.baseline_fp), r.test_met ? "met" : "NOT met",
		         (unsigned long long)r.oracle_tp_lost);
		h_has(want, "%s: fold %d recounts as the core's", what, i + 1);
	}
}

int main(void)
{
	const char *top = getenv("top_srcdir");
	char path[1024];
	snprintf(path, sizeof path, "%s/tests/data/time/times.csv", top ? top : ".");
	ct_builder *b = NULL;
	ct_dataset *ds = NULL;
	ct_quality q;
	char err[512];
	ct_load_opts lo = {0};
	lo.builder_out = &b;
	if (ct_load_file(path, &lo, &ds, &q, err, sizeof err) != 0) {
		printf("Bail out! %s\n", err);
		return 1;
	}
	ct_options *opts = ct_options_build(ds);
	h_screen_open(120, 40);
	char history[128];
	snprintf(history, sizeof history, "%s/history", h_dir);
	tui_config cfg = {
		.ds = ds,
		.opts = opts,
		.quality = &q,
		.source = "times.csv",
		.target_text = "50%",
		.strategy = CT_EXACT,
		.history_path = history,
		.builder = b,
	};
	h_app h = {.ds = ds, .opts = opts};
	h.app = tui_app_new(&cfg);
	if (!h.app) {
		printf("Bail out! cannot build the app\n");
		return 1;
	}
	h_keys(&h, "3");
	h_has("times 2023-05-01T10:00:00 to 2023-05-04T16:00:00 (UTC; :since, :until cut them)",
	      "quality pane: the time range loaded");
	h_has("no readable time", "quality pane: the untimed row's warning");
	h_lacks("outside --since/--until", "quality pane: no range asked, no outside line");

	/* the backtest view, then a strategy typed while it is shown (the
	 * s key edits nothing under it) */
	h_keys(&h, "5");
	check_backtest(b, CT_EXACT, "50%", CT_SINCE_ANY, CT_UNTIL_ANY, "5");
	h_has("Locks, mutes and exclusions are not applied", "5: says what it ignores");
	h_keys(&h, "s");
	check_backtest(b, CT_EXACT, "50%", CT_SINCE_ANY, CT_UNTIL_ANY, "5 then s: the key changes nothing");
	h_keys(&h, ":strategy hull<Enter>");
	check_backtest(b, CT_HULL, "50%", CT_SINCE_ANY, CT_UNTIL_ANY, "5 then :strategy hull");
	h_keys(&h, "5");
	h_lacks("rolling-origin folds", "5 again: back to the list");
	h_keys(&h, ":backtest<Enter>");
	h_has("rolling-origin folds", ":backtest opens it too");
	h_keys(&h, "q:strategy exact<Enter>");

	/* mute s2:7, then cut the data: 2023-05-03 00:00 (in) .. 05-04 00:00 (out) */
	h_keys(&h, ":mute s2:7<Enter>");
	int m = ct_dataset_find(h.app->ds, "s2", "7");
	ok(m >= 0 && h.app->st.mark[m] == TUI_MUTED, "s2:7 muted");
	h_keys(&h, ":since 2023-05-03<Enter>:until 2023-05-04<Enter>");
	ct_dataset *want = ct_builder_slice(b, 1683072000, 1683158400);
	ok(h.app->ds->n_alerts == want->n_alerts && h.app->ds->n_cameras == want->n_cameras &&
	   h.app->ds->n_tp == want->n_tp && want->n_alerts == 4,
	   ":since/:until: the slice of [05-03, 05-04), 4 alerts (both boundaries hit)");
	h_has("2023-05-03T00:00:00 to 2023-05-04T00:00:00: 4 alerts, 2 cameras", "the message says so");
	m = ct_dataset_find(h.app->ds, "s2", "7");
	ok(m >= 0 && h.app->st.mark[m] == TUI_MUTED, "the mute follows s2:7 across the re-slice");
	h_has("time range shown: 2023-05-03T00:00:00 to 2023-05-04T00:00:00 (exclusive)",
	      "quality pane: the range shown");
	ok(h.app->st.target == 0.5 * (double)want->n_fp, "a percentage target follows the new baseline");
	ct_dataset_free(want);

	h_keys(&h, ":since 2023-13-01<Enter>");
	h_has("since: '2023-13-01' is not a date", "a bad date is refused");
	is_int(h.app->ds->n_alerts, 4, "... and the data stays");
	h_keys(&h, ":since 2023-05-03T15:00<Enter>");
	h_has("no alert in that time range", "an empty range (05-03 15:00 to 05-04) is refused");
	is_int(h.app->ds->n_alerts, 4, "... and the data stays");
	h_keys(&h, ":since 2023-05-04<Enter>");
	h_has("since must be before until", "since at until is refused");

	h_keys(&h, ":until<Enter>:since<Enter>");
	is_int(h.app->ds->n_alerts, ds->n_alerts, "empty arguments clear both: every alert again");
	h_has("the start to the end: 14 alerts, 3 cameras", "... said so");
	ok(h.app->ds == ds && !h.app->own_ds, "the range loaded again: the borrowed dataset, no copy");
	h_keys(&h, ":since 2023-05-02T12:00<Enter>5");
	check_backtest(b, CT_EXACT, "50%", 1683028800, CT_UNTIL_ANY, "backtest after :since");
	h_keys(&h, "q");

	tui_prompt_done(h.app);
	tui_app_free(h.app);

	/* loaded with --since: the quality pane counts the rows outside, and
	 * clearing :since goes back to every row the builder kept */
	ct_builder *b2 = NULL;
	ct_dataset *ds2 = NULL;
	ct_quality q2;
	ct_load_opts lo2 = {0};
	lo2.builder_out = &b2;
	lo2.has_since = true;
	lo2.since = 1683072000; /* 2023-05-03 */
	if (ct_load_file(path, &lo2, &ds2, &q2, err, sizeof err) != 0) {
		printf("Bail out! %s\n", err);
		return 1;
	}
	ct_options *opts2 = ct_options_build(ds2);
	cfg.ds = ds2;
	cfg.opts = opts2;
	cfg.quality = &q2;
	cfg.builder = b2;
	cfg.has_since = true;
	cfg.since = lo2.since;
	h.app = tui_app_new(&cfg);
	h_keys(&h, "3");
	h_has("outside --since/--until          6  lines 2, 3, 4, 8, 10, ...",
	      "--since: the 6 rows outside (one untimed) counted in the quality pane");
	h_has("time range shown: 2023-05-03T00:00:00 to the end", "--since: the range shown");
	is_int(h.app->ds->n_alerts, 8, "--since 2023-05-03: 8 alerts");
	h_keys(&h, ":since<Enter>");
	is_int(h.app->ds->n_alerts, 14, ":since cleared: all 14 rows, kept by the builder");
	tui_prompt_done(h.app);
	tui_app_free(h.app);
	ct_options_free(opts2);
	ct_dataset_free(ds2);
	ct_builder_free(b2);
	ct_quality_free(&q2);
	h_screen_close();
	ct_options_free(opts);
	ct_dataset_free(ds);
	ct_builder_free(b);
	ct_quality_free(&q);
	return tap_done();
}
