/* cmd_backtest.c -- `camtune backtest`: choose thresholds on the earlier
 * part of the history, apply them to the later part, and compare with what
 * the later part itself would have allowed (doc/domain.md "Out-of-sample
 * decisions").  The folds and their counts come from core/backtest.h; this
 * file parses the options and prints. */
#include "config.h"

#include <cjson/cJSON.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "io/escape.h"
#include "core/backtest.h"
#include "io/thresholds.h"

#define MAX_TARGETS 16
#define MAX_FOLDS 100
#define DEFAULT_FOLDS 3
static const char *const default_targets[] = {"10%", "30%", "50%"};

static void help(void)
{
	printf("Usage: camtune backtest [--train-until DATE | --folds N] [OPTION]... FILE\n"
	       "Split FILE by time, choose thresholds on the earlier part, apply them\n"
	       "(probability >= threshold, muted cameras keep nothing) to the later part.\n"
	       "Per fold, strategy and target: the plan (TP lost, FP saved %% on the\n"
	       "train part), the realised figures on the test part (FP saved as %% of its\n"
	       "baseline FP, target met or not, TP lost and %% of its thefts) and the test\n"
	       "part's own optimum at the FP actually saved (the bound); then the mean\n"
	       "and range over folds.  Alerts without a time are left out.\n\n"
	       "      --folds N           rolling origin over N+1 equal time periods: fold i\n"
	       "                          trains on periods 1..i, tests on i+1 (default 3)\n"
	       "      --train-until DATE  one fold: train before DATE, test from DATE on\n"
	       "  -s, --strategy S[,S...] strategies to run, or 'all' (default: all)\n"
	       "  -t, --target T[,T...]   targets, counts or percentages of each part's\n"
	       "                          baseline FP (default: 10%%,30%%,50%%)\n"
	       "      --json              print the backtest as JSON\n"
	       CLI_LOAD_HELP
	       "  -h, --help              show this help\n\n"
	       "Exit status: 0; 64 usage error; 65 bad data, no alert with a readable\n"
	       "time, or no fold with both a train and a test part.\n");
}

typedef struct bt_opts {
	int folds;
	bool folds_given;
	bool has_train_until;
	int64_t train_until;
	ct_strategy strategies[CT_N_STRATEGIES];
	size_t n_strategies;
	char *target_buf;
	const char *targets[MAX_TARGETS];
	size_t n_targets;
	int json;
} bt_opts;

static void strategy_names(char *buf, size_t len)
{
	size_t at = 0;
	buf[0] = '\0';
	for (int s = 0; s < CT_N_STRATEGIES && at < len; s++) {
		int w = snprintf(buf + at, len - at, "%s%s", s ? ", " : "",
		                 ct_strategy_name((ct_strategy)s));
		if (w < 0)
			break;
		at += (size_t)w;
	}
}

static int parse_strategies(bt_opts *o, const char *arg)
{
	o->n_strategies = 0;
	if (strcmp(arg, "all") == 0) {
		for (int s = 0; s < CT_N_STRATEGIES; s++)
			o->strategies[o->n_strategies++] = (ct_strategy)s;
		return CT_EXIT_OK;
	}
	bool seen[CT_N_STRATEGIES] = {false};
	const char *p = arg;
	for (;;) {
		const char *comma = strchr(p, ',');
		size_t n = comma ? (size_t)(comma - p) : strlen(p);
		char name[64];
		if (n == 0 || n >= sizeof name)
			return cli_usage_error("backtest", "--strategy: empty or overlong name in '%s'", arg);
		memcpy(name, p, n);
		name[n] = '\0';
		int s = ct_strategy_parse(name);
		if (s < 0) {
			char all[256];
			strategy_names(all, sizeof all);
			return cli_usage_error("backtest", "--strategy: unknown strategy '%s' (%s, or all)",
			                       name, all);
		}
		if (!seen[s])
			o->strategies[o->n_strategies++] = (ct_strategy)s;
		seen[s] = true;
		if (!comma)
			break;
		p = comma + 1;
	}
	return CT_EXIT_OK;
}

