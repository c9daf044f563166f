/* cli.h -- what the subcommands share: exit codes, the loading options,
 * the analysis options (target, strategy, constraints), messages.
 *
 * Each subcommand is `int cmd_NAME(int argc, char **argv)` (argv[0] is the
 * subcommand name) returning an exit code; main.c dispatches. */
#ifndef CAMTUNE_CLI_H
#define CAMTUNE_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "core/optimise.h"
#include "io/load.h"

/* Exit codes: io/exit.h, one list for io and cli. */
#include "io/exit.h"

extern const char *cli_progname; /* "camtune" */
extern int cli_quiet, cli_verbose;

/* "camtune: " + message + newline on stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A write to standard output failed just now: keep errno for the one
 * message main gives when it checks standard output at the end (stdio
 * forgets the reason once the failed buffer is dropped). */
void cli_stdout_failed(void);
extern int cli_stdout_errno; /* 0 until a write failed */
/* getopt_long found an unknown option or a missing argument: a usage
 * error naming it, shown escaped (main sets opterr to 0). */
int cli_bad_option(const char *cmd, int argc, char **argv);
/* Usage error: message, a hint to --help, returns CT_EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* ---- loading options, shared by every subcommand that reads FILE ----
 * --delimiter C, --camera-column NAME, --theft-labels 'A,B', -q, -v */
typedef struct cli_load {
	ct_load_opts opts;
	char *labels_buf;        /* owned copy of --theft-labels */
	const char **labels;     /* NULL-terminated, into labels_buf */
	bool allow_no_thefts;    /* --allow-no-thefts */
} cli_load;

/* getopt_long entries for the loading options; long-only values >= 1000. */
#define CLI_LOAD_LONGOPTS                                                  \
	{"delimiter", required_argument, NULL, 1001},                      \
	{"camera-column", required_argument, NULL, 1002},                  \
	{"theft-labels", required_argument, NULL, 1003},                   \
	{"quiet", no_argument, NULL, 'q'},                                 \
	{"verbose", no_argument, NULL, 'v'},                               \
	{"since", required_argument, NULL, 1004},                          \
	{"until", required_argument, NULL, 1005},                          \
	{"time-column", required_argument, NULL, 1006},                    \
	{"table", required_argument, NULL, 1007},                          \
	{"query", required_argument, NULL, 1008},                          \
	{"pushdown", no_argument, NULL, 1009},                             \
	{"no-pushdown", no_argument, NULL, 1010},                          \
	{"allow-no-thefts", no_argument, NULL, 1011}
#define CLI_LOAD_HELP                                                      \
	"  -d, --delimiter C       field delimiter (default: detect ; , or tab)\n" \
	"      --camera-column NAME  take the camera id from column NAME\n"    \
	"      --theft-labels LIST comma-separated labels counted as thefts\n" \
	"  -q, --quiet             no data-quality summary on stderr\n"        \
	"  -v, --verbose           on stderr: each stage's time, per-camera detail\n" \
	"      --since DATE        only alerts at or after DATE (YYYY-MM-DD[THH:MM], UTC)\n" \
	"      --until DATE        only alerts before DATE (exclusive)\n"      \
	"      --time-column NAME  take each alert's time from column NAME\n" \
	"      --table NAME        FILE a postgresql:// URI: read table NAME (alerts)\n" \
	"      --query SQL         FILE a postgresql:// URI: read what SELECT SQL gives\n" \
	"      --pushdown          the server computes the summary (default when remote)\n" \
	"      --no-pushdown       read every alert from the server\n"           \
	"      --allow-no-thefts   tune on data where no label is a theft (else exit 65)\n"

void cli_load_init(cli_load *l);
/* 1 when opt was a loading option (consumed), 0 when not, -1 on a bad
 * value (message printed). */
int cli_load_option(cli_load *l, const char *cmd, int opt, const char *arg);
void cli_load_free(cli_load *l);

/* Load FILE (default: the bundled demo data when path is NULL).  Prints
 * errors, and the data-quality summary on stderr unless quiet.  Returns an
 * exit code. */
int cli_load_file(cli_load *l, const char *path, ct_dataset **ds,
                  ct_quality *q);
void cli_print_quality(FILE *out, const ct_quality *q);
/* The labels of q of one class (theft 1, normal 0, every label -1), most
 * rows first, shown (escape.h): "Other Normal 2,137, Theft 8 (theft), ...
 * and 3 more (40 rows)", at most max of them; malloc'ed, NULL when out of
 * memory. */
char *cli_labels_text(const ct_quality *q, int theft, size_t max);
/* No theft in ds: refuse (65, the labels seen and which were thefts)
 * unless --allow-no-thefts, or only warn (warn_only: a new period, where
 * no theft is a fact).  CT_EXIT_OK when ds has a theft. */
