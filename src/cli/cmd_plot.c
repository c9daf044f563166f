/* cmd_plot.c -- `camtune plot`: one SVG per camera (#FP kept against
 * recall), the fleet frontier and an index page, written atomically into
 * an output directory. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "io/atomic.h"
#include "io/thresholds.h"
#include "report/svg.h"

#define DEFAULT_OUT_DIR "camtune-plots"

static void help(void)
{
	printf("Usage: camtune plot [OPTION]... FILE\n"
	       "Write one SVG picture per camera, DIR/<store>_cam<id>.svg (with a hash\n"
	       "of the name when two names meet or one is too long): #FP kept\n"
	       "against recall (against threshold on a camera without thefts); the\n"
	       "fleet trade-off DIR/frontier.svg (exact, hull, uniform, greedy, with the\n"
	       "target); and DIR/index.html showing them all, most FP first.\n\n"
	       "  -O, --out-dir DIR       output directory (default " DEFAULT_OUT_DIR "; created)\n"
	       "      --log               logarithmic FP axis\n"
	       "      --thresholds T.json mark the operating points of a thresholds file\n"
	       "      --top N             pictures of the N cameras with the most FP only\n"
	       "                          (default from 40,000 cameras on: 500)\n"
	       "      --all               a picture of every camera, however many\n"
	       "  -t, --target T          mark the operating points chosen for target T\n"
	       "                          (a count or a percentage; default 10%% for the\n"
	       "                          frontier's target line)\n"
	       "  -s, --strategy S        ... by strategy S: robust (default), exact, hull,\n"
	       "                          uniform, greedy, lazy\n"
	       "      --min-recall R, --lock T.json, --exclude STORE[:CAMERA]\n"
	       "                          constraints, as for optimize\n"
	       "      --store S --camera C  only that camera\n"
	       CLI_LOAD_HELP
	       "  -h, --help              show this help\n\n"
	       "Exit status: 0 ok, 3 target not reachable (the pictures show what was\n"
	       "reached), 64 usage error, 65 bad data, 66 cannot open input,\n"
	       "73 cannot create the output directory or a file in it.\n");
}

/* mkdir -p; 0 or -1 with errno. */
static int make_dirs(const char *dir)
{
	char *p = strdup(dir);
	if (!p)
		return -1;
	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0777) != 0 && errno != EEXIST) {
			free(p);
			return -1;
		}
		*s = '/';
	}
	int rc = mkdir(p, 0777);
	int saved = errno;
	free(p);
	if (rc != 0 && saved != EEXIST) {
		errno = saved;
		return -1;
	}
	struct stat st;
	if (stat(dir, &st) != 0)
		return -1;
	if (!S_ISDIR(st.st_mode)) {
		errno = ENOTDIR;
		return -1;
	}
	return 0;
}

typedef int (*writer_fn)(FILE *f, const void *arg);

/* Write name into the staging directory through fn (moved into the
 * output directory with the others by ct_staging_commit).  Exit code. */
static int write_file(ct_staging *st, const char *name, writer_fn fn, const void *arg)
{
	char err[1024];
	ct_atomic a;
	FILE *f = ct_staging_file(st, &a, name, err, sizeof err);
	if (!f) {
		cli_error("%s", err);
		return a.code;
	}
	errno = 0;
	if (fn(f, arg) != 0) {
		int saved = errno;
		ct_atomic_abort(&a);
		cli_error("%s/%s: cannot write%s%s", st->dir, name, saved ? ": " : "",
		          saved ? strerror(saved) : "");
		return CT_EXIT_CANTCREAT;
	}
	/* No fsync per picture: thousands of cameras would take minutes, and
	 * a picture lost in a crash is made again by running plot again. */
	int rc = ct_atomic_commit_nosync(&a, err, sizeof err);
	if (rc != CT_EXIT_OK)
		cli_error("%s", err);
	return rc;
}

static int write_camera(FILE *f, const void *arg)
{
	return ct_svg_camera(f, arg);
}

static int write_frontier(FILE *f, const void *arg)
{
	return ct_svg_frontier(f, arg);
}

static int write_index(FILE *f, const void *arg)
{
	return ct_html_index(f, arg);
}

/* Byte order, ASCII letters without case (file names are ASCII). */
static int name_cmp(const char *a, const char *b)
{
	for (;; a++, b++) {
		int x = (unsigned char)*a, y = (unsigned char)*b;
		x += x >= 'A' && x <= 'Z' ? 'a' - 'A' : 0;
		y += y >= 'A' && y <= 'Z' ? 'a' - 'A' : 0;
		if (x != y || !x)
			return x - y;
	}
}

