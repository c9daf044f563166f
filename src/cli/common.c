/* common.c -- what the subcommands share: messages, loading options,
 * analysis options and the prepared analysis scope. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "io/atomic.h"
#include "io/escape.h"
#include "io/thresholds.h"
#include "report/report.h"
#include "report/svg.h"
#include <cjson/cJSON.h>

const char *cli_progname = "camtune";
int cli_quiet, cli_verbose;

/* One message on stderr: prefix, then the formatted text in its shown
 * form (escape.h: ct_escape_message), then suffix and a line feed.  Every
 * message goes through here, so no name from the data, a file name or a
 * server's text reaches the terminal raw, and a huge one is cut. */
static void vmessage(const char *prefix, const char *fmt, va_list ap, const char *suffix)
{
	fflush(stdout);
	char *text = NULL, *shown = NULL;
	va_list again;
	va_copy(again, ap);
	int n = vsnprintf(NULL, 0, fmt, ap);
	if (n >= 0 && (text = malloc((size_t)n + 1)))
		vsnprintf(text, (size_t)n + 1, fmt, again);
	va_end(again);
	if (text)
		shown = ct_escape_message(text);
	fprintf(stderr, "%s%s%s\n", prefix, shown ? shown : "(out of memory)", suffix);
	free(shown);
	free(text);
}

static void vmessage_kind(const char *kind, const char *fmt, va_list ap)
{
	char prefix[64];
	snprintf(prefix, sizeof prefix, "%s: %s", cli_progname, kind);
	vmessage(prefix, fmt, ap, "");
}

void cli_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmessage_kind("", fmt, ap);
	va_end(ap);
}

void cli_warn(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmessage_kind("warning: ", fmt, ap);
	va_end(ap);
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmessage_kind("", fmt, ap);
	va_end(ap);
	fprintf(stderr, "Try '%s%s%s --help' for more information.\n", cli_progname,
	        cmd ? " " : "", cmd ? cmd : "");
	return CT_EXIT_USAGE;
}

int cli_bad_option(const char *cmd, int argc, char **argv)
{
	/* getopt's own message would show the option raw (opterr is 0) */
	if (optopt > ' ' && optopt < 0x7f)
		return cli_usage_error(cmd, "unknown option or missing argument: '-%c'", optopt);
	if (optind > 0 && optind <= argc)
		return cli_usage_error(cmd, "unknown option or missing argument: '%s'",
		                       argv[optind - 1]);
	return cli_usage_error(cmd, "unknown option or missing argument");
}

double cli_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* ---- -v ------------------------------------------------------------------ */

void cli_stage(const char *stage, double t0, const char *fmt, ...)
{
	if (!cli_verbose)
		return;
	char prefix[128];
	snprintf(prefix, sizeof prefix, "%s: %s: %.3f s", cli_progname, stage, cli_now() - t0);
	if (!fmt) {
		fflush(stdout);
		fprintf(stderr, "%s\n", prefix);
		return;
	}
	size_t n = strlen(prefix);
	snprintf(prefix + n, sizeof prefix - n, " (");
	va_list ap;
	va_start(ap, fmt);
	vmessage(prefix, fmt, ap, ")");
	va_end(ap);
}

void cli_detail(const char *fmt, ...)
{
	if (!cli_verbose)
		return;
	char prefix[64];
	snprintf(prefix, sizeof prefix, "%s:   ", cli_progname);
	va_list ap;
	va_start(ap, fmt);
	vmessage(prefix, fmt, ap, "");
	va_end(ap);
}

void cli_detail_cameras(const ct_dataset *ds)
{
	char b1[256], b2[256], n1[32], n2[32], n3[32];
	for (size_t i = 0; cli_verbose && i < ds->n_cameras; i++) {
		const ct_camera *c = &ds->cameras[i];
		cli_detail("camera %s:%s: %s alerts, %s TP, %s FP", ct_shown(c->store, b1, sizeof b1),
		           ct_shown(c->camera_id, b2, sizeof b2),
		           cli_fmt_count(n1, (uint64_t)c->n_tp + c->n_fp), cli_fmt_count(n2, c->n_tp),
		           cli_fmt_count(n3, c->n_fp));
	}
}