int cli_check_thefts(const cli_load *l, const ct_quality *q, const ct_dataset *ds,
                     bool warn_only, const char *what);
/* The time lines of the summary: the span loaded, and with --since/--until
 * the range asked and the rows outside it. */
void cli_print_time_range(FILE *out, const ct_quality *q);
/* Path of the bundled demo data. */
const char *cli_demo_path(void);

/* ---- analysis options: --target, --strategy, --min-recall, --lock,
 * --exclude, --store/--camera ---- */
typedef struct cli_analysis {
	const char *target_text;   /* default "10%" */
	ct_strategy strategy;      /* default exact */
	double min_recall;
	const char *lock_path;
	char **exclude;            /* STORE[:CAMERA], n_exclude of them */
	int n_exclude;
	const char *only_store, *only_camera;
	double confidence;         /* robust: P(target met on new alerts) */
	double volume_cv;          /* the model's period-to-period volume swing */
	bool target_given, strategy_given; /* set on the command line */
} cli_analysis;

#define CLI_ANALYSIS_LONGOPTS                                              \
	{"target", required_argument, NULL, 't'},                          \
	{"strategy", required_argument, NULL, 's'},                        \
	{"min-recall", required_argument, NULL, 1101},                     \
	{"lock", required_argument, NULL, 1102},                           \
	{"exclude", required_argument, NULL, 1103},                        \
	{"store", required_argument, NULL, 1104},                          \
	{"camera", required_argument, NULL, 1105},                         \
	{"confidence", required_argument, NULL, 1106},                     \
	{"volume-cv", required_argument, NULL, 1107}
#define CLI_ANALYSIS_HELP                                                  \
	"  -t, --target T          FP to save: a count (12000) or a percentage of\n" \
	"                          baseline FP (10%%); default 10%%\n"          \
	"  -s, --strategy S        robust (default), exact, hull, uniform, greedy,\n" \
	"                          lazy\n"                                      \
	"      --confidence P      robust: the FP target holds on new alerts with\n" \
	"                          probability P (0.5-0.999 or 50%%-99.9%%; 90%%)\n" \
	"      --volume-cv X       the model's swing of a camera's alert volume from\n" \
	"                          the history to the next period (0-2), no score\n" \
	"                          drift; default: measured on the history's weeks\n" \
	"      --min-recall R      no camera with thefts ends below recall R (0-1)\n" \
	"      --lock T.json       cameras in T.json keep its thresholds\n"    \
	"      --exclude STORE[:CAMERA]  leave at baseline (repeatable)\n"     \
	"      --store S --camera C  one camera only\n"

void cli_analysis_init(cli_analysis *a);
int cli_analysis_option(cli_analysis *a, const char *cmd, int opt,
                        const char *arg);
void cli_analysis_free(cli_analysis *a);

/* The prepared analysis: the dataset narrowed to --store/--camera, the
 * options, the constraints and the absolute target. */
typedef struct cli_scope {
	ct_dataset *ds;       /* owned when narrowed, else borrowed */
	bool ds_owned;
	ct_options *opts;
	uint8_t *excluded;    /* per camera */
	double *locked;       /* per camera, NAN = free */
	ct_constraints cons;
	ct_problem *problem;
	double target;
	bool target_is_percent;
	double target_percent;
} cli_scope;

/* Returns an exit code (messages printed). */
int cli_scope_init(cli_scope *s, const cli_analysis *a, ct_dataset *ds);
void cli_scope_free(cli_scope *s);

/* An interval of expected counts, widened to whole numbers: "10-24". */
char *cli_fmt_interval(char *buf, size_t len, double lo, double hi);
/* 1234567 -> "1,234,567" in buf (>= 32 bytes); returns buf. */
char *cli_fmt_count(char *buf, uint64_t v);
/* A target of FP saved as the count that meets it ("47,474"); buf of 48. */
char *cli_fmt_target(char *buf, double target);
/* A usage error (64, message printed) when the output path names the
 * input FILE (same file, also through a link), checked before anything is
 * read: the rename would replace the data.  in NULL: the demo data. */
int cli_check_output(const char *cmd, const char *output, const char *in);
/* Write the thresholds of sol for the scope (path "-": stdout), from: a
 * re-tune's origin or NULL. Returns an exit code, messages printed. */
struct ct_thresholds_from;
int cli_write_thresholds(const char *path, const cli_scope *s, const ct_solution *sol,
                         const ct_quality *q, const cli_analysis *a,
                         const struct ct_thresholds_from *from);
/* Read a thresholds file (ct_thresholds_read): its error printed after
 * what (e.g. "--resume: ", may be ""), its warnings with cli_warn.
 * Returns an exit code. */
struct ct_thresholds;
/* The per-camera expectations and history of a solution for its
 * thresholds file (meta's camera_expected, history_days, volume_cv; *cams
 * to free after the write).  false when out of memory (message printed). */
