/* cmd_report.c -- `camtune report`: the uniformity report (is the model
 * equally good on every camera?) as text, Markdown or JSON. */
#include "config.h"

#include <errno.h>
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
	       "quality; per camera alerts, TP (~: fewer than 20 thefts), FP, theft rate,\n"
	       "ROC AUC with its 95%% interval (withheld below 5 thefts), average\n"
	       "precision, FP below the lowest theft (no theft in the history), FP kept\n"
	       "at recall 90%% and 50%% with their thresholds; the fleet's AUC spread,\n"
	       "cameras no better than chance (AUC interval <= 0.5), those too small to\n"
	       "judge, FP concentration and a verdict.  FILE may be '-' or gzip.\n\n"
	       "      --json              JSON (data_quality, cameras, summary)\n"
	       "      --markdown          Markdown\n"
	       "  -o, --output FILE       write to FILE (atomically) instead of stdout\n"
	       CLI_LOAD_HELP
	       "  -h, --help              show this help\n\n"
	       "Exit status: 0 ok, 64 usage error, 65 bad data, 66 cannot open input,\n"
	       "73 cannot create output, 74 read or write error (standard output).\n");
}

typedef struct report_opts {
	int json, markdown;
	const char *output;
} report_opts;

static int report_option(void *ctx, int opt, const char *arg)
{
	report_opts *o = ctx;
	if (opt != 'o')
		return cli_usage_error("report", "unknown option");
	o->output = arg;
	return CT_EXIT_OK;
}

static int report(cli_run *r, const report_opts *o)
{
	ct_report_format format = o->json ? CT_REPORT_JSON
	                          : o->markdown ? CT_REPORT_MARKDOWN : CT_REPORT_TEXT;
	ct_report rep;
	double t0 = cli_now();
	if (ct_report_build(&rep, r->ds, &r->q) != 0) {
		cli_error("out of memory");
		return CT_EXIT_FAILURE;
	}
	cli_stage("report", t0, "statistics of every camera");
	t0 = cli_now();
	int rc = CT_EXIT_OK;
	char err[1024];
	ct_atomic a;
	FILE *f = ct_atomic_open(&a, o->output ? o->output : "-", err, sizeof err);
	errno = 0;
	if (!f) {
		cli_error("%s", err);
		rc = a.code;
	} else if ((rc = ct_report_write(f, &rep, format)) == CT_EXIT_NOMEM) {
		ct_atomic_abort(&a);
		cli_error("out of memory");
	} else if (rc != 0) {
		rc = ct_atomic_fail(&a, errno, err, sizeof err);
		cli_error("%s", err);
	} else if ((rc = ct_atomic_commit(&a, err, sizeof err)) != CT_EXIT_OK) {
		cli_error("%s", err);
	} else {
		cli_stage("write", t0, "%s", o->output ? o->output : "standard output");
	}
	ct_report_free(&rep);
	return rc;
}

int cmd_report(int argc, char **argv)
{
	report_opts o = {0};
	const struct option longopts[] = {
		{"json", no_argument, &o.json, 1},
		{"markdown", no_argument, &o.markdown, 1},
		{"output", required_argument, NULL, 'o'},
		{NULL, 0, NULL, 0},
	};
	const cli_spec spec = {"report", "o:", longopts, false, false, help, CLI_THEFTS_REFUSE};
	cli_run r;
	int rc = cli_run_parse(&r, &spec, argc, argv, report_option, &o);
	if (rc == CT_EXIT_OK && o.json && o.markdown)
		rc = cli_usage_error("report", "--json and --markdown exclude each other");
	if (rc == CT_EXIT_OK)
		rc = cli_check_output("report", o.output, r.path);
	if (rc == CT_EXIT_OK)
		rc = cli_run_load(&r);
	if (rc == CT_EXIT_OK)
		rc = report(&r, &o);
	return cli_run_end(&r, rc);
}