void cli_detail_solution(const ct_dataset *ds, const ct_solution *sol)
{
	char b1[256], b2[256], t[48], n1[32], n2[32];
	for (size_t i = 0; cli_verbose && i < ds->n_cameras && i < sol->n_cameras; i++) {
		const ct_camera *c = &ds->cameras[i];
		const ct_option *o = &sol->setting[i];
		if (o->muted)
			snprintf(t, sizeof t, "muted");
		else
			ct_format_double(t, sizeof t, o->threshold);
		cli_detail("camera %s:%s: threshold %s, %s TP lost, %s FP saved",
		           ct_shown(c->store, b1, sizeof b1), ct_shown(c->camera_id, b2, sizeof b2), t,
		           cli_fmt_count(n1, o->tp_lost), cli_fmt_count(n2, o->fp_saved));
	}
}

/* ---- loading ------------------------------------------------------------ */

void cli_load_init(cli_load *l)
{
	memset(l, 0, sizeof *l);
	l->opts.source.show_progress = 1;
}

void cli_load_free(cli_load *l)
{
	free(l->labels_buf);
	free(l->labels);
	memset(l, 0, sizeof *l);
}

static int parse_delimiter(const char *arg, char *out)
{
	if (strcmp(arg, "tab") == 0 || strcmp(arg, "\\t") == 0) {
		*out = '\t';
		return 0;
	}
	if (strlen(arg) != 1 || arg[0] == '"' || arg[0] == '\n' || arg[0] == '\r')
		return -1;
	*out = arg[0];
	return 0;
}

int cli_load_option(cli_load *l, const char *cmd, int opt, const char *arg)
{
	switch (opt) {
	case 'd':
	case 1001:
		if (parse_delimiter(arg, &l->opts.source.delimiter) != 0) {
			cli_usage_error(cmd, "--delimiter: '%s' is not one character (use 'tab' for a tab)", arg);
			return -1;
		}
		return 1;
	case 1002:
		if (!*arg) {
			cli_usage_error(cmd, "--camera-column: empty column name");
			return -1;
		}
		l->opts.source.camera_column = arg;
		return 1;
	case 1003: {
		free(l->labels_buf);
		free(l->labels);
		l->labels_buf = strdup(arg);
		size_t n = 1;
		for (const char *p = arg; *p; p++)
			n += *p == ',';
		l->labels = calloc(n + 1, sizeof *l->labels);
		if (!l->labels_buf || !l->labels) {
			cli_error("out of memory");
			return -1;
		}
		size_t k = 0;
		for (char *tok = l->labels_buf, *next; tok; tok = next) {
			next = strchr(tok, ',');
			if (next)
				*next++ = '\0';
			while (*tok == ' ')
				tok++;
			size_t len = strlen(tok);
			while (len && tok[len - 1] == ' ')
				tok[--len] = '\0';
			if (*tok)
				l->labels[k++] = tok;
		}
		if (k == 0) {
			cli_usage_error(cmd, "--theft-labels: no label in '%s'", arg);
			return -1;
		}
		l->opts.theft_labels = l->labels;
		return 1;
	}
	case 1011:
		l->allow_no_thefts = true;
		return 1;
	case 1004:
	case 1005: {
		bool since = opt == 1004;
		int64_t t;
		if (ct_parse_iso_time(arg, &t) != 0) {
			cli_usage_error(cmd, "--%s: '%s' is not a date (YYYY-MM-DD, optionally THH:MM, UTC)",
			                since ? "since" : "until", arg);
			return -1;
		}
		if (since) {
			l->opts.has_since = true;
			l->opts.since = t;
		} else {
			l->opts.has_until = true;
			l->opts.until = t;
		}
		if (l->opts.has_since && l->opts.has_until && l->opts.since >= l->opts.until) {
			cli_usage_error(cmd, "--since must be before --until (--until is exclusive)");
			return -1;
		}
		return 1;
	}
	case 1006:
		if (!*arg) {
			cli_usage_error(cmd, "--time-column: empty column name");
			return -1;
		}
		l->opts.source.time_column = arg;
		return 1;
	case 1007:
	case 1008:
		if (!*arg) {
			cli_usage_error(cmd, "--%s: empty", opt == 1007 ? "table" : "query");
			return -1;
		}
		if (opt == 1007)
			l->opts.source.table = arg;
		else
			l->opts.source.query = arg;
		if (l->opts.source.table && l->opts.source.query) {
			cli_usage_error(cmd, "--table and --query: one or the other");
			return -1;
		}
		return 1;
	case 1009:
	case 1010:
		l->opts.source.pushdown = opt == 1009 ? 1 : -1;
		return 1;
	case 'q':
		cli_quiet = 1;
		return 1;
	case 'v':
		cli_verbose++;
		l->opts.verbose = cli_verbose;
		return 1;
	default:
		return 0;
	}
}