static int parse_targets(bt_opts *o, const char *arg)
{
	free(o->target_buf);
	o->target_buf = strdup(arg);
	if (!o->target_buf) {
		cli_error("out of memory");
		return CT_EXIT_FAILURE;
	}
	o->n_targets = 0;
	for (char *tok = o->target_buf, *next; tok; tok = next) {
		next = strchr(tok, ',');
		if (next)
			*next++ = '\0';
		double x;
		if (!*tok || ct_target_parse(tok, 1000, &x) != 0)
			return cli_usage_error("backtest",
			                       "--target: '%s' is not a count (12000) or a percentage (10%%)",
			                       tok);
		if (o->n_targets == MAX_TARGETS)
			return cli_usage_error("backtest", "--target: at most %d targets", MAX_TARGETS);
		o->targets[o->n_targets++] = tok;
	}
	return CT_EXIT_OK;
}

static int bt_option(void *ctx, int opt, const char *arg)
{
	bt_opts *o = ctx;
	char *end;
	switch (opt) {
	case 's':
		return parse_strategies(o, arg);
	case 't':
		return parse_targets(o, arg);
	case 1201: {
		long n = strtol(arg, &end, 10);
		if (end == arg || *end || n < 1 || n > MAX_FOLDS)
			return cli_usage_error("backtest", "--folds: '%s' is not a number from 1 to %d",
			                       arg, MAX_FOLDS);
		o->folds = (int)n;
		o->folds_given = true;
		return CT_EXIT_OK;
	}
	case 1202:
		if (ct_parse_iso_time(arg, &o->train_until) != 0)
			return cli_usage_error("backtest",
			                       "--train-until: '%s' is not a date (YYYY-MM-DD, optionally THH:MM, UTC)",
			                       arg);
		o->has_train_until = true;
		return CT_EXIT_OK;
	default:
		return cli_usage_error("backtest", "unknown option or missing argument");
	}
}

/* ---- printing ------------------------------------------------------------ */

static void fmt_pct(char *buf, size_t len, double v)
{
	if (isnan(v))
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, "%.1f%%", v);
}

static cJSON *json_count(uint64_t v)
{
	char buf[32];
	snprintf(buf, sizeof buf, "%llu", (unsigned long long)v);
	return cJSON_CreateRaw(buf);
}

static cJSON *json_range(int64_t since, int64_t until)
{
	char a[24], z[24];
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "since", ct_format_time(a, sizeof a, since));
	cJSON_AddStringToObject(o, "until", ct_format_time(z, sizeof z, until));
	return o;
}

static void print_fold_head(int i, const ct_backtest_fold *f)
{
	char a[24], z[24], c[24], d[24];
	printf("fold %d: train %s until %s, test %s until %s\n", i + 1,
	       ct_format_time(a, sizeof a, f->train_since), ct_format_time(z, sizeof z, f->train_until),
	       ct_format_time(c, sizeof c, f->test_since), ct_format_time(d, sizeof d, f->test_until));
}

static void print_results(const ct_backtest_result *res, size_t n)
{
	char b1[32], b2[32], b3[32], b4[32];
	if (n) {
		printf("  train %s TP, %s FP; test %s TP, %s FP\n", cli_fmt_count(b1, res[0].train_tp),
		       cli_fmt_count(b2, res[0].train_fp), cli_fmt_count(b3, res[0].test.baseline_tp),
		       cli_fmt_count(b4, res[0].test.baseline_fp));
	}
	printf("  %-8s %-7s %9s %9s   %9s %7s %9s %-4s %9s\n", "strategy", "target", "plan lost",
	       "plan FP%", "test lost", "TP%", "test FP%", "met", "bound");
	for (size_t k = 0; k < n; k++) {
		const ct_backtest_result *r = &res[k];
		char p1[16], p2[16], p3[16];
		fmt_pct(p1, sizeof p1, ct_backtest_pct(r->plan_fp_saved, r->train_fp));
		fmt_pct(p2, sizeof p2, ct_backtest_pct(r->test.tp_lost, r->test.baseline_tp));
		fmt_pct(p3, sizeof p3, ct_backtest_pct(r->test.fp_saved, r->test.baseline_fp));
		printf("  %-8s %-7s %9llu %9s   %9llu %7s %9s %-4s %9llu\n",
		       ct_strategy_name(r->strategy), r->target, (unsigned long long)r->plan_tp_lost, p1,
		       (unsigned long long)r->test.tp_lost, p2, p3, r->test_met ? "yes" : "NO",
		       (unsigned long long)r->oracle_tp_lost);
	}
}

