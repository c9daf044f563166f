/* cmd_tui.c -- `camtune [FILE]` and `camtune tui [OPTION]... [FILE]`: open
 * the interactive explorer.  Takes the same loading and analysis options
 * as the batch commands; refuses to start without a terminal, except with
 * --script, which runs keys and :commands from a file with no terminal and
 * writes the screen as text (--dump-screen). */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "io/atomic.h"
#include "io/escape.h"
#include "io/thresholds.h"
#include "tui/actions.h"
#include "tui/prompt.h"
#include "tui/tui.h"
#include "tui/view_list.h"

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
	        "  -o, --output FILE       where `e` exports the thresholds (default thresholds.json,\n"
	        "                          or the --resume file)\n"
	        "      --resume T.json     continue the session exported to T.json: its strategy,\n"
	        "                          target, time window, confidence and minimum recall\n"
	        "                          (unless given here), its hand-set cameras locked,\n"
	        "                          muted and excluded again\n"
	        "      --ascii             draw plots with ASCII characters, not braille\n"
	        "      --list-actions      print every key and command, then exit\n"
	        "      --script FILE       run the keys and :commands of FILE with no terminal\n"
	        "      --dump-screen OUT   with --script: write the final screen to OUT as text\n"
	        "                          (- for standard output)\n"
	        "      --dump-every        with --dump-screen: every screen, after each line\n"
	        "      --size COLSxROWS    the screen of --script (default: $COLUMNS x $LINES,\n"
	        "                          else 80x24)\n"
	        "  -h, --help              show this help and exit\n\n"
	        "In the explorer, ? lists the keys and : opens the command prompt.\n");
}

/* What the command line gave, so that --resume does not override it. */
typedef struct given {
	bool confidence, min_recall;
} given;

/* --resume T.json: the session's strategy, target, time window
 * (--since, --until), confidence and minimum recall, each unless given on
 * the command line.  Returns an exit code (message printed). */
static int read_session(const char *path, ct_thresholds *t, cli_analysis *an, ct_load_opts *lo,
                        const given *g)
{
	int rc = cli_read_thresholds("--resume: ", path, t);
	if (rc != 0)
		return rc;
	char b1[CT_SHOWN_MAX], b2[CT_SHOWN_MAX];
	if (!t->session_strategy)
		cli_warn("--resume: %s was not exported by the explorer: no strategy or target to "
		         "resume, no camera set by hand", ct_shown(path, b1, sizeof b1));
	int s = t->session_strategy ? ct_strategy_parse(t->session_strategy) : -1;
	if (t->session_strategy && s < 0) {
		cli_error("--resume: %s: unknown strategy '%s'", ct_shown(path, b1, sizeof b1),
		          ct_shown(t->session_strategy, b2, sizeof b2));
		return CT_EXIT_DATAERR;
	}
	/* The file's target is data, not an option: a bad one is the file's
	 * fault (65, naming it), checked before anything is loaded. */
	double v;
	if (t->session_target && !an->target_given &&
	    (ct_target_parse(t->session_target, 100, &v) != 0 ||
	     (strchr(t->session_target, '%') && v > 100))) {
		cli_error("--resume: %s: target '%s' is not a count (12000) or a percentage up to "
		          "100%%", ct_shown(path, b1, sizeof b1), ct_shown(t->session_target, b2, sizeof b2));
		return CT_EXIT_DATAERR;
	}
	if (s >= 0 && !an->strategy_given)
		an->strategy = (ct_strategy)s;
	if (t->session_target && !an->target_given)
		an->target_text = t->session_target;
	/* a window given on the command line replaces the session's whole */
	if (!lo->has_since && !lo->has_until) {
		lo->has_since = t->session_has_since;
		lo->since = t->session_since;
		lo->has_until = t->session_has_until;
		lo->until = t->session_until;
	}
	if (!isnan(t->session_confidence) && t->session_confidence > 0 && !g->confidence)
		an->confidence = t->session_confidence;
	if (!isnan(t->session_min_recall) && !g->min_recall)
		an->min_recall = t->session_min_recall;
	return CT_EXIT_OK;
}

/* Only the cameras set by hand are set again (the others are the
 * strategy's to choose): locked or muted at their thresholds, excluded. */