const char *cli_demo_path(void)
{
	const char *env = getenv("CAMTUNE_DEMO");
	if (env && *env)
		return env;
	/* Next to the binary (a build tree), then the installed copy. */
	static char beside[4096];
	ssize_t n = readlink("/proc/self/exe", beside, sizeof beside - 64);
	if (n > 0) {
		beside[n] = '\0';
		char *slash = strrchr(beside, '/');
		if (slash) {
			strcpy(slash + 1, "data/demo-alerts.csv.gz");
			if (access(beside, R_OK) == 0)
				return beside;
		}
	}
	return CAMTUNE_DATADIR "/demo-alerts.csv.gz";
}

static void print_count_line(FILE *out, const char *what, const ct_quality_count *c,
                             const ct_quality *q)
{
	char n[32];
	/* counts with separators; line numbers, as names of lines, without */
	size_t shown = c->count < CT_QUALITY_EXAMPLES ? (size_t)c->count : CT_QUALITY_EXAMPLES;
	if (!c->lines[0]) {
		/* counted without rows (by the server, --pushdown) */
		fprintf(out, "  %-26s %10s\n", what, cli_fmt_count(n, c->count));
		return;
	}
	fprintf(out, "  %-26s %10s  (%s", what, cli_fmt_count(n, c->count),
	        q->counts_rows ? "row" : "line");
	if (shown > 1)
		fputc('s', out);
	for (size_t i = 0; i < shown; i++)
		fprintf(out, "%s%llu", i ? ", " : " ", (unsigned long long)c->lines[i]);
	if (c->count > shown)
		fputs(", ...", out);
	fputs(")\n", out);
}

static void print_labels(FILE *out, const ct_quality *q);

void cli_print_quality(FILE *out, const ct_quality *q)
{
	char n1[32], n2[32], n3[32], summary[512], sb[CT_SHOWN_MAX];
	const char *src = ct_shown(q->source ? q->source : "", sb, sizeof sb);
	if (ct_quality_summary_text(q, summary, sizeof summary)) {
		fprintf(out, "%s: %s\n", src, summary);
		for (int i = 0; q->pushed_down && i < CT_N_SKIP; i++)
			if (q->skipped[i].count)
				print_count_line(out, ct_skip_reason_text(i), &q->skipped[i], q);
		return;
	}
	uint64_t skipped = 0;
	for (int i = 0; i < CT_N_SKIP; i++)
		skipped += q->skipped[i].count;
	fprintf(out, "%s: %s rows, %s alerts loaded, %s skipped\n", src,
	        cli_fmt_count(n1, q->rows), cli_fmt_count(n2, q->loaded), cli_fmt_count(n3, skipped));
	if (q->counts_rows)
		fprintf(out, "  %-26s %10s\n", "bytes received", cli_fmt_count(n1, q->bytes_in));
	for (int i = 0; i < CT_N_SKIP; i++)
		if (q->skipped[i].count)
			print_count_line(out, ct_skip_reason_text(i), &q->skipped[i], q);
	for (int i = 0; i < CT_N_WARN; i++)
		if (q->warned[i].count) {
			fprintf(out, "warning (loaded):\n");
			break;
		}
	for (int i = 0; i < CT_N_WARN; i++)
		if (q->warned[i].count)
			print_count_line(out, ct_warn_reason_text(i), &q->warned[i], q);
	print_labels(out, q);
	cli_print_time_range(out, q);
}

void cli_print_time_range(FILE *out, const ct_quality *q)
{
	char a[24], z[24];
	if (q->time_first != CT_NO_TIME)
		fprintf(out, "time range loaded: %s to %s (UTC)\n",
		        ct_format_time(a, sizeof a, q->time_first),
		        ct_format_time(z, sizeof z, q->time_last));
	else
		fprintf(out, "time range loaded: none (no alert has a readable time)\n");
	if (q->has_since || q->has_until) {
		fprintf(out, "time range asked: %s to %s%s\n",
		        q->has_since ? ct_format_time(a, sizeof a, q->since) : "the start",
		        q->has_until ? ct_format_time(z, sizeof z, q->until) : "the end",
		        q->has_until ? " (exclusive)" : "");
		print_count_line(out, "outside the time range", &q->outside, q);
	}
}

