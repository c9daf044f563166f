/* test_tui_solve.c -- live what-if, headless: target and strategy
 * changes, lock, step, mute, exclude, undo/redo, export (also to an
 * unwritable path), load-locks and the quit question.  Expected totals come
 * from the core's own solve with the same constraints. */
#include "config.h"

#include <sys/stat.h>

#include "harness.h"
#include "io/thresholds.h"

/* The status bar against the oracle. */
static void check_totals(h_app *h, ct_strategy s, const char *target, const uint8_t *excluded,
                         const double *locked, const char *what)
{
	ct_solution want = h_solve(h, s, target, excluded, locked);
	is_int(h_number_after("FP saved"), want.fp_saved, "%s: FP saved", what);
	is_int(h_number_after("TP lost"), want.tp_lost, "%s: TP lost", what);
	ct_solution_free(&want);
}

static int cam(h_app *h, const char *store, const char *id)
{
	return ct_dataset_find(h->ds, store, id);
}

static void test_target_strategy(h_app *h)
{
	h_has("target 23 (50%)", "status shows the target as count and percentage");
	h_has("strategy exact", "and the strategy");
	check_totals(h, CT_EXACT, "50%", NULL, NULL, "start, 50%");
	h_has("optimal", "exact says optimal");
	h_keys(h, "+");
	h_has("(51%)", "+ raises the target by one percent");
	check_totals(h, CT_EXACT, "51%", NULL, NULL, "after +");
	h_keys(h, "--");
	h_has("(49%)", "- lowers it");
	check_totals(h, CT_EXACT, "49%", NULL, NULL, "after --");
	h_keys(h, ":target 80%<Enter>");
	h_has("target 36 (80%)", ":target 80%%");
	check_totals(h, CT_EXACT, "80%", NULL, NULL, ":target 80%%");
	h_keys(h, ":target 30<Enter>");
	h_has("target 30 (66.7%)", ":target 30 (a count)");
	check_totals(h, CT_EXACT, "30", NULL, NULL, ":target 30");
	h_keys(h, "t<C-u>target 12 %<Enter>");
	h_has("(12%)", "t opens the prompt; blanks inside are allowed");
	h_keys(h, ":target lots<Enter>");
	h_has("'lots' is not a target", "a bad target is refused");
	h_has("(12%)", "and the target stays");
	h_keys(h, ":target 200%<Enter>");
	h_has("target 200% is above the 45 FP of the baseline (100%): not set",
	      "a target above 100 %% of baseline FP is refused");
	h_has("(12%)", "and the target stays");
	h_keys(h, ":target 46<Enter>");
	h_has("above the 45 FP of the baseline", "so is a count above baseline FP");
	h_keys(h, ":exclude north:2<Enter>:target 100%<Enter>");
	h_has("NOT MET", "an unreachable target is said plainly");
	h_keys(h, "u");
	h_has("undone: target 100% (", "undo says what it undid");
	h_keys(h, "u");
	h_has("undone: north:2 excluded", "and again");

	h_keys(h, ":target 60%<Enter>s");
	h_has("strategy hull", "s switches to hull");
	check_totals(h, CT_HULL, "60%", NULL, NULL, "hull 60%");
	h_keys(h, "s");
	h_has("strategy uniform", "then uniform");
	check_totals(h, CT_UNIFORM, "60%", NULL, NULL, "uniform 60%");
	h_keys(h, ":strategy greedy<Enter>");
	h_has("strategy greedy", ":strategy greedy");
	check_totals(h, CT_GREEDY, "60%", NULL, NULL, "greedy 60%");
	h_keys(h, ":strategy lazy<Enter>");
	check_totals(h, CT_LAZY, "60%", NULL, NULL, "lazy 60%");
	h_keys(h, ":strategy best<Enter>");
	h_has("strategy: one of", "an unknown strategy is refused");
	h_keys(h, ":strategy exact<Enter>");
	check_totals(h, CT_EXACT, "60%", NULL, NULL, "exact again");
}

