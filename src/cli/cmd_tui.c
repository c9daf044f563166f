/* cmd_tui.c -- `camtune [FILE]` and `camtune tui [OPTION]... [FILE]`: open
 * the interactive explorer.  Takes the same loading and analysis options
 * as the batch commands; refuses to start without a terminal. */
#include "config.h"

#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "tui/actions.h"
#include "tui/tui.h"

static void usage(FILE *out)
{
	fprintf(out,
	        "Usage: camtune [OPTION]... [FILE]\n"
	        "       camtune tui [OPTION]... [FILE]\n"
	        "Open the interactive explorer on FILE (default: the bundled demo data).\n"
	        "Needs a terminal; for scripts use a subcommand (camtune optimize FILE).\n\n"
	        "Loading:\n" CLI_LOAD_HELP
	        "Analysis:\n" CLI_ANALYSIS_HELP
	        "Explorer:\n"
	        "  -o, --output FILE       where `e` exports the thresholds (default thresholds.json)\n"
	        "      --ascii             draw plots with ASCII characters, not braille\n"
	        "      --list-actions      print every key and command, then exit\n"
	        "  -h, --help              show this help and exit\n\n"
	        "In the explorer, ? lists the keys and : opens the command prompt.\n");
}

int cmd_tui(int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_LOAD_LONGOPTS,
		CLI_ANALYSIS_LONGOPTS,
		{"output", required_argument, NULL, 'o'},
		{"ascii", no_argument, NULL, 1201},
		{"list-actions", no_argument, NULL, 1202},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *cmd = strcmp(argv[0], "tui") == 0 ? "tui" : NULL;
	cli_load load;
	cli_analysis an;
	cli_load_init(&load);
	cli_analysis_init(&an);
	bool ascii = false;
	const char *output = NULL;
	char *shown = NULL;
	int rc = CT_EXIT_OK, opt;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "d:qvt:s:o:h", longopts, NULL)) != -1) {
		int r = cli_load_option(&load, cmd, opt, optarg);
		if (r == 0)
			r = cli_analysis_option(&an, cmd, opt, optarg);
		if (r < 0) {
			rc = CT_EXIT_USAGE;
			goto out;
		}
		if (r > 0)
			continue;
		switch (opt) {
		case 'o':
			output = optarg;
			break;
		case 1201:
			ascii = true;
			break;
		case 1202:
			tui_list_actions(stdout);
			goto out;
		case 'h':
			usage(stdout);
			goto out;
		default:
			rc = cli_usage_error(cmd, "unknown option");
			goto out;
		}
	}
	if (argc - optind > 1) {
		rc = cli_usage_error(cmd, "one FILE at most (got %d)", argc - optind);
		goto out;
	}
	const char *path = optind < argc ? argv[optind] : cli_demo_path();
	/* a database URI without its password, wherever it is shown */
	shown = ct_source_display_name(path);
	if (!shown) {
		cli_error("out of memory");
		rc = CT_EXIT_FAILURE;
		goto out;
	}
	if ((load.opts.source.table || load.opts.source.query) && !ct_source_is_database(path)) {
		rc = cli_usage_error(cmd, "--%s: only with a database as FILE (postgresql://...)",
		                     load.opts.source.table ? "table" : "query");
		goto out;
	}
	if ((rc = cli_check_output(cmd, output, path)) != CT_EXIT_OK)
		goto out;
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		cli_error("the explorer needs a terminal on standard input and output;\n"
		          "  for scripts use a subcommand, e.g. 'camtune optimize %s' (see 'camtune --help')",
		          shown);
		rc = CT_EXIT_USAGE;
		goto out;
	}

	/* Load with the "loading" screen up; the quality report is shown in
	 * the explorer's data-quality pane, not on stderr. */
	ct_dataset *ds = NULL;
	ct_quality q;
	memset(&q, 0, sizeof q);
	char err[1024] = "";
	load.opts.source.show_progress = 0;
	load.opts.progress = tui_loading_progress;
	load.opts.progress_ctx = shown;
	/* every row stays in a builder for :since, :until and the backtest */
	ct_builder *builder = NULL;
	load.opts.builder_out = &builder;
	if (tui_loading_begin() != 0) {
		cli_error("cannot initialise the terminal (TERM=%s)", getenv("TERM") ? getenv("TERM") : "");
		rc = CT_EXIT_FAILURE;
		goto out;
	}
	tui_loading_progress(shown, 0, 0);
	rc = ct_load_file(path, &load.opts, &ds, &q, err, sizeof err);
	tui_loading_end();
	if (rc != 0) {
		cli_error("%s", err[0] ? err : "cannot load data");
		ct_quality_free(&q);
		goto out;
	}

	cli_scope scope;
	rc = cli_scope_init(&scope, &an, ds);
	if (rc == CT_EXIT_OK) {
		ct_model_params mp;
		ct_model_defaults(&mp);
		mp.confidence = an.confidence;
		mp.volume_cv = an.volume_cv;
		tui_config cfg = {
			.model = &mp,
			.ds = scope.ds,
			.opts = scope.opts,
			.quality = &q,
			.source = shown,
			.target_text = an.target_text,
			.strategy = an.strategy,
			.min_recall = an.min_recall,
			.excluded = scope.excluded,
			.locked = scope.locked,
			.ascii = ascii,
			.export_path = output,
			/* re-slicing starts from every camera: not with --store */
			.builder = scope.ds_owned ? NULL : builder,
			.has_since = load.opts.has_since,
			.has_until = load.opts.has_until,
			.since = load.opts.since,
			.until = load.opts.until,
		};
		rc = tui_run_terminal(&cfg);
	}
	cli_scope_free(&scope);
	ct_dataset_free(ds);
	ct_builder_free(builder);
	ct_quality_free(&q);
out:
	free(shown);
	cli_analysis_free(&an);
	cli_load_free(&load);
	return rc;
}