char *cli_labels_text(const ct_quality *q, int theft, size_t max)
{
	size_t cap = 256, len = 0, shown = 0, more = 0;
	uint64_t more_rows = 0;
	char *s = malloc(cap);
	if (!s)
		return NULL;
	s[0] = '\0';
	for (size_t i = 0; i < q->n_labels; i++) {
		const ct_label_count *l = &q->labels[i];
		if (theft >= 0 && l->theft != (theft == 1))
			continue;
		if (shown == max) {
			more++;
			more_rows += l->count;
			continue;
		}
		char b[CT_SHOWN_MAX], n[32];
		const char *name = ct_shown(l->label, b, sizeof b);
		size_t need = len + strlen(name) + 64;
		if (need > cap) {
			char *t = realloc(s, cap = 2 * need);
			if (!t) {
				free(s);
				return NULL;
			}
			s = t;
		}
		len += (size_t)snprintf(s + len, cap - len, "%s%s %s%s", shown ? ", " : "", name,
		                        cli_fmt_count(n, l->count),
		                        theft < 0 && l->theft ? " (theft)" : "");
		shown++;
	}
	if (theft < 0) { /* beyond what the loader kept: their class unknown */
		more += q->labels_more;
		more_rows += q->labels_more_rows;
	}
	if (more) {
		char n1[32], n2[32];
		char tail[96];
		snprintf(tail, sizeof tail, "%sand %s more (%s rows)", shown ? ", " : "",
		         cli_fmt_count(n1, more), cli_fmt_count(n2, more_rows));
		if (len + strlen(tail) + 1 > cap) {
			char *t = realloc(s, cap = len + strlen(tail) + 1);
			if (!t) {
				free(s);
				return NULL;
			}
			s = t;
		}
		strcpy(s + len, tail);
	}
	return s;
}

/* The labels lines of the data-quality summary. */
static void print_labels(FILE *out, const ct_quality *q)
{
	if (!q->labels_known)
		return;
	char *t = cli_labels_text(q, 1, 20), *n = cli_labels_text(q, 0, 20);
	fprintf(out, "labels counted as thefts: %s\n", t && *t ? t : "none");
	fprintf(out, "labels counted as normal: %s\n", n && *n ? n : "none");
	free(t);
	free(n);
}

int cli_check_thefts(const cli_load *l, const ct_quality *q, const ct_dataset *ds,
                     bool warn_only, const char *what)
{
	if (ds->n_tp > 0)
		return CT_EXIT_OK;
	const char *const *want = l->opts.theft_labels ? l->opts.theft_labels
	                                                : ct_default_theft_labels;
	size_t cap = 64;
	for (size_t i = 0; want[i]; i++)
		cap += strlen(want[i]) + 2;
	char *list = malloc(cap), *seen = cli_labels_text(q, -1, 20);
	if (!list || !seen) {
		free(list);
		free(seen);
		cli_error("out of memory");
		return CT_EXIT_FAILURE;
	}
	list[0] = '\0';
	for (size_t i = 0; want[i]; i++) {
		strcat(list, i ? ", " : "");
		strcat(list, want[i]);
	}
	char sb[CT_SHOWN_MAX];
	const char *src = ct_shown(q->source ? q->source : "the data", sb, sizeof sb);
	const char *where = what ? what : src;
	if (!q->labels_known) {
		if (warn_only || l->allow_no_thefts)
			cli_warn("%s: no theft in it", where);
		else
			cli_error("%s: no theft in it: every camera would be muted for free; "
			          "--allow-no-thefts if that is right", where);
	} else if (warn_only || l->allow_no_thefts) {
		cli_warn("%s: no theft: no label matches the theft labels (%s); labels seen: %s",
		         where, list, *seen ? seen : "none");
	} else {
		cli_error("%s: no row has a theft label (%s), so every camera would be muted for "
		          "free; labels seen: %s; none was taken as a theft.  Labels are exact "
		          "strings (case counts): check --theft-labels, or give --allow-no-thefts "
		          "if the data really has no theft",
		          where, list, *seen ? seen : "none");
	}
	free(list);
	free(seen);
	return warn_only || l->allow_no_thefts ? CT_EXIT_OK : CT_EXIT_DATAERR;
}

void cli_stage_loaded(double t0, const ct_quality *q, const ct_dataset *ds)
{
	if (!cli_verbose)
		return;
	char b[512], n1[32], n2[32];
	cli_stage("load", t0, "%s: %s alerts on %s cameras",
	          ct_shown(q->source ? q->source : "", b, sizeof b), cli_fmt_count(n1, ds->n_alerts),
	          cli_fmt_count(n2, ds->n_cameras));
	cli_detail_cameras(ds);
}