static cJSON *json_results(const ct_backtest_result *res, size_t n)
{
	cJSON *a = cJSON_CreateArray();
	for (size_t k = 0; k < n; k++) {
		const ct_backtest_result *r = &res[k];
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "strategy", ct_strategy_name(r->strategy));
		cJSON_AddStringToObject(o, "target", r->target);
		cJSON *plan = cJSON_AddObjectToObject(o, "plan");
		cJSON_AddItemToObject(plan, "tp_lost", json_count(r->plan_tp_lost));
		cJSON_AddItemToObject(plan, "fp_saved", json_count(r->plan_fp_saved));
		cJSON *t = cJSON_AddObjectToObject(o, "test");
		cJSON_AddItemToObject(t, "baseline_tp", json_count(r->test.baseline_tp));
		cJSON_AddItemToObject(t, "baseline_fp", json_count(r->test.baseline_fp));
		cJSON_AddItemToObject(t, "tp_lost", json_count(r->test.tp_lost));
		cJSON_AddItemToObject(t, "fp_saved", json_count(r->test.fp_saved));
		cJSON_AddBoolToObject(t, "target_met", r->test_met);
		cJSON_AddItemToObject(o, "oracle_tp_lost", json_count(r->oracle_tp_lost));
		cJSON_AddItemToArray(a, o);
	}
	return a;
}

static cJSON *stat_json(const ct_backtest_stat *s)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddItemToObject(o, "mean", s->n ? ct_json_number(ct_backtest_stat_mean(s)) : cJSON_CreateNull());
	cJSON_AddItemToObject(o, "min", s->n ? ct_json_number(s->min) : cJSON_CreateNull());
	cJSON_AddItemToObject(o, "max", s->n ? ct_json_number(s->max) : cJSON_CreateNull());
	return o;
}

/* ---- the run -------------------------------------------------------------- */

static const char *empty_text(int code)
{
	return code == CT_BACKTEST_EMPTY_TRAIN ? "the train part has no alert"
	                                       : "the test part has no alert";
}