static void test_overrides(h_app *h)
{
	size_t n = h->ds->n_cameras;
	uint8_t excluded[8] = {0};
	double locked[8];
	for (size_t i = 0; i < n; i++)
		locked[i] = NAN;
	char cells[16][32];

	/* lock north:1 where the solution has it, then move the target */
	int n1 = cam(h, "north", "1");
	h_keys(h, ":goto north:1<Enter>");
	double thr = h->app->sol.setting[n1].threshold;
	h_keys(h, "L");
	int nc = h_cells("north:1", cells);
	is_str(nc ? cells[nc - 1] : "", "L", "L marks north:1 locked");
	h_has("1 manual", "the status counts manual cameras");
	locked[n1] = thr;
	h_keys(h, ":target 80%<Enter>");
	check_totals(h, CT_EXACT, "80%", excluded, locked, "80% around the lock");
	ok(h->app->sol.setting[n1].threshold == thr, "the locked threshold did not move");

	/* step west:3 to its next option, then back */
	int w3 = cam(h, "west", "3");
	h_keys(h, ":goto west:3<Enter>");
	double cur = h->app->sol.setting[w3].threshold;
	const ct_option *o = h->opts->v + h->opts->offset[w3];
	size_t no = h->opts->offset[w3 + 1] - h->opts->offset[w3];
	double next = NAN, prev = NAN;
	for (size_t k = 0; k < no && isnan(next); k++)
		if (o[k].threshold > cur)
			next = o[k].threshold;
	if (isnan(next))
		next = ct_mute_threshold(&h->ds->cameras[w3]);
	h_keys(h, "<Right>");
	ok(h->app->st.thr[w3] == next, "Right: west:3 at its next option (%.17g)", next);
	locked[w3] = next;
	check_totals(h, CT_EXACT, "80%", excluded, locked, "after the step");
	for (size_t k = no; k-- > 0 && isnan(prev);)
		if (o[k].threshold < next)
			prev = o[k].threshold;
	h_keys(h, "<Left>");
	ok(h->app->st.thr[w3] == prev, "Left: back to the option below (%.17g)", prev);
	locked[w3] = prev;
	check_totals(h, CT_EXACT, "80%", excluded, locked, "after stepping back");
	nc = h_cells("west:3", cells);
	is_str(nc ? cells[nc - 1] : "", "L", "a stepped camera is locked");

	/* mute east:12, exclude north:2 */
	int e12 = cam(h, "east", "12"), n2 = cam(h, "north", "2");
	h_keys(h, ":goto east:12<Enter>m");
	nc = h_cells("east:12", cells);
	ok(nc >= 4 && strcmp(cells[nc - 1], "M") == 0, "m marks east:12 muted");
	h_has("muted", "its threshold reads muted");
	locked[e12] = ct_mute_threshold(&h->ds->cameras[e12]);
	check_totals(h, CT_EXACT, "80%", excluded, locked, "after mute");
	ok(h->app->sol.setting[e12].fp_saved == 3 && h->app->sol.setting[e12].tp_lost == 1,
	   "a muted camera drops all its alerts");
	h_keys(h, ":exclude north:2<Enter>");
	nc = h_cells("north:2", cells);
	is_str(nc ? cells[nc - 1] : "", "X", ":exclude marks north:2");
	excluded[n2] = 1;
	check_totals(h, CT_EXACT, "80%", excluded, locked, "after exclude");
	ok(h->app->sol.setting[n2].fp_saved == 0, "an excluded camera stays at baseline");

	/* undo, redo */
	h_keys(h, "u");
	nc = h_cells("north:2", cells);
	ok(nc && strcmp(cells[nc - 1], "X") != 0, "u: north:2 included again");
	excluded[n2] = 0;
	check_totals(h, CT_EXACT, "80%", excluded, locked, "after undo");
	h_keys(h, "u");
	nc = h_cells("east:12", cells);
	ok(nc && strcmp(cells[nc - 1], "M") != 0, "u: east:12 unmuted");
	h_keys(h, "<C-r>");
	nc = h_cells("east:12", cells);
	is_str(nc ? cells[nc - 1] : "", "M", "C-r: east:12 muted again");
	check_totals(h, CT_EXACT, "80%", excluded, locked, "after redo");
	h_keys(h, "uuuu");
	h_has("target 27 (60%)", "undo also restores the target");
	h_keys(h, "uuuuuuuuuuuuuuuuuuuu");
	h_has("nothing to undo", "the bottom of the undo stack says so");
	h_has("target 23 (50%)", "back at the start");
	h_has("strategy exact", "start strategy");
	h_keys(h, ":redo<Enter>");
	h_has("(49%)", ":redo works as a command; the first +, - and - were one step");
	h_has("redone: target 49%", "redo says what it redid");
	h_keys(h, ":reset<Enter>");
	h_has("no camera is locked", "reset with nothing to free");
}