int cli_load_file(cli_load *l, const char *path, ct_dataset **ds, ct_quality *q)
{
	char err[1024] = "";
	if (!path)
		path = cli_demo_path();
	if (l->opts.source.pushdown && !ct_source_is_database(path))
		return cli_usage_error(NULL, "--%s: only with a database as FILE (postgresql://...)",
		                       l->opts.source.pushdown > 0 ? "pushdown" : "no-pushdown");
	if ((l->opts.source.table || l->opts.source.query) && !ct_source_is_database(path))
		return cli_usage_error(NULL, "--%s: only with a database as FILE (postgresql://...)",
		                       l->opts.source.table ? "table" : "query");
	l->opts.verbose = cli_verbose;
	l->opts.source.quiet = cli_quiet;
	double t0 = cli_now();
	int rc = ct_load_file(path, &l->opts, ds, q, err, sizeof err);
	if (rc != 0) {
		cli_error("%s", err[0] ? err : "cannot load data");
		return rc;
	}
	cli_stage_loaded(t0, q, *ds);
	if (!cli_quiet)
		cli_print_quality(stderr, q);
	return CT_EXIT_OK;
}

/* ---- analysis ------------------------------------------------------------ */

void cli_analysis_init(cli_analysis *a)
{
	memset(a, 0, sizeof *a);
	a->target_text = "10%";
	a->strategy = CT_DEFAULT_STRATEGY;
	ct_model_params mp;
	ct_model_defaults(&mp);
	a->confidence = mp.confidence;
	a->volume_cv = mp.volume_cv;
}

bool cli_expect(const cli_scope *s, const ct_solution *sol, ct_expectation *e)
{
	return ct_solution_expect(s->problem, sol, e) == 0;
}

void cli_analysis_free(cli_analysis *a)
{
	free(a->exclude);
	memset(a, 0, sizeof *a);
}

int cli_analysis_option(cli_analysis *a, const char *cmd, int opt, const char *arg)
{
	char *end;
	switch (opt) {
	case 't':
		a->target_text = arg;
		a->target_given = true;
		return 1;
	case 's': {
		int s = ct_strategy_parse(arg);
		if (s < 0) {
			char list[128];
			cli_usage_error(cmd, "--strategy: unknown strategy '%s' (%s)", arg,
			                ct_strategy_list(list, sizeof list));
			return -1;
		}
		a->strategy = (ct_strategy)s;
		a->strategy_given = true;
		return 1;
	}
	case 1101:
		errno = 0;
		a->min_recall = strtod(arg, &end);
		if (errno || end == arg || *end || !(a->min_recall >= 0 && a->min_recall <= 1)) {
			cli_usage_error(cmd, "--min-recall: '%s' is not a number between 0 and 1", arg);
			return -1;
		}
		return 1;
	case 1102:
		a->lock_path = arg;
		return 1;
	case 1103: {
		char **v = realloc(a->exclude, (size_t)(a->n_exclude + 1) * sizeof *v);
		if (!v) {
			cli_error("out of memory");
			return -1;
		}
		a->exclude = v;
		a->exclude[a->n_exclude++] = (char *)arg;
		return 1;
	}
	case 1104:
		a->only_store = arg;
		return 1;
	case 1105:
		a->only_camera = arg;
		return 1;
	case 1106: {
		errno = 0;
		double v = strtod(arg, &end);
		if (!errno && end != arg && *end == '%' && end[1] == '\0') {
			v /= 100;
			end++;
		}
		if (errno || end == arg || *end || !(v >= 0.5 && v <= 0.999)) {
			cli_usage_error(cmd, "--confidence: '%s' is not a probability between "
			                     "0.5 and 0.999 (or 50%%-99.9%%)", arg);
			return -1;
		}
		a->confidence = v;
		return 1;
	}
	case 1107:
		errno = 0;
		a->volume_cv = strtod(arg, &end);
		if (errno || end == arg || *end || !(a->volume_cv >= 0 && a->volume_cv <= 2)) {
			cli_usage_error(cmd, "--volume-cv: '%s' is not a number between 0 and 2", arg);
			return -1;
		}
		return 1;
	default:
		return 0;
	}
}

void cli_scope_free(cli_scope *s)
{
	if (s->problem)
		ct_problem_free(s->problem);
	if (s->opts)
		ct_options_free(s->opts);
	if (s->ds_owned)
		ct_dataset_free(s->ds);
	free(s->excluded);
	free(s->locked);
	memset(s, 0, sizeof *s);
}

/* A count target below 1 % of baseline FP is most likely a percentage
 * (30) or a fraction (0.3) written without its '%'. */
