/* cmd_frontier.c -- `camtune frontier`: the fleet trade-off curve, the most
 * FP a strategy saves losing at most k thefts, for every k. */
#include "config.h"

#include <cjson/cJSON.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "io/thresholds.h"

static void help(void)
{
	printf("Usage: camtune frontier [OPTION]... FILE\n"
	       "Print the fleet trade-off: for every number k of thefts lost, the most\n"
	       "false positives the strategy saves losing at most k.\n\n"
	       "  -s, --strategy S        exact (default), hull, uniform, greedy, lazy\n"
	       "      --json              JSON: {strategy, baseline_tp, baseline_fp, points}\n"
	       "      --min-recall R, --lock T.json, --exclude STORE[:CAMERA],\n"
	       "      --store S --camera C  constraints, as for optimize\n"
	       CLI_LOAD_HELP
	       "  -h, --help              show this help\n");
}

int cmd_frontier(int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_ANALYSIS_LONGOPTS,
		CLI_LOAD_LONGOPTS,
		{"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	cli_load load;
	cli_analysis an;
	cli_load_init(&load);
	cli_analysis_init(&an);
	int json = 0, rc = CT_EXIT_OK, c;
	optind = 0;
	while ((c = getopt_long(argc, argv, "t:s:d:qvh", longopts, NULL)) != -1) {
		int r = cli_load_option(&load, "frontier", c, optarg);
		if (r == 0)
			r = cli_analysis_option(&an, "frontier", c, optarg);
		if (r < 0) {
			rc = CT_EXIT_USAGE;
			goto out;
		}
		if (r > 0)
			continue;
		if (c == 'j') {
			json = 1;
		} else if (c == 'h') {
			help();
			goto out;
		} else {
			rc = cli_usage_error("frontier", "unknown option");
			goto out;
		}
	}
	if (argc - optind != 1) {
		rc = cli_usage_error("frontier", argc - optind ? "one FILE expected" : "missing FILE");
		goto out;
	}
	ct_dataset *ds = NULL;
	ct_quality q;
	memset(&q, 0, sizeof q);
	cli_scope scope;
	memset(&scope, 0, sizeof scope);
	rc = cli_load_file(&load, argv[optind], &ds, &q);
	if (rc != CT_EXIT_OK)
		goto out_q;
	rc = cli_scope_init(&scope, &an, ds);
	if (rc != CT_EXIT_OK)
		goto out_scope;
	ct_frontier f;
	if (ct_frontier_compute(scope.problem, an.strategy, &f) != 0) {
		cli_error("out of memory");
		rc = CT_EXIT_FAILURE;
		goto out_scope;
	}
	const ct_dataset *d = scope.ds;
	if (json) {
		cJSON *doc = cJSON_CreateObject();
		cJSON_AddStringToObject(doc, "strategy", ct_strategy_name(f.strategy));
		cJSON_AddNumberToObject(doc, "baseline_tp", (double)d->n_tp);
		cJSON_AddNumberToObject(doc, "baseline_fp", (double)d->n_fp);
		cJSON *pts = cJSON_AddArrayToObject(doc, "points");
		for (size_t k = 0; k < f.n; k++) {
			cJSON *p = cJSON_CreateObject();
			cJSON_AddNumberToObject(p, "tp_lost", (double)k);
			cJSON_AddNumberToObject(p, "fp_saved", (double)f.fp_saved[k]);
			cJSON_AddItemToArray(pts, p);
		}
		char *text = ct_json_print(doc);
		cJSON_Delete(doc);
		if (!text) {
			cli_error("out of memory");
			rc = CT_EXIT_FAILURE;
		} else {
			fputs(text, stdout);
			free(text);
		}
	} else {
		printf("# strategy %s, baseline %llu TP, %llu FP\n", ct_strategy_name(f.strategy),
		       (unsigned long long)d->n_tp, (unsigned long long)d->n_fp);
		printf("%8s %10s %7s %8s\n", "tp_lost", "fp_saved", "fp_%", "recall");
		for (size_t k = 0; k < f.n; k++)
			printf("%8zu %10llu %6.2f%% %7.2f%%\n", k, (unsigned long long)f.fp_saved[k],
			       d->n_fp ? 100.0 * (double)f.fp_saved[k] / (double)d->n_fp : 0.0,
			       d->n_tp ? 100.0 * (double)(d->n_tp - k) / (double)d->n_tp : 0.0);
	}
	ct_frontier_free(&f);
out_scope:
	cli_scope_free(&scope);
	if (ds)
		ct_dataset_free(ds);
out_q:
	ct_quality_free(&q);
out:
	cli_analysis_free(&an);
	cli_load_free(&load);
	return rc;
}
