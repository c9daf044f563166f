/* test_time.c -- time in the data (issue 8): clip-time parsing, the
 * builder's time span and slices (against a brute-force filter), applying
 * a solution to another dataset, and the backtest's folds and counts. */
#include "config.h"

#include "core/backtest.h"
#include "core/curve.h"
#include "core/dataset.h"
#include "core/transfer.h"
#include "io/load.h"
#include "../tap.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- parsing ------------------------------------------------------------- */

static int64_t parse(const char *s)
{
	uint32_t t;
	return ct_parse_time(s, strlen(s), &t) == 0 ? (int64_t)t : -1;
}

static void test_parse(void)
{
	static const struct {
		const char *text;
		int64_t want; /* -1: refused */
	} cases[] = {
		/* the video name form, anything after it */
		{"2023-05-31_20h32m14s_to_2023-05-31_20h32m30s_camera_25_ip_1.2.3.4_port_8000.mp4",
		 1685565134},
		{"1970-01-01_00h00m00s", 0},
		{"1970-01-01_00h00m01s_x", 1},
		{"2024-02-29_23h59m59s", 1709251199},      /* a leap day */
		{"2000-02-29_00h00m00s", 951782400},       /* 2000 is a leap year */
		{"2106-02-07_06h28m14s", 4294967294ll},    /* the last representable second */
		{"2106-02-07_06h28m15s", -1},              /* = CT_NO_TIME: out of range */
		{"1969-12-31_23h59m59s", -1},              /* before 1970 */
		{"2023-02-29_00h00m00s", -1},              /* not a leap year */
		{"1900-02-29_00h00m00s", -1},              /* century, not a leap year */
		{"2023-04-31_00h00m00s", -1},
		{"2023-13-01_00h00m00s", -1},
		{"2023-00-01_00h00m00s", -1},
		{"2023-05-00_00h00m00s", -1},
		{"2023-05-31_24h00m00s", -1},
		{"2023-05-31_20h60m00s", -1},
		{"2023-05-31_20h32m60s", -1},
		{"2023-05-31_20x32m14s", -1},
		{"2023-05-31_2Oh32m14s", -1},              /* a letter O */
		{"2023-5-31_20h32m14s_to", -1},
		{"garbage", -1},
		{"", -1},
		/* ISO 8601 */
		{"2023-05-31", 1685491200},
		{"2023-05-31T20:32", 1685565120},
		{"2023-05-31 20:32", 1685565120},
		{"2023-05-31T20:32:14", 1685565134},
		{"2023-05-31T20:32:14Z", 1685565134},
		{"2023-05-31T20:32:1", -1},
		{"2023-05-31T20:32:14+01:00", -1},         /* offsets: not read */
		{"2023-05-31X20:32", -1},
		{"2023-05-31T2032", -1},
		{"2023-05-31T20:32:14.5", -1},
		{"2023/05/31", -1},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		is_int(parse(cases[i].text), cases[i].want, "parse '%s'", cases[i].text);

	/* the length bounds the parse: no reading past it */
	uint32_t t;
	ok(ct_parse_time("2023-05-31T20:32:14", 10, &t) == 0 && t == 1685491200,
	   "length 10 of an ISO time reads the date only");
	ok(ct_parse_time("2023-05-31_20h32m14s", 19, &t) != 0, "a video time cut short is refused");

	int64_t x;
	ok(ct_parse_iso_time("2023-05-31T20:32", &x) == 0 && x == 1685565120, "iso: with minutes");
	ok(ct_parse_iso_time("2023-05-31_20h32m14s", &x) != 0, "iso: the video form is not ISO");
	ok(ct_parse_iso_time("", &x) != 0, "iso: empty");
	ok(ct_parse_iso_time("2023-05-31 ", &x) != 0, "iso: trailing blank");

	char buf[24];
	is_str(ct_format_time(buf, sizeof buf, 1685565134), "2023-05-31T20:32:14", "format");
	is_str(ct_format_time(buf, sizeof buf, 0), "1970-01-01T00:00:00", "format: the epoch");
	is_str(ct_format_time(buf, sizeof buf, 951782400), "2000-02-29T00:00:00", "format: leap day");
	/* format then parse: every day of 1970..2105 round-trips */
	int bad = 0;
	for (int64_t d = 0; d < 49710; d += 7) {
		int64_t v = d * 86400 + (d * 4099) % 86400, back;
		ct_format_time(buf, sizeof buf, v);
		if (ct_parse_iso_time(buf, &back) != 0 || back != v)
			bad++;
	}
	is_int(bad, 0, "format and parse round-trip over 1970..2105");
}

/* ---- slices ---------------------------------------------------------------- */

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;
static uint64_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

typedef struct alert {
	int cam;
	double p;
	bool theft;
	uint32_t t;
} alert;

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* The slice equals the brute-force filter of the alerts: same cameras,
 * same sorted scores. */
static bool slice_matches(const ct_dataset *ds, const alert *v, size_t n, int n_cams,
                          char names[][8], int64_t since, int64_t until, bool all)
{
	double *tp = malloc((n + 1) * sizeof *tp), *fp = malloc((n + 1) * sizeof *fp);
	bool good = true;
	uint64_t total = 0;
	size_t cams_seen = 0;
	for (int c = 0; c < n_cams && good; c++) {
		size_t ntp = 0, nfp = 0;
		for (size_t i = 0; i < n; i++) {
			if (v[i].cam != c)
				continue;
			bool in = all || (v[i].t != CT_NO_TIME && v[i].t >= since && v[i].t < until);
			if (!in)
				continue;
			if (v[i].theft)
				tp[ntp++] = v[i].p;
			else
				fp[nfp++] = v[i].p;
		}
		total += ntp + nfp;
		int32_t j = ct_dataset_find(ds, "s", names[c]);
		if (ntp + nfp == 0) {
			good = j < 0;
			continue;
		}
		cams_seen++;
		if (j < 0) {
			good = false;
			break;
		}
		const ct_camera *cc = &ds->cameras[j];
		qsort(tp, ntp, sizeof *tp, cmp_double);
		qsort(fp, nfp, sizeof *fp, cmp_double);
		good = cc->n_tp == ntp && cc->n_fp == nfp &&
		       (ntp == 0 || memcmp(cc->tp, tp, ntp * sizeof *tp) == 0) &&
		       (nfp == 0 || memcmp(cc->fp, fp, nfp * sizeof *fp) == 0);
	}
	good = good && ds->n_alerts == total && ds->n_cameras == cams_seen;
	free(tp);
	free(fp);
	return good;
}

static void test_slice(void)
{
	enum { N_CAMS = 6 };
	char names[N_CAMS][8];
	for (int c = 0; c < N_CAMS; c++)
		snprintf(names[c], sizeof names[c], "%d", c + 1);
	int failures = 0;
	for (int round = 0; round < 40; round++) {
		/* more than one builder chunk (65,536 alerts) in a few rounds */
		size_t n = round % 10 == 0 ? 70000 + rnd() % 1000 : 1 + rnd() % 300;
		alert *v = malloc(n * sizeof *v);
		ct_builder *b = ct_builder_new();
		int32_t idx[N_CAMS];
		for (int c = 0; c < N_CAMS; c++)
			idx[c] = ct_builder_camera(b, "s", 1, names[c], strlen(names[c]));
		uint32_t lo = CT_NO_TIME, hi = 0;
		uint64_t untimed = 0;
		for (size_t i = 0; i < n; i++) {
			v[i].cam = (int)(rnd() % N_CAMS);
			v[i].p = (double)(rnd() % 50) / 50.0; /* ties */
			v[i].theft = rnd() % 5 == 0;
			v[i].t = rnd() % 13 == 0 ? CT_NO_TIME : 1000 + (uint32_t)(rnd() % 100);
			if (v[i].t == CT_NO_TIME)
				untimed++;
			else {
				lo = v[i].t < lo ? v[i].t : lo;
				hi = v[i].t > hi ? v[i].t : hi;
			}
			ct_builder_add_timed(b, (uint32_t)idx[v[i].cam], v[i].p, v[i].theft, v[i].t);
		}
		ct_time_span sp;
		ct_builder_time_span(b, &sp);
		if (sp.untimed != untimed || sp.timed != n - untimed ||
		    (sp.timed && (sp.first != lo || sp.last != hi)))
			failures++;
		/* bounds at, inside and outside the times used, empty ranges */
		for (int k = 0; k < 6; k++) {
			int64_t since = 990 + (int64_t)(rnd() % 120), until = since + (int64_t)(rnd() % 40);
			if (k == 0)
				since = CT_SINCE_ANY;
			if (k == 1)
				until = CT_UNTIL_ANY;
			ct_dataset *ds = ct_builder_slice(b, since, until);
			if (!ds || !slice_matches(ds, v, n, N_CAMS, names, since, until, false) ||
			    ct_builder_count_range(b, since, until) != ds->n_alerts)
				failures++;
			ct_dataset_free(ds);
		}
		ct_dataset *all = ct_builder_slice(b, CT_SINCE_ANY, CT_UNTIL_ANY);
		if (!all || !slice_matches(all, v, n, N_CAMS, names, 0, 0, true))
			failures++;
		ct_dataset_free(all);
		/* the builder is unchanged by slicing: finishing it still gives all */
		ct_dataset *fin = ct_builder_finish(b);
		if (!fin || !slice_matches(fin, v, n, N_CAMS, names, 0, 0, true))
			failures++;
		ct_dataset_free(fin);
		free(v);
	}
	is_int(failures, 0, "slices equal a brute-force filter, and count_range their size "
	       "(40 random builders, ties, untimed)");

	/* the boundaries themselves: since inclusive, until exclusive */
	ct_builder *b = ct_builder_new();
	int32_t c = ct_builder_camera(b, "s", 1, "1", 1);
	ct_builder_add_timed(b, (uint32_t)c, 0.1, false, 100);
	ct_builder_add_timed(b, (uint32_t)c, 0.2, false, 200);
	ct_builder_add_timed(b, (uint32_t)c, 0.3, true, 300);
	ct_builder_add(b, (uint32_t)c, 0.4, false); /* untimed */
	ct_dataset *d = ct_builder_slice(b, 200, 300);
	ok(d && d->n_alerts == 1 && d->cameras[0].fp[0] == 0.2, "[200, 300): only t = 200");
	ct_dataset_free(d);
	d = ct_builder_slice(b, 200, 301);
	ok(d && d->n_alerts == 2 && d->n_tp == 1, "[200, 301): t = 200 and 300");
	ct_dataset_free(d);
	d = ct_builder_slice(b, 301, 400);
	ok(d && d->n_alerts == 0 && d->n_cameras == 0, "an empty range: an empty dataset, not NULL");
	ct_dataset_free(d);
	d = ct_builder_slice(b, CT_SINCE_ANY, 1000);
	ok(d && d->n_alerts == 3, "one bound given: the untimed alert is left out");
	ct_dataset_free(d);
	d = ct_builder_slice(b, CT_SINCE_ANY, CT_UNTIL_ANY);
	ok(d && d->n_alerts == 4, "no bound: every alert, untimed included");
	ct_dataset_free(d);
	ct_builder_free(b);
}

/* ---- transfer ---------------------------------------------------------- */

static ct_dataset *make(const char *spec)
{
	/* "store:id:p:T|N ..." */
	ct_builder *b = ct_builder_new();
	char *copy = strdup(spec);
	for (char *tok = strtok(copy, " "); tok; tok = strtok(NULL, " ")) {
		char store[16], id[16], kind;
		double p;
		if (sscanf(tok, "%15[^:]:%15[^:]:%lf:%c", store, id, &p, &kind) != 4)
			abort();
		int32_t c = ct_builder_camera(b, store, strlen(store), id, strlen(id));
		ct_builder_add(b, (uint32_t)c, p, kind == 'T');
	}
	free(copy);
	return ct_builder_finish(b);
}

static void test_transfer(void)
{
	/* train: a:1 (T .8, N .2 .5), a:2 (N .3 .4, no theft), b:1 (T .6, N .1) */
	ct_dataset *train = make("a:1:0.8:T a:1:0.2:N a:1:0.5:N a:2:0.3:N a:2:0.4:N "
	                         "b:1:0.6:T b:1:0.1:N");
	/* test: a:1 has a theft at .55 and FP above and below; a:2 (muted) now
	 * has a theft and an FP above the history's top; c:9 is new */
	ct_dataset *test = make("a:1:0.55:T a:1:0.9:T a:1:0.6:N a:1:0.1:N "
	                        "a:2:0.95:T a:2:0.45:N c:9:0.1:N c:9:0.2:T");
	ct_solution sol = {0};
	sol.n_cameras = train->n_cameras;
	ct_option set[3];
	sol.setting = set;
	int32_t a1 = ct_dataset_find(train, "a", "1"), a2 = ct_dataset_find(train, "a", "2"),
	        b1 = ct_dataset_find(train, "b", "1");
	set[a1] = ct_camera_apply(&train->cameras[a1], 0.8); /* saves .2 .5 */
	set[a2] = (ct_option){0.4 + 1e-9, 0, 2, true};       /* muted */
	set[b1] = ct_camera_baseline(&train->cameras[b1]);
	ct_transfer tr;
	ok(ct_transfer_solution(train, &sol, train, &tr) == 0, "transfer onto itself");
	ok(tr.tp_lost == 0 && tr.fp_saved == 4 && tr.baseline_fp == 5, "itself: its own totals");
	ok(ct_transfer_solution(train, &sol, test, &tr) == 0, "transfer onto the test part");
	/* a:1 at .8 on test: loses .55, removes .6 and .1 -> lost 1, saved 2;
	 * a:2 muted: loses .95, saves .45 -> lost 1, saved 1 (the threshold
	 * alone would have kept both); c:9 unknown: baseline */
	is_int(tr.tp_lost, 2, "test: TP lost (a:1 one, muted a:2 one)");
	is_int(tr.fp_saved, 3, "test: FP saved (a:1 two, muted a:2 one)");
	is_int(tr.baseline_tp, 4, "test: baseline TP");
	is_int(tr.baseline_fp, 4, "test: baseline FP");
	is_int(tr.n_matched, 2, "test: two cameras known to the solution");
	is_int(tr.n_unmatched, 1, "test: c:9 unknown, at baseline");
	ct_option o = ct_transfer_setting(&set[a2], &test->cameras[ct_dataset_find(test, "a", "2")]);
	ok(o.muted && o.tp_lost == 1 && o.fp_saved == 1, "a muted setting keeps no alert");
	sol.n_cameras = 2;
	ok(ct_transfer_solution(train, &sol, test, &tr) != 0, "a solution of another size: refused");
	ct_dataset_free(train);
	ct_dataset_free(test);
}

/* ---- backtest ----------------------------------------------------------- */

static void test_backtest(void)
{
	ct_builder *b = ct_builder_new();
	int32_t c = ct_builder_camera(b, "s", 1, "1", 1);
	int32_t d = ct_builder_camera(b, "s", 1, "2", 1);
	/* period [0, 100): train; [100, 200): test */
	ct_builder_add_timed(b, (uint32_t)c, 0.9, true, 0);
	ct_builder_add_timed(b, (uint32_t)c, 0.1, false, 10);
	ct_builder_add_timed(b, (uint32_t)c, 0.2, false, 20);
	ct_builder_add_timed(b, (uint32_t)d, 0.5, false, 30); /* theft-free: free to mute */
	ct_builder_add_timed(b, (uint32_t)c, 0.3, true, 150);
	ct_builder_add_timed(b, (uint32_t)c, 0.1, false, 160);
	ct_builder_add_timed(b, (uint32_t)d, 0.7, true, 170);
	ct_builder_add_timed(b, (uint32_t)d, 0.6, false, 199);
	ct_builder_add(b, (uint32_t)d, 0.6, false); /* untimed: in no fold */

	ct_backtest_fold f[3];
	is_int(ct_backtest_rolling(b, CT_SINCE_ANY, CT_UNTIL_ANY, 1, f), 1, "rolling: one fold");
	ok(f[0].train_since == 0 && f[0].train_until == 100 && f[0].test_since == 100 &&
	   f[0].test_until == 200, "rolling: [0,100) then [100,200): the span ends after the last");
	is_int(ct_backtest_rolling(b, CT_SINCE_ANY, CT_UNTIL_ANY, 3, f), 3, "rolling: three folds");
	ok(f[0].train_until == 50 && f[1].train_until == 100 && f[2].train_until == 150 &&
	   f[2].test_until == 200 && f[1].test_since == f[1].train_until,
	   "rolling: four equal periods, each fold's test follows its train");
	is_int(ct_backtest_rolling(b, 100, CT_UNTIL_ANY, 1, f), 1, "rolling within --since");
	ok(f[0].train_since == 100 && f[0].train_until == 150 && f[0].test_until == 200,
	   "rolling: from --since when the data starts earlier");
	is_int(ct_backtest_rolling(b, -50, 180, 1, f), 1, "rolling within wide --since, --until");
	ok(f[0].train_since == 0 && f[0].train_until == 90 && f[0].test_until == 180,
	   "rolling: from the first alert to --until");

	const ct_strategy st[] = {CT_EXACT, CT_UNIFORM};
	const char *const tg[] = {"50%", "1"};
	ct_backtest_result res[4];
	ct_backtest_fold one;
	ct_backtest_split(b, CT_SINCE_ANY, CT_UNTIL_ANY, 100, &one);
	is_int(ct_backtest_run(b, &one, st, 2, tg, 2, res), CT_BACKTEST_OK, "run one split");
	/* exact at 50% of 3 train FP (1.5), fewest thefts first: no theft
	 * lost, and then the most FP: s:1 at .9 (saves .1 .2) and s:2 muted
	 * (free): 3 saved.  On the test part s:1 at .9 loses .3 and saves .1;
	 * muted s:2 loses .7 and saves .6 (its threshold alone would have kept
	 * both).  The test part's own optimum saves both FP losing nothing
	 * (s:1 at .3, s:2 at .7). */
	for (int t = 0; t < 2; t++) {
		const ct_backtest_result *r = &res[t];
		const char *what = t ? "target 1 (a count)" : "target 50%";
		ok(r->strategy == CT_EXACT && strcmp(r->target, tg[t]) == 0, "%s: strategy-major order", what);
		ok(r->train_tp == 1 && r->train_fp == 3, "%s: train part 1 TP, 3 FP", what);
		ok(r->plan_tp_lost == 0 && r->plan_fp_saved == 3 && r->plan_met, "%s: plan 0 lost, 3 saved", what);
		ok(r->test.baseline_tp == 2 && r->test.baseline_fp == 2,
		   "%s: test part 2 TP, 2 FP (the untimed alert in neither)", what);
		ok(r->test.tp_lost == 2 && r->test.fp_saved == 2, "%s: realised 2 lost, 2 saved", what);
		ok(r->test_met && r->test_target == 1.0, "%s: met against 1 FP", what);
		is_int(r->oracle_tp_lost, 0, "%s: the bound loses nothing at 2 FP saved", what);
	}
	ok(res[2].strategy == CT_UNIFORM && res[2].test.baseline_fp == 2 &&
	   res[2].oracle_tp_lost <= res[2].test.tp_lost, "uniform: its row, bound <= realised");

	ct_backtest_split(b, CT_SINCE_ANY, CT_UNTIL_ANY, 0, &one);
	is_int(ct_backtest_run(b, &one, st, 2, tg, 2, res), CT_BACKTEST_EMPTY_TRAIN,
	       "a train part with no alert is said so");
	ct_backtest_split(b, CT_SINCE_ANY, CT_UNTIL_ANY, 200, &one);
	is_int(ct_backtest_run(b, &one, st, 2, tg, 2, res), CT_BACKTEST_EMPTY_TEST,
	       "a test part with no alert is said so");
	ct_builder_free(b);

	ct_builder *u = ct_builder_new();
	int32_t e = ct_builder_camera(u, "s", 1, "1", 1);
	ct_builder_add(u, (uint32_t)e, 0.5, true);
	is_int(ct_backtest_rolling(u, CT_SINCE_ANY, CT_UNTIL_ANY, 3, f), 0, "no timed alert: no fold");
	ct_builder_free(u);
}

/* ---- the loader -------------------------------------------------------- */

static int load_text(const char *text, const char *camera_column, const char *time_column,
                     ct_dataset **ds, ct_quality *q)
{
	char path[] = "/tmp/camtune-time-XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0)
		return -1;
	FILE *f = fdopen(fd, "w");
	fputs(text, f);
	fclose(f);
	ct_load_opts o;
	memset(&o, 0, sizeof o);
	o.source.camera_column = camera_column;
	o.source.time_column = time_column;
	char err[512];
	int rc = ct_load_file(path, &o, ds, q, err, sizeof err);
	if (rc)
		tap_diag("%s", err);
	unlink(path);
	return rc;
}

static void test_loader(void)
{
	static const char two[] =
		"store;cam;video_name;when;label;probability\n"
		"s;1;2023-05-31_20h32m14s_to_x_camera_9_ip_1;2023-06-01T00:00;Theft;0.9\n"
		"s;1;2023-05-30_20h32m14s_to_x_camera_9_ip_1;2023-06-02;Other;0.1\n";
	ct_dataset *ds;
	ct_quality q;
	ok(load_text(two, NULL, NULL, &ds, &q) == 0 && q.time_first == 1685478734 &&
	   q.time_last == 1685565134 && ds->cameras[0].camera_id[0] == '9',
	   "default: camera and time both from video_name");
	ct_dataset_free(ds);
	ct_quality_free(&q);
	ok(load_text(two, "cam", NULL, &ds, &q) == 0 && q.time_first == 1685478734 &&
	   ds->cameras[0].camera_id[0] == '1', "--camera-column: the time still from video_name");
	ct_dataset_free(ds);
	ct_quality_free(&q);
	ok(load_text(two, "cam", "when", &ds, &q) == 0 && q.time_first == 1685577600 &&
	   q.time_last == 1685664000 && q.warned[CT_WARN_NO_TIME].count == 0,
	   "--time-column: ISO times from their column");
	ct_dataset_free(ds);
	ct_quality_free(&q);
	ok(load_text(two, "cam", "cam", &ds, &q) == 0 && ds->cameras[0].camera_id[0] == '1' &&
	   q.warned[CT_WARN_NO_TIME].count == 2 && q.warned[CT_WARN_NO_TIME].lines[1] == 3 &&
	   q.time_first == CT_NO_TIME,
	   "--time-column naming the camera column: shared, camera ids intact, no times (lines 2, 3)");
	ct_dataset_free(ds);
	ct_quality_free(&q);
	ok(load_text(two, NULL, "video_name", &ds, &q) == 0 && q.time_first == 1685478734 &&
	   ds->cameras[0].camera_id[0] == '9', "--time-column video_name: the same column twice");
	ct_dataset_free(ds);
	ct_quality_free(&q);
	ok(load_text(two, NULL, "nosuch", &ds, &q) == 65, "--time-column of a missing column: 65");
}

int main(void)
{
	test_parse();
	test_loader();
	test_slice();
	test_transfer();
	test_backtest();
	return tap_done();
}