struct ct_thresholds_meta;
struct ct_camera_expect;
bool cli_camera_expect(ct_problem *p, const ct_dataset *ds, const ct_solution *sol,
                       const ct_quality *q, struct ct_thresholds_meta *meta,
                       struct ct_camera_expect **cams);
int cli_read_thresholds(const char *what, const char *path, struct ct_thresholds *t);

/* The expected figures of a solution on new alerts (model.h); false when
 * out of memory. */
bool cli_expect(const cli_scope *s, const ct_solution *sol, ct_expectation *e);

/* Print s shown (escape.h) on stdout, padded with spaces to width display
 * columns; a long name is shown in full.  cli_shown_width: the columns of
 * s's shown form (for a table's column widths). */
void cli_put_padded(const char *s, size_t width);
size_t cli_shown_width(const char *s);

/* Print a JSON document on stdout and delete it; returns an exit code. */
struct cJSON;
int cli_print_json(struct cJSON *doc);

/* A warning with the reason when sol mutes every camera or leaves every
 * camera at baseline: a degenerate answer must not pass for a tuning. */
void cli_warn_degenerate(const cli_scope *s, const ct_solution *sol);
/* The readable summary of a solution (optimize's stdout). */
void cli_print_solution_summary(FILE *out, const cli_scope *s, const ct_solution *sol,
                                const cli_analysis *a);

/* Monotonic seconds, for the "time" figures. */
double cli_now(void);

/* ---- -v: what each stage took and per-camera detail, on stderr ----
 * Nothing without -v.  A stage line: "camtune: load: 0.412 s (detail)";
 * a detail line: "camtune:   camera s1:1: ...". */
void cli_stage(const char *stage, double t0, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void cli_detail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* -v: the load stage's line (source, alerts, cameras) and its cameras. */
void cli_stage_loaded(double t0, const ct_quality *q, const ct_dataset *ds);
/* -v: one detail line per camera: its counts as loaded. */
void cli_detail_cameras(const ct_dataset *ds);
/* -v: one detail line per camera: the solution's setting. */
void cli_detail_solution(const ct_dataset *ds, const ct_solution *sol);

/* ---- one run of a subcommand: its options, FILE, the loaded data ----
 *
 *   cli_run r;
 *   int rc = cli_run_parse(&r, &spec, argc, argv, own_option, ctx);
 *   if (rc == CT_EXIT_OK) rc = cli_run_load(&r);
 *   if (rc == CT_EXIT_OK) rc = ... the command's work on r.ds / r.scope ...
 *   return cli_run_end(&r, rc);
 */
typedef struct cli_spec {
	const char *name;               /* "optimize"; NULL for bare `camtune` */
	const char *shortopts;          /* the command's own, e.g. "o:" */
	const struct option *longopts;  /* the command's own, {0}-terminated, or NULL */
	bool analysis;                  /* takes --target, --strategy, constraints */
	bool file_optional;             /* FILE may be omitted: the demo data */
	void (*help)(void);             /* prints --help on stdout */
	int thefts;                     /* no theft in the data: CLI_THEFTS_* */
} cli_spec;

enum { CLI_THEFTS_ANY, CLI_THEFTS_WARN, CLI_THEFTS_REFUSE };

typedef struct cli_run {
	const cli_spec *spec;
	double t_start;     /* when cli_run_parse began: -v's total */
	cli_load load;
	cli_analysis an;
	const char *path;   /* FILE as given (NULL: omitted) */
	ct_dataset *ds;     /* after cli_run_load */
	ct_quality q;
	cli_scope scope;    /* after cli_run_load, when spec->analysis */
} cli_run;

/* Returned by cli_run_parse after --help: stop, exit 0. */
#define CLI_DONE (-1)

/* Parse argv.  The command's own options go to own(ctx, opt, optarg),
 * which returns CT_EXIT_OK or an exit code (message printed); options
 * whose longopts entry has a flag pointer are set by getopt itself.
 * Returns CT_EXIT_OK, CLI_DONE, or an exit code. */
int cli_run_parse(cli_run *r, const cli_spec *spec, int argc, char **argv,
                  int (*own)(void *ctx, int opt, const char *arg), void *ctx);
/* Load FILE (summary on stderr unless -q) and, for an analysis command,
 * prepare the scope.  Returns an exit code. */
int cli_run_load(cli_run *r);
/* Free everything; returns the exit code for rc (CLI_DONE -> 0). */
int cli_run_end(cli_run *r, int rc);

int cmd_optimize(int argc, char **argv);
int cmd_frontier(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_eval(int argc, char **argv);
int cmd_synth(int argc, char **argv);
int cmd_plot(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_tui(int argc, char **argv);
int cmd_backtest(int argc, char **argv);
int cmd_summarize(int argc, char **argv);
int cmd_monitor(int argc, char **argv);

#endif