static void apply_session(const char *path, const ct_thresholds *t, cli_scope *s)
{
	size_t missing = 0;
	for (size_t k = 0; k < t->n; k++) {
		const ct_threshold_entry *e = &t->v[k];
		if (e->hand_set == CT_HAND_NONE)
			continue;
		int32_t c = ct_dataset_find(s->ds, e->store, e->camera_id);
		if (c < 0) {
			missing++;
			continue;
		}
		if (e->hand_set == CT_HAND_EXCLUDED) {
			s->excluded[c] = 1;
			s->locked[c] = NAN;
		} else {
			s->locked[c] = ct_deployed_threshold(&s->ds->cameras[c], e->threshold,
			                                     e->hand_set == CT_HAND_MUTED || e->muted);
		}
	}
	if (missing)
		cli_warn("--resume: %zu hand-set camera%s of %s not in the data", missing,
		         missing == 1 ? "" : "s", path);
}

/* --size COLSxROWS, else $COLUMNS and $LINES, else 80x24. */
static int script_size(const char *cmd, const char *size, int *cols, int *rows)
{
	const char *ec = getenv("COLUMNS"), *el = getenv("LINES");
	if (!size && ec && el && atoi(ec) > 0 && atoi(el) > 0) {
		*cols = atoi(ec);
		*rows = atoi(el);
	}
	if (size) {
		char *x, *end;
		long c = strtol(size, &x, 10);
		long r = *x == 'x' ? strtol(x + 1, &end, 10) : 0;
		if (*x != 'x' || *end || c < 1 || r < 1 || c > 1000 || r > 1000)
			return cli_usage_error(cmd, "--size '%s': want COLSxROWS, e.g. 120x40", size);
		*cols = (int)c;
		*rows = (int)r;
	}
	return CT_EXIT_OK;
}

/* One script line as keys: ":command" is typed at the prompt and entered
 * ('<' typed as <lt>), any other line is keys in the script syntax
 * (tui.h); blank lines and lines starting with '#' are none. */
static char *script_keys(const char *line)
{
	if (!*line || *line == '#')
		return NULL;
	size_t len = strlen(line);
	char *k = malloc(4 * len + 8);
	if (!k)
		return NULL;
	if (line[0] != ':') {
		memcpy(k, line, len + 1);
		return k;
	}
	char *p = k;
	for (const char *s = line; *s; s++) {
		if (*s == '<') {
			memcpy(p, "<lt>", 4);
			p += 4;
		} else {
			*p++ = *s;
		}
	}
	strcpy(p, "<Enter>");
	return k;
}

/* --dump-screen OUT is an output like -o: never the data, the script,
 * the --resume file or the -o file (also through a link).  64 when it is
 * one of them, checked before anything is read. */
static int check_dump(const char *cmd, const char *dump, const char *data, const char *script,
                      const char *resume, const char *output)
{
	struct stat st;
	/* a device or a FIFO (/dev/null) is written in place, never replaced */
	if (!dump || (stat(dump, &st) == 0 && !S_ISREG(st.st_mode)))
		return CT_EXIT_OK;
	const char *what[] = {"the input file", "the script", "the --resume file", "the -o file"};
	const char *file[] = {data, script, resume, output};
	for (size_t i = 0; i < sizeof file / sizeof file[0]; i++)
		if (file[i] && (strcmp(dump, file[i]) == 0 || ct_same_file(dump, file[i]))) {
			char b[CT_SHOWN_MAX];
			return cli_usage_error(cmd, "--dump-screen %s is %s: writing it would replace "
			                            "it (choose another file)",
			                       ct_shown(dump, b, sizeof b), what[i]);
		}
	return CT_EXIT_OK;
}