static void warn_small_count(const char *text, double target, uint64_t n_fp)
{
	if (!(target > 0) || n_fp == 0 || target >= 0.01 * (double)n_fp)
		return;
	char buf[96];
	const char *shown = ct_shown(text, buf, sizeof buf);
	/* rounded down: 0.96 % must not read as 1.0 % */
	double pct = floor(1000.0 * target / (double)n_fp) / 10.0;
	if (target < 1) {
		char frac[48];
		ct_format_double(frac, sizeof frac, 100 * target);
		cli_warn("target %s is a count of FP (%.1f %% of baseline); write %s%% for a "
		         "percentage, or %s%% for the fraction %s", shown, pct, shown, frac, shown);
	} else {
		cli_warn("target %s is a count of FP (%.1f %% of baseline); write %s%% for a percentage",
		         shown, pct, shown);
	}
}

int cli_scope_init(cli_scope *s, const cli_analysis *a, ct_dataset *ds)
{
	memset(s, 0, sizeof *s);
	s->ds = ds;
	if (a->only_store || a->only_camera) {
		if (!a->only_store || !a->only_camera)
			return cli_usage_error(NULL, "--store and --camera go together");
		int32_t i = ct_dataset_find(ds, a->only_store, a->only_camera);
		if (i < 0) {
			cli_error("no camera %s in store %s", a->only_camera, a->only_store);
			return CT_EXIT_DATAERR;
		}
		uint8_t *keep = calloc(ds->n_cameras, 1);
		if (!keep)
			goto oom;
		keep[i] = 1;
		s->ds = ct_dataset_subset(ds, keep);
		free(keep);
		if (!s->ds)
			goto oom;
		s->ds_owned = true;
	}
	const ct_dataset *d = s->ds;
	size_t n = d->n_cameras;
	s->excluded = calloc(n ? n : 1, 1);
	s->locked = malloc((n ? n : 1) * sizeof *s->locked);
	if (!s->excluded || !s->locked)
		goto oom;
	for (size_t i = 0; i < n; i++)
		s->locked[i] = NAN;

	for (int e = 0; e < a->n_exclude; e++) {
		const char *spec = a->exclude[e];
		const char *colon = strrchr(spec, ':');
		size_t slen = colon ? (size_t)(colon - spec) : strlen(spec);
		int matched = 0;
		for (size_t i = 0; i < n; i++) {
			const ct_camera *c = &d->cameras[i];
			if (strlen(c->store) != slen || strncmp(c->store, spec, slen) != 0)
				continue;
			if (colon && strcmp(c->camera_id, colon + 1) != 0)
				continue;
			s->excluded[i] = 1;
			matched = 1;
		}
		if (!matched)
			cli_warn("--exclude %s: no such camera in the data", spec);
	}

	if (a->lock_path) {
		ct_thresholds t;
		int rc = cli_read_thresholds("", a->lock_path, &t);
		if (rc != 0)
			return rc;
		int32_t i = -1;
		for (size_t k = 0; k < t.n; k++) {
			i = ct_dataset_find_at(d, t.v[k].store, t.v[k].camera_id, (int64_t)i + 1);
			if (i < 0) {
				if (!s->ds_owned)
					cli_warn("%s: camera %s:%s is not in the data", a->lock_path,
					         t.v[k].store, t.v[k].camera_id);
				continue;
			}
			/* A muted camera keeps no alert of this data either. */
			s->locked[i] = ct_deployed_threshold(&d->cameras[i], t.v[k].threshold, t.v[k].muted);
		}
		ct_thresholds_free(&t);
	}

	s->target_is_percent = strchr(a->target_text, '%') != NULL;
	if (ct_target_parse(a->target_text, d->n_fp, &s->target) != 0)
		return cli_usage_error(NULL, "--target: '%s' is not a count (12000) or a percentage (10%%)",
		                       a->target_text);
	if (s->target > (double)d->n_fp) {
		char n1[32];
		return cli_usage_error(NULL, "--target: '%s' is above the baseline's %s FP (100%%): "
		                       "no thresholds save more than every FP", a->target_text,
		                       ct_format_count(d->n_fp, n1, sizeof n1));
	}
	if (s->target_is_percent)
		s->target_percent = strtod(a->target_text, NULL);
	else if (a->target_given)
		warn_small_count(a->target_text, s->target, d->n_fp);

	s->cons.min_recall = a->min_recall;
	s->cons.excluded = s->excluded;
	s->cons.locked = s->locked;
	s->opts = ct_options_build(d);
	if (!s->opts)
		goto oom;
	s->problem = ct_problem_new(d, s->opts, &s->cons);
	if (!s->problem)
		goto oom;
	ct_model_params mp;
	ct_model_defaults(&mp);
	mp.confidence = a->confidence;
	mp.volume_cv = a->volume_cv;
	ct_problem_set_model_params(s->problem, &mp);
	return CT_EXIT_OK;
oom:
	cli_error("out of memory");
	return CT_EXIT_FAILURE;
}