static int cmp_name_ref(const void *a, const void *b)
{
	return name_cmp(**(char *const *const *)a, **(char *const *const *)b);
}

/* Every camera its own picture.  Names that collide (store "a/b" and
 * store "a_b", say; compared without case, for the file systems that
 * ignore it) all take the hash of their exact store and camera id; a
 * hashed name that meets another name again takes the next salt.  The
 * names depend on the set of cameras only, never on their order in the
 * data.  0, or -1 when out of memory. */
static int unique_names(char **names, const ct_camera *cams, size_t n)
{
	char ***ref = malloc((n ? n : 1) * sizeof *ref);
	int *salt = malloc((n ? n : 1) * sizeof *salt);
	uint8_t *hit = calloc(n ? n : 1, 1);
	int rc = -1;
	if (!ref || !salt || !hit)
		goto out;
	for (size_t i = 0; i < n; i++)
		salt[i] = -1;
	for (bool again = true; again;) {
		again = false;
		for (size_t i = 0; i < n; i++)
			ref[i] = &names[i];
		qsort(ref, n, sizeof *ref, cmp_name_ref);
		for (size_t i = 1; i < n; i++)
			if (name_cmp(*ref[i], *ref[i - 1]) == 0)
				hit[ref[i] - names] = hit[ref[i - 1] - names] = 1;
		for (size_t i = 0; i < n; i++) {
			if (!hit[i])
				continue;
			hit[i] = 0;
			again = true;
			free(names[i]);
			if (!(names[i] = ct_svg_file_name(&cams[i], ++salt[i])))
				goto out;
		}
	}
	rc = 0;
out:
	free(hit);
	free(salt);
	free(ref);
	return rc;
}

static int cmp_index_fp(const void *a, const void *b)
{
	const ct_index_camera *x = a, *y = b;
	uint32_t fx = x->stats->fp, fy = y->stats->fp;
	if (fx != fy)
		return fx < fy ? 1 : -1;
	return (x->stats > y->stats) - (x->stats < y->stats);
}

/* From this many cameras on, plot writes the pictures of the
 * PLOT_TOP_DEFAULT with the most FP unless --all or --top says otherwise. */
#define PLOT_MANY 40000
#define PLOT_TOP_DEFAULT 500

typedef struct plot_opts {
	const char *out_dir;
	const char *thresholds;
	int log_fp;
	int all;
	size_t top;   /* 0: not given */
} plot_opts;

static int plot_option(void *ctx, int opt, const char *arg)
{
	plot_opts *o = ctx;
	switch (opt) {
	case 'O':
		if (!*arg)
			return cli_usage_error("plot", "--out-dir: empty directory name");
		o->out_dir = arg;
		return CT_EXIT_OK;
	case 1202:
		o->thresholds = arg;
		return CT_EXIT_OK;
	case 1203: {
		char *end;
		errno = 0;
		unsigned long long v = strtoull(arg, &end, 10);
		if (errno || end == arg || *end || v == 0 || arg[0] == '-' || v > SIZE_MAX)
			return cli_usage_error("plot", "--top: '%s' is not a positive whole number", arg);
		o->top = (size_t)v;
		return CT_EXIT_OK;
	}
	default:
		return cli_usage_error("plot", "unknown option");
	}
}