/* :threshold, :recall and the count prefix, on north:1 (TP at 0.30, 0.80,
 * 0.90; FP 0.05 ... 0.85): checked by hand and against ct_camera_apply. */
static void test_set_directly(h_app *h)
{
	int n1 = cam(h, "north", "1");
	const ct_camera *c = &h->ds->cameras[n1];
	h_keys(h, ":goto north:1<Enter>:threshold 0.31<Enter>");
	ok(h->app->st.mark[n1] == TUI_LOCKED && h->app->st.thr[n1] == 0.31,
	   ":threshold 0.31 locks the camera at 0.31");
	ct_option r = ct_camera_apply(c, 0.31);
	char said[96];
	snprintf(said, sizeof said, "north:1 locked at 0.31: TP lost %u, FP saved %u", r.tp_lost,
	         r.fp_saved);
	h_has(said, "and says what it costs (ct_camera_apply)");
	h_keys(h, ":threshold lots<Enter>");
	h_has("'lots' is not a threshold", "a bad threshold is refused");
	ok(h->app->st.thr[n1] == 0.31, "and the camera stays");
	h_keys(h, ":recall 50%<Enter>");
	ok(h->app->st.thr[n1] == 0.80, ":recall 50%%: 2 of 3 thefts kept at 0.80, the fewest FP (%g)",
	   h->app->st.thr[n1]);
	h_keys(h, ":recall 100%<Enter>");
	ok(h->app->st.thr[n1] == 0.30, ":recall 100%%: every theft, at 0.30 (%g)", h->app->st.thr[n1]);
	h_keys(h, ":recall 150%<Enter>");
	h_has("'150%' is not a recall", "a recall above 100 %% is refused");
	/* a count steps several options: from 0 (the baseline) two up */
	const ct_option *o = h->opts->v + h->opts->offset[n1];
	h_keys(h, ":threshold 0<Enter>2<Right>");
	ok(h->app->st.thr[n1] == o[2].threshold, "2<Right>: two options up, at %.6g (%g)",
	   o[2].threshold, h->app->st.thr[n1]);
	h_keys(h, "<Left>");
	ok(h->app->st.thr[n1] == o[1].threshold, "<Left> without a count: one option down");
	h_keys(h, "4");
	h_has("fleet summary", "a digit with no key after it is its own key (4: fleet)");
	h_keys(h, "<Esc>:reset<Enter>");
}