static int run_script(const tui_config *cfg, const char *script, const char *dump, bool every,
                      int cols, int rows)
{
	FILE *in = fopen(script, "r");
	if (!in) {
		cli_error("%s: cannot read the script: %s", script, strerror(errno));
		return CT_EXIT_NOINPUT;
	}
	char err[1024] = "";
	ct_atomic at;
	FILE *out = NULL;
	if (dump && !(out = ct_atomic_open(&at, dump, err, sizeof err))) {
		cli_error("%s", err);
		fclose(in);
		return CT_EXIT_CANTCREAT;
	}
	int rc = CT_EXIT_OK, write_errno = 0;
	tui_app *a = NULL;
	if (tui_headless_begin(cols, rows) != 0) {
		cli_error("--script: no terminfo entry for xterm-256color, xterm or vt100");
		rc = CT_EXIT_FAILURE;
		goto done;
	}
	if (!(a = tui_app_new(cfg))) {
		cli_error("out of memory, or a bad target '%s'", cfg->target_text ? cfg->target_text : "");
		rc = CT_EXIT_FAILURE;
		goto done;
	}
	tui_app_run_script(a, ""); /* the first solve and screen */
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	unsigned long lineno = 0;
	int quit = 0;
	while (!quit && (n = getline(&line, &cap, in)) >= 0) {
		lineno++;
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		char *keys = script_keys(line);
		if (!keys)
			continue;
		quit = tui_app_run_script(a, keys);
		free(keys);
		if (out && every && !write_errno &&
		    (fprintf(out, "-- %s:%lu: %s\n", script, lineno, line) < 0 ||
		     tui_screen_write(out) != 0))
			write_errno = errno ? errno : EIO;
	}
	free(line);
	if (ferror(in)) {
		cli_error("%s: read error", script);
		rc = CT_EXIT_IOERR;
	}
	if (out && !every && !write_errno && tui_screen_write(out) != 0)
		write_errno = errno ? errno : EIO;
	unsigned failed = tui_app_export_failures(a);
	if (failed && rc == CT_EXIT_OK) {
		cli_error("%s: %u export%s failed (the screen says why)", script, failed,
		          failed == 1 ? "" : "s");
		rc = CT_EXIT_CANTCREAT;
	}
	/* An export of the script into the file of --dump-screen: the
	 * screen would replace the thresholds just written. */
	const char *exported = tui_app_export_path(a);
	if (out && exported && rc == CT_EXIT_OK && ct_same_file(dump, exported)) {
		char b[CT_SHOWN_MAX];
		cli_error("--dump-screen %s is the file the script exported to: writing it would "
		          "replace the thresholds (choose another file)", ct_shown(dump, b, sizeof b));
		rc = CT_EXIT_USAGE;
	}
done:
	if (a) {
		tui_prompt_done(a);
		tui_app_free(a);
	}
	tui_headless_end();
	fclose(in);
	if (out) {
		if (write_errno) {
			int wrc = ct_atomic_fail(&at, write_errno, err, sizeof err);
			cli_error("%s", err);
			if (rc == CT_EXIT_OK)
				rc = wrc;
		} else if (rc == CT_EXIT_OK) {
			rc = ct_atomic_commit(&at, err, sizeof err);
			if (rc != CT_EXIT_OK)
				cli_error("%s", err);
		} else {
			ct_atomic_abort(&at);
		}
	}
	return rc;
}