static int plot(cli_run *r, const plot_opts *o)
{
	const cli_scope *scope = &r->scope;
	const cli_analysis *an = &r->an;
	const char *out_dir = o->out_dir, *thresholds_path = o->thresholds;
	bool log_fp = o->log_fp, solve = an->target_given || an->strategy_given;
	int rc = CT_EXIT_OK;
	ct_camera_stats *stats = NULL;
	ct_index_camera *idx = NULL;
	char **names = NULL;
	size_t n_names = 0;
	double *point = NULL;
	ct_frontier fronts[4];
	size_t n_fronts = 0;
	ct_solution sol;
	memset(&sol, 0, sizeof sol);
	bool have_sol = false;
	char point_source[512] = "";
	ct_fleet_stats fleet;
	ct_staging staging = {.tmp = NULL};

	const ct_dataset *d = scope->ds;
	size_t n = d->n_cameras, shown = n;
	if (o->top > 0 && o->top < n) {
		shown = o->top;
	} else if (o->top == 0 && !o->all && n >= PLOT_MANY) {
		/* Tens of thousands of pictures are gigabytes no one looks
		 * through: the worst cameras, unless asked for all. */
		char c1[32], c2[32];
		shown = PLOT_TOP_DEFAULT;
		cli_warn("%s cameras: pictures of the %s with the most FP only (--top %s); "
		         "--all writes every one, --top N another number",
		         cli_fmt_count(c1, n), cli_fmt_count(c2, shown), c2);
	}

	/* Operating points: a thresholds file, or a solve. */
	point = malloc((n ? n : 1) * sizeof *point);
	if (!point)
		goto oom;
	for (size_t i = 0; i < n; i++)
		point[i] = NAN;
	if (thresholds_path) {
		ct_thresholds t;
		rc = cli_read_thresholds("", thresholds_path, &t);
		if (rc != 0)
			goto done;
		size_t unknown = 0;
		int32_t i = -1;
		for (size_t k = 0; k < t.n; k++) {
			i = ct_dataset_find_at(d, t.v[k].store, t.v[k].camera_id, (int64_t)i + 1);
			if (i < 0) {
				unknown++;
				continue;
			}
			point[i] = ct_deployed_threshold(&d->cameras[i], t.v[k].threshold, t.v[k].muted);
		}
		if (unknown && !scope->ds_owned)
			cli_warn("%s: %zu camera%s not in the data", thresholds_path, unknown,
			         unknown == 1 ? " is" : "s are");
		snprintf(point_source, sizeof point_source, "thresholds from %s", thresholds_path);
		ct_thresholds_free(&t);
	} else if (solve) {
		double t0 = cli_now();
		if (ct_solve(scope->problem, an->strategy, scope->target, &sol) != 0)
			goto oom;
		have_sol = true;
		cli_stage("solve", t0, "%s, target %s", ct_strategy_name(an->strategy), an->target_text);
		cli_detail_solution(d, &sol);
		for (size_t i = 0; i < n; i++)
			point[i] = sol.setting[i].threshold;
		snprintf(point_source, sizeof point_source, "%s, target %s",
		         ct_strategy_name(an->strategy), an->target_text);
		if (!sol.target_met) {
			char a[32], b[48];
			ct_format_double(b, sizeof b, scope->target);
			cli_warn("target not reachable: %s reaches %s FP saved of the %s asked; "
			         "the pictures show what it reached",
			         ct_strategy_name(an->strategy), cli_fmt_count(a, sol.fp_saved), b);
		}
	}

	if (make_dirs(out_dir) != 0) {
		cli_error("%s: cannot create the output directory: %s", out_dir, strerror(errno));
		rc = CT_EXIT_CANTCREAT;
		goto done;
	}
	/* Every file goes to a hidden directory first and all move in at the
	 * end, index.html last: an interrupted or failed run leaves the old
	 * contents (atomic.h, "a set of files"). */
	char err[1024];
	if (ct_staging_open(&staging, out_dir, err, sizeof err) != 0) {
		cli_error("%s", err);
		rc = staging.code;
		goto done;
	}

	stats = calloc(n ? n : 1, sizeof *stats);
	idx = calloc(n ? n : 1, sizeof *idx);
	names = calloc(n ? n : 1, sizeof *names);
	n_names = n;
	if (!stats || !idx || !names)
		goto oom;
	for (size_t i = 0; i < n; i++) {
		ct_camera_stats_compute(&d->cameras[i], &stats[i]);
		if (!(names[i] = ct_svg_file_name(&d->cameras[i], -1)))
			goto oom;
	}
	if (unique_names(names, d->cameras, n) != 0)
		goto oom;
	if (ct_fleet_stats_compute(d, stats, &fleet) != 0)
		goto oom;

	for (size_t i = 0; i < n; i++)
		idx[i] = (ct_index_camera){.cam = &d->cameras[i], .stats = &stats[i],
		                           .file = names[i], .has_point = !isnan(point[i]),
		                           .threshold = point[i]};
	/* Most FP first: the index's order, and the pictures --top keeps. */
	qsort(idx, n, sizeof *idx, cmp_index_fp);
	double t0 = cli_now();
	for (size_t k = 0; k < shown; k++) {
		ct_camera_plot p = {
			.cam = idx[k].cam,
			.stats = idx[k].stats,
			.log_fp = log_fp,
			.has_point = idx[k].has_point,
			.threshold = idx[k].threshold,
			.point_source = point_source[0] ? point_source : NULL,
		};
		rc = write_file(&staging, idx[k].file, write_camera, &p);
		if (rc != CT_EXIT_OK)
			goto done;
		cli_detail("picture %s", idx[k].file);
	}
	char n_shown[32];
	cli_stage("pictures", t0, "%s SVG files", cli_fmt_count(n_shown, shown));
	t0 = cli_now();

	/* The fleet frontier of the four strategies the issue compares. */
	static const ct_strategy drawn[] = {CT_EXACT, CT_HULL, CT_UNIFORM, CT_GREEDY};
	for (size_t s = 0; s < 4; s++) {
		if (ct_frontier_compute(scope->problem, drawn[s], &fronts[n_fronts]) != 0) {
			cli_warn("frontier of %s: out of memory; left out", ct_strategy_name(drawn[s]));
			continue;
		}
		n_fronts++;
	}
	cli_stage("frontier", t0, "exact, hull, uniform and greedy");
	t0 = cli_now();
	ct_frontier_plot fp = {
		.frontiers = fronts,
		.n_frontiers = n_fronts,
		.baseline_tp = d->n_tp,
		.baseline_fp = d->n_fp,
		.target = scope->target,
		.target_text = an->target_text,
		.source = r->q.source,
	};
	rc = write_file(&staging, "frontier.svg", write_frontier, &fp);
	if (rc != CT_EXIT_OK)
		goto done;

	ct_index_page page = {
		.source = r->q.source,
		.fleet = &fleet,
		.frontier_file = "frontier.svg",
		.point_source = point_source[0] ? point_source : NULL,
		.cameras = idx,
		.n_cameras = shown,
		.n_total = n,
	};
	rc = write_file(&staging, "index.html", write_index, &page);
	if (rc != CT_EXIT_OK)
		goto done;
	rc = ct_staging_commit(&staging, err, sizeof err);
	if (rc != CT_EXIT_OK) {
		cli_error("%s", err);
		goto done;
	}
	cli_stage("write", t0, "frontier.svg, index.html and all moved into %s/", out_dir);
	if (!cli_quiet) {
		char c1[32], c2[32];
		if (shown < n)
			printf("%s of %s camera pictures (the most FP), frontier.svg and index.html "
			       "written to %s/\n", cli_fmt_count(c1, shown), cli_fmt_count(c2, n), out_dir);
		else
			printf("%s camera picture%s, frontier.svg and index.html written to %s/\n",
			       cli_fmt_count(c1, n), n == 1 ? "" : "s", out_dir);
	}
	if (have_sol && !sol.target_met)
		rc = CT_EXIT_UNREACHABLE;
	goto done;

oom:
	cli_error("out of memory");
	rc = CT_EXIT_FAILURE;
done:
	ct_staging_abort(&staging); /* nothing left after a commit */
	for (size_t s = 0; s < n_fronts; s++)
		ct_frontier_free(&fronts[s]);
	if (have_sol)
		ct_solution_free(&sol);
	if (names)
		for (size_t i = 0; i < n_names; i++)
			free(names[i]);
	free(names);
	free(idx);
	free(stats);
	free(point);
	return rc;
}

int cmd_plot(int argc, char **argv)
{
	plot_opts o = {.out_dir = DEFAULT_OUT_DIR};
	const struct option longopts[] = {
		{"out-dir", required_argument, NULL, 'O'},
		{"log", no_argument, &o.log_fp, 1},
		{"thresholds", required_argument, NULL, 1202},
		{"top", required_argument, NULL, 1203},
		{"all", no_argument, &o.all, 1},
		{NULL, 0, NULL, 0},
	};
	const cli_spec spec = {"plot", "O:", longopts, true, false, help, CLI_THEFTS_REFUSE};
	cli_run r;
	int rc = cli_run_parse(&r, &spec, argc, argv, plot_option, &o);
	if (rc == CT_EXIT_OK && o.thresholds && (r.an.target_given || r.an.strategy_given))
		rc = cli_usage_error("plot", "--thresholds and --target/--strategy exclude each other");
	if (rc == CT_EXIT_OK && o.all && o.top)
		rc = cli_usage_error("plot", "--all and --top exclude each other");
	if (rc == CT_EXIT_OK)
		rc = cli_run_load(&r);
	if (rc == CT_EXIT_OK)
		rc = plot(&r, &o);
	return cli_run_end(&r, rc);
}
