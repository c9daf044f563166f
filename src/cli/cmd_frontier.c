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
	       "  -s, --strategy S        robust (default), exact, hull, uniform, greedy, lazy\n"
	       "      --json              JSON: {strategy, baseline_tp, baseline_fp, points}\n"
	       "      --min-recall R, --lock T.json, --exclude STORE[:CAMERA],\n"
	       "      --store S --camera C  constraints, as for optimize\n"
	       CLI_LOAD_HELP
	       "  -h, --help              show this help\n");
}

static int frontier(cli_run *r, int json)
{
	ct_frontier f;
	double t0 = cli_now();
	int failed = ct_frontier_compute(r->scope.problem, r->an.strategy, &f);
	cli_stage("frontier", t0, "%s", ct_strategy_name(r->an.strategy));
	if (failed != 0) {
		cli_error("out of memory");
		return CT_EXIT_FAILURE;
	}
	const ct_dataset *d = r->scope.ds;
	int rc = CT_EXIT_OK;
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
		rc = cli_print_json(doc);
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
	return rc;
}

int cmd_frontier(int argc, char **argv)
{
	int json = 0;
	const struct option longopts[] = {
		{"json", no_argument, &json, 1},
		{NULL, 0, NULL, 0},
	};
	const cli_spec spec = {"frontier", "", longopts, true, false, help, CLI_THEFTS_REFUSE};
	cli_run r;
	int rc = cli_run_parse(&r, &spec, argc, argv, NULL, NULL);
	if (rc == CT_EXIT_OK)
		rc = cli_run_load(&r);
	if (rc == CT_EXIT_OK)
		rc = frontier(&r, json);
	return cli_run_end(&r, rc);
}