static void test_export(h_app *h)
{
	char path[256], cmd[400];
	snprintf(path, sizeof path, "%s/t.json", h_dir);
	h_keys(h, ":mute east:12<Enter>");
	snprintf(cmd, sizeof cmd, ":export %s<Enter>", path);
	h_keys(h, cmd);
	h_has("exported 5 thresholds to", "the status confirms the export");
	char want[256];
	snprintf(want, sizeof want, "FP saved %llu, TP lost %llu", (unsigned long long)h->app->sol.fp_saved,
	         (unsigned long long)h->app->sol.tp_lost);
	h_has(want, "with the totals");
	ct_thresholds t;
	char err[512];
	int rc = ct_thresholds_read(path, &t, err, sizeof err);
	is_int(rc, 0, "the file reads back (%s)", rc ? err : "ok");
	if (rc == 0) {
		is_int(t.n, 5, "five thresholds");
		int same = 0;
		for (size_t k = 0; k < t.n; k++) {
			int c = ct_dataset_find(h->ds, t.v[k].store, t.v[k].camera_id);
			same += c >= 0 && t.v[k].threshold == h->app->sol.setting[c].threshold;
		}
		is_int(same, 5, "each threshold is the one on screen, to the last bit");
		int e12 = cam(h, "east", "12"), muted_ok = 0;
		for (size_t k = 0; k < t.n; k++)
			if (ct_dataset_find(h->ds, t.v[k].store, t.v[k].camera_id) == e12)
				muted_ok = t.v[k].muted && t.v[k].threshold > 1.0 &&
				           t.v[k].threshold == ct_mute_threshold(&h->ds->cameras[e12]);
		ok(muted_ok, "the muted east:12 is exported muted, above any probability");
		is_str(t.strategy, "exact+manual", "the strategy says cameras were set by hand");
		ct_thresholds_free(&t);
	}
	struct stat before;
	stat(path, &before);

	/* a change, then an export that cannot be written */
	h_keys(h, "+");
	h_keys(h, ":export /nonexistent-camtune-dir/sub/t.json<Enter>");
	h_has("export failed", "an unwritable path is an error on the status line");
	h_has("nothing lost", "that says nothing is lost");
	h_has("not exported", "the change is still marked not exported");
	int r = h_keys(h, "q");
	is_int(r, 0, "q does not quit with changes not exported");
	h_has("Changes not exported", "q asks first");
	h_keys(h, "n");
	h_lacks("Changes not exported", "n answers no");
	/* e writes to the last path */
	h_keys(h, "e");
	h_has("exported 5 thresholds to", "e exports again");
	h_lacks("not exported", "and the changes count as exported");

	/* load-locks: lock every camera of the file */
	h_keys(h, ":reset<Enter>");
	snprintf(cmd, sizeof cmd, ":load-locks %s<Enter>", path);
	h_keys(h, cmd);
	h_has("5 cameras locked at their thresholds", "load-locks locks each camera of the file");
	h_has("5 manual", "five manual cameras");
	int e12 = cam(h, "east", "12");
	ok(h->app->st.mark[e12] == TUI_MUTED &&
	       h->app->st.thr[e12] == ct_mute_threshold(&h->ds->cameras[e12]),
	   "load-locks: the file's muted east:12 is muted again, at the mute threshold");
	/* the reader's warning, on the message line */
	char range[256];
	snprintf(range, sizeof range, "%s/range.json", h_dir);
	FILE *rf = fopen(range, "w");
	fputs("{\"cameras\": [{\"store\": \"east\", \"camera_id\": \"12\", \"threshold\": 1.5}]}\n", rf);
	fclose(rf);
	snprintf(cmd, sizeof cmd, ":load-locks %s<Enter>", range);
	h_keys(h, cmd);
	h_has("1 threshold above 1 without", "load-locks shows the reader's warning");
	unlink(range);
	r = h_keys(h, "q");
	is_int(r, 0, "changes again: q asks");
	r = h_keys(h, "y");
	is_int(r, 1, "y quits");
}

int main(void)
{
	h_screen_open(120, 40);
	h_app h;
	h_open(&h, "50%", CT_EXACT, false);
	h_keys(&h, "");
	test_target_strategy(&h);
	test_overrides(&h);
	test_set_directly(&h);
	test_export(&h);
	h_close(&h);
	h_screen_close();
	return tap_done();
}