char *cli_fmt_interval(char *buf, size_t len, double lo, double hi)
{
	snprintf(buf, len, "%.0f-%.0f", floor(lo), ceil(hi));
	return buf;
}

char *cli_fmt_count(char *buf, uint64_t v)
{
	return ct_format_count(v, buf, 32); /* the one thousands separator */
}

char *cli_fmt_target(char *buf, double target)
{
	/* FP saved is a count: a share of baseline FP is met by the next
	 * whole number at or above it */
	if (target >= 0 && target < 1e18)
		return cli_fmt_count(buf, (uint64_t)ceil(target));
	ct_format_double(buf, 48, target);
	return buf;
}

int cli_check_output(const char *cmd, const char *output, const char *in)
{
	if (!output || !ct_same_file(output, in ? in : cli_demo_path()))
		return CT_EXIT_OK;
	char buf[256];
	return cli_usage_error(cmd, "-o %s is the input file: writing it would replace the data "
	                            "(choose another output file)",
	                       ct_shown(output, buf, sizeof buf));
}

int cli_write_thresholds(const char *path, const cli_scope *s, const ct_solution *sol,
                         const ct_quality *q, const cli_analysis *a,
                         const ct_thresholds_from *from)
{
	ct_thresholds_meta meta = {
		.source = q ? q->source : NULL,
		.strategy = ct_strategy_name(sol->strategy),
		.target = s->target,
		.target_text = a ? a->target_text : NULL,
		.min_recall = a ? a->min_recall : 0,
		.quality = q,
		.from = from,
	};
	ct_expectation e;
	if (cli_expect(s, sol, &e)) {
		meta.expected = &e;
		meta.confidence = a ? a->confidence : NAN;
	}
	ct_camera_expect *cams = NULL;
	if (!cli_camera_expect(s->problem, s->ds, sol, q, &meta, &cams))
		return CT_EXIT_FAILURE;
	char err[1024];
	int rc = ct_thresholds_write(path, s->ds, sol, &meta, err, sizeof err);
	free(cams);
	if (rc != CT_EXIT_OK)
		cli_error("%s", err);
	return rc;
}

bool cli_camera_expect(ct_problem *p, const ct_dataset *ds, const ct_solution *sol,
                       const ct_quality *q, ct_thresholds_meta *meta, ct_camera_expect **cams)
{
	*cams = NULL;
	const ct_model *m = ct_problem_model(p);
	meta->history_days = q ? ct_span_days(q->time_first, q->time_last) : NAN;
	if (m)
		*cams = ct_thresholds_camera_expect(m, ds, sol, meta->history_days);
	if (!*cams) {
		cli_error("out of memory");
		return false;
	}
	meta->camera_expected = *cams;
	meta->volume_cv = ct_model_params_of(m)->volume_cv;
	return true;
}

void cli_put_padded(const char *s, size_t width)
{
	char buf[256];
	const char *shown = ct_shown(s, buf, sizeof buf);
	char *whole = NULL;
	if (shown == buf && ct_escape_into(NULL, 0, s, strlen(s)) >= sizeof buf)
		shown = whole = ct_escape(s); /* a long name, shown in full */
	if (!shown)
		shown = buf;
	fputs(shown, stdout);
	for (size_t w = ct_display_width(shown); w < width; w++)
		putchar(' ');
	free(whole);
}

size_t cli_shown_width(const char *s)
{
	char *shown = ct_escape(s);
	size_t w = shown ? ct_display_width(shown) : strlen(s);
	free(shown);
	return w;
}

int cli_read_thresholds(const char *what, const char *path, ct_thresholds *t)
{
	char err[1024] = "";
	int rc = ct_thresholds_read(path, t, err, sizeof err);
	if (rc != CT_EXIT_OK) {
		cli_error("%s%s", what, err[0] ? err : path);
		return rc;
	}
	for (size_t i = 0; i < t->n_warnings; i++)
		cli_warn("%s%s", what, t->warnings[i]);
	return CT_EXIT_OK;
}

/* ---- the run of one subcommand ------------------------------------------ */