int cmd_tui(int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_LOAD_LONGOPTS,
		CLI_ANALYSIS_LONGOPTS,
		{"output", required_argument, NULL, 'o'},
		{"ascii", no_argument, NULL, 1201},
		{"list-actions", no_argument, NULL, 1202},
		{"script", required_argument, NULL, 1203},
		{"dump-screen", required_argument, NULL, 1204},
		{"dump-every", no_argument, NULL, 1205},
		{"size", required_argument, NULL, 1206},
		{"resume", required_argument, NULL, 1207},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *cmd = strcmp(argv[0], "tui") == 0 ? "tui" : NULL;
	cli_load load;
	cli_analysis an;
	cli_load_init(&load);
	cli_analysis_init(&an);
	bool ascii = false, dump_every = false;
	char legend[512];
	const char *output = NULL, *script = NULL, *dump = NULL, *size = NULL, *resume = NULL;
	ct_thresholds session;
	memset(&session, 0, sizeof session);
	char *shown = NULL;
	int rc = CT_EXIT_OK, opt;
	optind = 1;
	given g = {false, false};
	while ((opt = getopt_long(argc, argv, "d:qvt:s:o:h", longopts, NULL)) != -1) {
		g.confidence |= opt == 1106; /* CLI_ANALYSIS_LONGOPTS' --confidence */
		g.min_recall |= opt == 1101; /* and --min-recall */
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
			/* then what the list's columns and marks mean (man/keys.sh) */
			for (int i = 0; tui_list_legend(i, legend, sizeof legend); i++)
				printf("legend\t%s\n", legend);
			goto out;
		case 1203:
			script = optarg;
			break;
		case 1204:
			dump = optarg;
			break;
		case 1205:
			dump_every = true;
			break;
		case 1206:
			size = optarg;
			break;
		case 1207:
			resume = optarg;
			break;
		case 'h':
			usage(stdout);
			goto out;
		default:
			rc = cli_bad_option(cmd, argc, argv);
			goto out;
		}
	}
	if (argc - optind > 1) {
		rc = cli_usage_error(cmd, "one FILE at most (got %d)", argc - optind);
		goto out;
	}
	const char *path = optind < argc ? argv[optind] : cli_demo_path();
	int cols = 80, rows = 24;
	if ((dump || dump_every || size) && !script) {
		rc = cli_usage_error(cmd, "--dump-screen, --dump-every and --size go with --script");
		goto out;
	}
	if (dump_every && !dump) {
		rc = cli_usage_error(cmd, "--dump-every needs --dump-screen OUT");
		goto out;
	}
	if (script && (rc = script_size(cmd, size, &cols, &rows)) != CT_EXIT_OK)
		goto out;
	if (resume && (rc = read_session(resume, &session, &an, &load.opts, &g)) != CT_EXIT_OK)
		goto out;
	/* a database URI without its password, wherever it is shown */
	shown = ct_source_shown(path, &load.opts.source);
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
	if ((rc = cli_check_output(cmd, output, path)) != CT_EXIT_OK ||
	    (rc = check_dump(cmd, dump, path, script, resume, output)) != CT_EXIT_OK)
		goto out;
	if (!script && (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))) {
		char *conn = ct_source_is_database(path) ? ct_source_display_name(path) : NULL;
		cli_error("the explorer needs a terminal on standard input and output;\n"
		          "  for scripts use a subcommand, e.g. 'camtune optimize %s%s%s' (see 'camtune --help')",
		          conn ? "\"" : "", conn ? conn : shown, conn ? "\"" : "");
		free(conn);
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
	/* the server's notices would land on the loading screen */
	load.opts.source.quiet = cli_quiet || !script;
	load.opts.progress = script ? NULL : tui_loading_progress;
	load.opts.progress_ctx = shown;
	/* every row stays in a builder for :since, :until and the backtest */
	ct_builder *builder = NULL;
	load.opts.builder_out = &builder;
	if (!script && tui_loading_begin() != 0) {
		cli_error("cannot initialise the terminal (TERM=%s)", getenv("TERM") ? getenv("TERM") : "");
		rc = CT_EXIT_FAILURE;
		goto out;
	}
	if (!script)
		tui_loading_progress(shown, 0, 0);
	double t0 = cli_now();
	rc = ct_load_file(path, &load.opts, &ds, &q, err, sizeof err);
	if (!script)
		tui_loading_end();
	if (rc != 0) {
		cli_error("%s", err[0] ? err : "cannot load data");
		ct_quality_free(&q);
		goto out;
	}
	if ((rc = cli_check_thefts(&load, &q, ds, false, NULL)) != CT_EXIT_OK) {
		ct_dataset_free(ds);
		ct_builder_free(builder);
		ct_quality_free(&q);
		goto out;
	}
	/* -v on stderr only with --script: on a terminal the explorer's
	 * screen would cover it */
	if (script)
		cli_stage_loaded(t0, &q, ds);

	cli_scope scope;
	rc = cli_scope_init(&scope, &an, ds);
	if (rc == CT_EXIT_OK && resume)
		apply_session(resume, &session, &scope);
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
			.export_path = output ? output : resume,
			/* re-slicing starts from every camera: not with --store */
			.builder = scope.ds_owned ? NULL : builder,
			.has_since = load.opts.has_since,
			.has_until = load.opts.has_until,
			.since = load.opts.since,
			.until = load.opts.until,
		};
		if (script) {
			/* no user history or readline settings in a script */
			cfg.history_path = "/dev/null";
			setenv("INPUTRC", "/dev/null", 1);
			rc = run_script(&cfg, script, dump, dump_every, cols, rows);
		} else {
			rc = tui_run_terminal(&cfg);
		}
	}
	cli_scope_free(&scope);
	ct_dataset_free(ds);
	ct_builder_free(builder);
	ct_quality_free(&q);
out:
	ct_thresholds_free(&session);
	free(shown);
	cli_analysis_free(&an);
	cli_load_free(&load);
	return rc;
}
