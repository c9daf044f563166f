/* cmd_report.c -- `camtune report`: the uniformity report (is the model
 * equally good on every camera?) as text, Markdown or JSON. */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "io/atomic.h"
#include "report/report.h"

static void help(void)
{
	printf("Usage: camtune report [OPTION]... FILE\n"
	       "Report how uniformly the model ranks thefts across cameras: the data\n"
	       "quality; per camera alerts, TP, FP, theft rate, ROC AUC, average\n"
	       "precision, FP removable for free, FP kept at recall 90%% and 50%% with\n"
	       "their thresholds; the fleet's AUC spread, cameras no better than chance,\n"
	       "FP concentration and a verdict.  FILE may be '-' or gzip.\n\n"
	       "      --json              JSON (data_quality, cameras, summary)\n"
	       "      --markdown          Markdown\n"
	       "  -o, --output FILE       write to FILE (atomically) instead of stdout\n"
	       CLI_LOAD_HELP
	       "  -h, --help              show this help\n\n"
	       "Exit status: 0 ok, 64 usage error, 65 bad data, 66 cannot open input,\n"
	       "73 cannot create output.\n");
}

int cmd_report(int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_LOAD_LONGOPTS,
		{"json", no_argument, NULL, 'j'},
		{"markdown", no_argument, NULL, 'm'},
		{"output", required_argument, NULL, 'o'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	cli_load load;
	cli_load_init(&load);
	ct_report_format format = CT_REPORT_TEXT;
	const char *output = NULL;
	int rc = CT_EXIT_OK, c, formats = 0;
	optind = 0;
	while ((c = getopt_long(argc, argv, "o:d:qvh", longopts, NULL)) != -1) {
		int r = cli_load_option(&load, "report", c, optarg);
		if (r < 0) {
			rc = CT_EXIT_USAGE;
			goto out;
		}
		if (r > 0)
			continue;
		switch (c) {
		case 'j':
			format = CT_REPORT_JSON;
			formats |= 1;
			break;
		case 'm':
			format = CT_REPORT_MARKDOWN;
			formats |= 2;
			break;
		case 'o':
			output = optarg;
			break;
		case 'h':
			help();
			goto out;
		default:
			rc = cli_usage_error("report", "unknown option");
			goto out;
		}
	}
	if (formats == 3) {
		rc = cli_usage_error("report", "--json and --markdown exclude each other");
		goto out;
	}
	if (argc - optind != 1) {
		rc = cli_usage_error("report", argc - optind ? "one FILE expected" : "missing FILE");
		goto out;
	}

	ct_dataset *ds = NULL;
	ct_quality q;
	memset(&q, 0, sizeof q);
	rc = cli_load_file(&load, argv[optind], &ds, &q);
	if (rc != CT_EXIT_OK)
		goto out_q;
	ct_report rep;
	if (ct_report_build(&rep, ds, &q) != 0) {
		cli_error("out of memory");
		rc = CT_EXIT_FAILURE;
		goto out_ds;
	}
	char err[1024];
	ct_atomic a;
	FILE *f = ct_atomic_open(&a, output ? output : "-", err, sizeof err);
	if (!f) {
		cli_error("%s", err);
		rc = CT_EXIT_CANTCREAT;
		goto out_rep;
	}
	if (ct_report_write(f, &rep, format) != 0) {
		ct_atomic_abort(&a);
		cli_error("%s: cannot write the report", output ? output : "standard output");
		rc = output ? CT_EXIT_CANTCREAT : CT_EXIT_FAILURE;
		goto out_rep;
	}
	if (ct_atomic_commit(&a, err, sizeof err) != 0) {
		cli_error("%s", err);
		rc = CT_EXIT_CANTCREAT;
	}
out_rep:
	ct_report_free(&rep);
out_ds:
	ct_dataset_free(ds);
out_q:
	ct_quality_free(&q);
out:
	cli_load_free(&load);
	return rc;
}