static int backtest(cli_run *r, bt_opts *o, const ct_builder *b)
{
	const ct_load_opts *lo = &r->load.opts;
	int64_t since = lo->has_since ? lo->since : CT_SINCE_ANY;
	int64_t until = lo->has_until ? lo->until : CT_UNTIL_ANY;
	const char *name = r->q.source;
	if (r->q.time_first == CT_NO_TIME) {
		const ct_quality_count *nt = &r->q.warned[CT_WARN_NO_TIME];
		cli_error("%s: no alert has a readable time (%llu without one, first at line %llu): "
		          "backtest splits by time; see --time-column",
		          name, (unsigned long long)nt->count,
		          (unsigned long long)(nt->count ? nt->lines[0] : 0));
		return CT_EXIT_DATAERR;
	}
	int n_folds = o->has_train_until ? 1 : o->folds;
	ct_backtest_fold *folds = calloc((size_t)n_folds, sizeof *folds);
	size_t per_fold = o->n_strategies * o->n_targets;
	ct_backtest_result *res = calloc(per_fold, sizeof *res);
	ct_backtest_summary *sum = calloc(per_fold, sizeof *sum);
	cJSON *doc = NULL, *jfolds = NULL;
	int rc = CT_EXIT_OK;
	if (!folds || !res || !sum)
		goto oom;
	int got = o->has_train_until ? ct_backtest_split(b, since, until, o->train_until, folds)
	                             : ct_backtest_rolling(b, since, until, n_folds, folds);
	if (got <= 0) {
		cli_error("%s: no alert with a time in the range loaded", name);
		rc = CT_EXIT_DATAERR;
		goto out;
	}
	if (o->json) {
		doc = cJSON_CreateObject();
		jfolds = cJSON_AddArrayToObject(doc, "folds");
	} else {
		char a[24], z[24], nb[CT_SHOWN_MAX];
		printf("backtest of %s: %s to %s, ", ct_shown(name, nb, sizeof nb), ct_format_time(a, sizeof a, r->q.time_first),
		       ct_format_time(z, sizeof z, r->q.time_last));
		if (o->has_train_until)
			printf("one split at %s\n", ct_format_time(a, sizeof a, o->train_until));
		else
			printf("%d fold%s, rolling origin over %d equal periods\n", n_folds,
			       n_folds > 1 ? "s" : "", n_folds + 1);
		printf("plan: on the train part; test: the same thresholds on the test part "
		       "(%% of its baseline); bound: the test part's own optimum at the FP saved\n");
	}
	bool progress = !cli_quiet && isatty(STDERR_FILENO) && n_folds > 1;
	int ran = 0;
	for (int i = 0; i < n_folds; i++) {
		if (progress)
			fprintf(stderr, "\rbacktest: fold %d of %d...\033[K", i + 1, n_folds);
		int code = ct_backtest_run(b, &folds[i], o->strategies, o->n_strategies, o->targets,
		                           o->n_targets, res);
		if (progress)
			fputs("\r\033[K", stderr);
		if (code == CT_BACKTEST_OOM)
			goto oom;
		if (code == CT_BACKTEST_BAD_TARGET) {
			cli_error("a target cannot be read against the train part");
			rc = CT_EXIT_USAGE;
			goto out;
		}
		if (!o->json) {
			putchar('\n');
			print_fold_head(i, &folds[i]);
		}
		if (code != CT_BACKTEST_OK) {
			if (o->has_train_until) {
				char a[24], z[24], y[24];
				cli_error("%s: --train-until %s: %s (the data runs from %s to %s)", name,
				          ct_format_time(a, sizeof a, o->train_until), empty_text(code),
				          ct_format_time(z, sizeof z, r->q.time_first),
				          ct_format_time(y, sizeof y, r->q.time_last));
				rc = CT_EXIT_DATAERR;
				goto out;
			}
			if (!o->json)
				printf("  skipped: %s\n", empty_text(code));
			else
				cli_warn("fold %d skipped: %s", i + 1, empty_text(code));
		} else {
			ran++;
			/* a fold without a theft is a fact of its period, not a
			 * mistake in the labels: said, not refused */
			if (per_fold && (res[0].train_tp == 0 || res[0].test.baseline_tp == 0)) {
				char *seen = cli_labels_text(&r->q, -1, 20);
				cli_warn("fold %d: no theft in its %s part (labels of the data: %s)", i + 1,
				         res[0].train_tp == 0 ? "train" : "test",
				         seen && *seen ? seen : "not known");
				free(seen);
			}
			for (size_t k = 0; k < per_fold; k++)
				ct_backtest_summary_add(&sum[k], &res[k]);
			if (!o->json)
				print_results(res, per_fold);
		}
		if (o->json) {
			cJSON *f = cJSON_CreateObject();
			cJSON_AddItemToObject(f, "train", json_range(folds[i].train_since, folds[i].train_until));
			cJSON_AddItemToObject(f, "test", json_range(folds[i].test_since, folds[i].test_until));
			if (code == CT_BACKTEST_OK)
				cJSON_AddItemToObject(f, "results", json_results(res, per_fold));
			else {
				cJSON_AddArrayToObject(f, "results");
				cJSON_AddStringToObject(f, "skipped", empty_text(code));
			}
			cJSON_AddItemToArray(jfolds, f);
		}
	}
	if (ran == 0) {
		cli_error("%s: no fold has both a train and a test part (the data's times are too "
		          "few or too close together for %d folds)",
		          name, n_folds);
		rc = CT_EXIT_DATAERR;
		goto out;
	}
	cJSON *jsum = o->json ? cJSON_AddArrayToObject(doc, "summary") : NULL;
	if (!o->json) {
		printf("\nsummary over %d fold%s (test part): mean [min, max]\n", ran, ran > 1 ? "s" : "");
		printf("  %-8s %-7s %-22s %-22s %-5s %s\n", "strategy", "target", "TP lost % of thefts",
		       "FP saved % of FP", "met", "bound TP lost %");
	}
	for (size_t s = 0; s < o->n_strategies; s++)
		for (size_t t = 0; t < o->n_targets; t++) {
			const ct_backtest_summary *w = &sum[s * o->n_targets + t];
			const char *sn = ct_strategy_name(o->strategies[s]);
			if (o->json) {
				cJSON *row = cJSON_CreateObject();
				cJSON_AddStringToObject(row, "strategy", sn);
				cJSON_AddStringToObject(row, "target", o->targets[t]);
				cJSON_AddNumberToObject(row, "folds", w->folds);
				cJSON_AddItemToObject(row, "tp_lost_pct", stat_json(&w->tp_lost_pct));
				cJSON_AddItemToObject(row, "fp_saved_pct", stat_json(&w->fp_saved_pct));
				cJSON_AddNumberToObject(row, "target_met", w->met);
				cJSON_AddItemToObject(row, "oracle_tp_lost_pct", stat_json(&w->oracle_pct));
				cJSON_AddItemToArray(jsum, row);
			} else {
				char x[48], y[48], z[48], m[16];
				ct_backtest_stat_text(x, sizeof x, &w->tp_lost_pct);
				ct_backtest_stat_text(y, sizeof y, &w->fp_saved_pct);
				ct_backtest_stat_text(z, sizeof z, &w->oracle_pct);
				snprintf(m, sizeof m, "%d/%d", w->met, w->folds);
				printf("  %-8s %-7s %-22s %-22s %-5s %s\n", sn, o->targets[t], x, y, m, z);
			}
		}
	if (o->json) {
		rc = cli_print_json(doc);
		doc = NULL;
	}
	goto out;
oom:
	cli_error("out of memory");
	rc = CT_EXIT_FAILURE;
out:
	cJSON_Delete(doc);
	free(folds);
	free(res);
	free(sum);
	return rc;
}