static const struct option load_longopts[] = {CLI_LOAD_LONGOPTS};
static const struct option analysis_longopts[] = {CLI_ANALYSIS_LONGOPTS};
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

int cli_run_parse(cli_run *r, const cli_spec *spec, int argc, char **argv,
                  int (*own)(void *ctx, int opt, const char *arg), void *ctx)
{
	memset(r, 0, sizeof *r);
	r->spec = spec;
	r->t_start = cli_now();
	cli_load_init(&r->load);
	cli_analysis_init(&r->an);

	size_t n_own = 0;
	while (spec->longopts && spec->longopts[n_own].name)
		n_own++;
	size_t n = COUNT(load_longopts) + (spec->analysis ? COUNT(analysis_longopts) : 0) + n_own + 2;
	struct option *longopts = calloc(n, sizeof *longopts);
	char shortopts[64];
	snprintf(shortopts, sizeof shortopts, "%sd:qvh%s", spec->analysis ? "t:s:" : "",
	         spec->shortopts ? spec->shortopts : "");
	if (!longopts) {
		cli_error("out of memory");
		return CT_EXIT_FAILURE;
	}
	size_t k = 0;
	for (size_t i = 0; i < COUNT(load_longopts); i++)
		longopts[k++] = load_longopts[i];
	for (size_t i = 0; spec->analysis && i < COUNT(analysis_longopts); i++)
		longopts[k++] = analysis_longopts[i];
	for (size_t i = 0; i < n_own; i++)
		longopts[k++] = spec->longopts[i];
	longopts[k++] = (struct option){"help", no_argument, NULL, 'h'};

	int rc = CT_EXIT_OK, c;
	optind = 0; /* GNU: re-initialise, argv[0] is the command */
	while (rc == CT_EXIT_OK && (c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		if (c == 0)
			continue; /* a flag option, set by getopt */
		int used = cli_load_option(&r->load, spec->name, c, optarg);
		if (used == 0 && spec->analysis)
			used = cli_analysis_option(&r->an, spec->name, c, optarg);
		if (used < 0) {
			rc = CT_EXIT_USAGE;
		} else if (used > 0) {
			continue;
		} else if (c == 'h') {
			spec->help();
			rc = CLI_DONE;
		} else if (c == '?' || c == ':' || !own) {
			rc = cli_bad_option(spec->name, argc, argv);
		} else {
			rc = own(ctx, c, optarg);
		}
	}
	free(longopts);
	if (rc != CT_EXIT_OK)
		return rc;
	int files = argc - optind;
	if (files > 1)
		return cli_usage_error(spec->name, "one FILE expected, got %d", files);
	if (files == 0 && !spec->file_optional)
		return cli_usage_error(spec->name, "missing FILE");
	r->path = files ? argv[optind] : NULL;
	return CT_EXIT_OK;
}

int cli_run_load(cli_run *r)
{
	int rc = cli_load_file(&r->load, r->path, &r->ds, &r->q);
	if (rc == CT_EXIT_OK && r->spec->thefts != CLI_THEFTS_ANY)
		rc = cli_check_thefts(&r->load, &r->q, r->ds, r->spec->thefts == CLI_THEFTS_WARN, NULL);
	if (rc == CT_EXIT_OK && r->spec->analysis) {
		double t0 = cli_now();
		rc = cli_scope_init(&r->scope, &r->an, r->ds);
		if (rc == CT_EXIT_OK) {
			char n1[32];
			cli_stage("prepare", t0, "options, constraints and model of %s cameras",
			          cli_fmt_count(n1, r->scope.ds->n_cameras));
		}
	}
	return rc;
}

int cli_run_end(cli_run *r, int rc)
{
	if (rc != CLI_DONE && r->spec)
		cli_stage("total", r->t_start, "exit %d", rc);
	cli_scope_free(&r->scope);
	if (r->ds)
		ct_dataset_free(r->ds);
	ct_quality_free(&r->q);
	cli_analysis_free(&r->an);
	cli_load_free(&r->load);
	return rc == CLI_DONE ? CT_EXIT_OK : rc;
}

int cli_stdout_errno;

void cli_stdout_failed(void)
{
	if (!cli_stdout_errno)
		cli_stdout_errno = errno;
}

int cli_print_json(cJSON *doc)
{
	char *text = doc ? ct_json_print(doc) : NULL;
	cJSON_Delete(doc);
	if (!text) {
		cli_error("out of memory");
		return CT_EXIT_FAILURE;
	}
	if (fputs(text, stdout) == EOF)
		cli_stdout_failed();
	free(text);
	return CT_EXIT_OK;
}