int cmd_backtest(int argc, char **argv)
{
	bt_opts o = {.folds = DEFAULT_FOLDS};
	for (int s = 0; s < CT_N_STRATEGIES; s++)
		o.strategies[o.n_strategies++] = (ct_strategy)s;
	for (size_t t = 0; t < sizeof default_targets / sizeof *default_targets; t++)
		o.targets[o.n_targets++] = default_targets[t];
	const struct option longopts[] = {
		{"folds", required_argument, NULL, 1201},
		{"train-until", required_argument, NULL, 1202},
		{"strategy", required_argument, NULL, 's'},
		{"target", required_argument, NULL, 't'},
		{"json", no_argument, &o.json, 1},
		{NULL, 0, NULL, 0},
	};
	const cli_spec spec = {"backtest", "s:t:", longopts, false, false, help, CLI_THEFTS_REFUSE};
	cli_run r;
	ct_builder *b = NULL;
	int rc = cli_run_parse(&r, &spec, argc, argv, bt_option, &o);
	if (rc == CT_EXIT_OK && o.folds_given && o.has_train_until)
		rc = cli_usage_error("backtest", "--folds and --train-until exclude each other");
	if (rc == CT_EXIT_OK) {
		/* every row stays in the builder: each fold slices its own parts */
		r.load.opts.builder_out = &b;
		/* a database's summary holds no times: read its alerts, unless
		 * --pushdown says otherwise (refused below) */
		if (r.load.opts.source.pushdown == 0 && ct_source_is_database(r.path))
			r.load.opts.source.pushdown = -1;
		rc = cli_run_load(&r);
	}
	if (rc == CT_EXIT_OK && r.q.is_summary) {
		cli_error("%s: a summary holds no alert times: backtest needs the alerts themselves "
		          "(the file or table the summary was made from)", r.q.source);
		rc = CT_EXIT_DATAERR;
	}
	if (rc == CT_EXIT_OK) {
		/* the whole-range dataset is not needed: give its memory back */
		ct_dataset_free(r.ds);
		r.ds = NULL;
		rc = backtest(&r, &o, b);
	}
	ct_builder_free(b);
	free(o.target_buf);
	return cli_run_end(&r, rc);
}
