/* cmd_synth.c -- `camtune synth`: write a synthetic alert file (synth.h),
 * atomically, to a file or standard output. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "io/atomic.h"
#include "synth/synth.h"

static void synth_usage(FILE *out)
{
	fprintf(out,
	        "Usage: camtune synth [OPTION]...\n"
	        "Write a synthetic alert file (';store;video_name;label;probability'),\n"
	        "deterministic for a seed.  The default has the shape of the real file:\n"
	        "158,136 rows, 45 stores with one camera each, TP 1,601 / FP 154,336 after\n"
	        "2,199 rows with an empty probability, 6 cameras without a theft.\n\n"
	        "  -s, --seed N               random seed (default 1)\n"
	        "      --stores N             number of stores (default 45)\n"
	        "      --cameras-per-store N  cameras in each store (default 1)\n"
	        "  -n, --alerts N             rows to write, unusable ones included\n"
	        "                             (default 158136; 10M and 500k work too)\n"
	        "      --month N              month N of the same cameras (1 = May 2023,\n"
	        "                             2 = June 2023, ...): fresh alerts, theft and FP\n"
	        "                             counts drawn around each camera's rates; the\n"
	        "                             seed fixes the cameras (default: the calibrated\n"
	        "                             May 2023 file with the exact totals above)\n"
	        "      --drift X              with --month: every score of a camera moves by\n"
	        "                             X logit units per month after month 1, up or\n"
	        "                             down by camera (default 0)\n"
	        "      --volume-swing X       with --month: each camera's volume walks from\n"
	        "                             day to day so one month's differs from the\n"
	        "                             next by X (sd of log volume; 0: Poisson only)\n"
	        "      --score-drift X        with --month: each camera's scores walk from\n"
	        "                             day to day, X logit sd from month to month\n"
	        "      --truth FILE           with --month: also write each camera's true\n"
	        "                             parameters of the month to FILE (tab-separated)\n"
	        "      --break-cameras K      with --month: K cameras (the same every month,\n"
	        "                             picked by the seed) changed: their normal\n"
	        "                             alerts score higher and come more often\n"
	        "      --break-shift X        their normal alerts' logit shift (default 1.5)\n"
	        "      --break-volume F       their normal alerts' volume factor (default 2)\n"
	        "      --theft-rate X         thefts per usable row, 0.0001 to 0.5 (default\n"
	        "                             the real file's 0.0103)\n"
	        "  -z, --gzip                 gzip-compress the output\n"
	        "  -o, --output FILE          write FILE atomically (default: standard output)\n"
	        "  -h, --help                 show this help and exit\n\n"
	        "Exit status: 0 ok, 64 usage error, 73 cannot create output,\n"
	        "74 standard output cannot be written.\n");
}

static int parse_count(const char *cmd, const char *opt, const char *arg, uint64_t min,
                       uint64_t max, uint64_t *out)
{
	char *end;
	errno = 0;
	if (arg[0] == '-' || arg[0] == '\0')
		goto bad;
	unsigned long long v = strtoull(arg, &end, 10);
	/* Accept 10M / 158k as a convenience for big benchmark files. */
	if (*end == 'k' || *end == 'K')
		v *= 1000ull, end++;
	else if (*end == 'M' || *end == 'm')
		v *= 1000000ull, end++;
	if (errno || *end || v < min || v > max)
		goto bad;
	*out = v;
	return 0;
bad:
	cli_usage_error(cmd, "%s: '%s' is not a whole number from %" PRIu64 " to %" PRIu64, opt,
	                arg, min, max);
	return -1;
}

int cmd_synth(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"seed", required_argument, NULL, 's'},
		{"stores", required_argument, NULL, 1201},
		{"cameras-per-store", required_argument, NULL, 1202},
		{"alerts", required_argument, NULL, 'n'},
		{"month", required_argument, NULL, 1203},
		{"drift", required_argument, NULL, 1204},
		{"theft-rate", required_argument, NULL, 1205},
		{"volume-swing", required_argument, NULL, 1206},
		{"score-drift", required_argument, NULL, 1207},
		{"truth", required_argument, NULL, 1208},
		{"break-cameras", required_argument, NULL, 1209},
		{"break-shift", required_argument, NULL, 1210},
		{"break-volume", required_argument, NULL, 1211},
		{"gzip", no_argument, NULL, 'z'},
		{"output", required_argument, NULL, 'o'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *cmd = "synth";
	ct_synth_opts o;
	ct_synth_defaults(&o);
	const char *path = "-";
	uint64_t v;
	bool drift_given = false, break_given = false;
	const char *truth_path = NULL;
	int c;
	optind = 0;
	while ((c = getopt_long(argc, argv, "s:n:zo:h", longopts, NULL)) != -1) {
		switch (c) {
		case 's':
			if (parse_count(cmd, "--seed", optarg, 0, UINT64_MAX, &v) != 0)
				return CT_EXIT_USAGE;
			o.seed = v;
			break;
		case 1201:
			if (parse_count(cmd, "--stores", optarg, 1, 1000000, &v) != 0)
				return CT_EXIT_USAGE;
			o.stores = (uint32_t)v;
			break;
		case 1202:
			if (parse_count(cmd, "--cameras-per-store", optarg, 1, 1000, &v) != 0)
				return CT_EXIT_USAGE;
			o.cameras_per_store = (uint32_t)v;
			break;
		case 'n':
			if (parse_count(cmd, "--alerts", optarg, 0, 4000000000ull, &v) != 0)
				return CT_EXIT_USAGE;
			o.alerts = v;
			break;
		case 1203:
			if (parse_count(cmd, "--month", optarg, 1, CT_SYNTH_MAX_MONTH, &v) != 0)
				return CT_EXIT_USAGE;
			o.month = (uint32_t)v;
			break;
		case 1204: {
			char *end;
			errno = 0;
			double x = strtod(optarg, &end);
			if (errno || end == optarg || *end || !isfinite(x) || fabs(x) > 10)
				return cli_usage_error(cmd, "--drift: '%s' is not a number from -10 to 10",
				                       optarg);
			o.drift = x;
			drift_given = true;
			break;
		}
		case 1205: {
			char *end;
			errno = 0;
			double x = strtod(optarg, &end);
			if (errno || end == optarg || *end || !(x >= 0.0001 && x <= 0.5))
				return cli_usage_error(cmd, "--theft-rate: '%s' is not a number from 0.0001 to 0.5",
				                       optarg);
			o.theft_rate = x;
			break;
		}
		case 1206:
		case 1207: {
			char *end;
			errno = 0;
			double x = strtod(optarg, &end);
			const char *name = c == 1206 ? "--volume-swing" : "--score-drift";
			if (errno || end == optarg || *end || !(x >= 0 && x <= 2))
				return cli_usage_error(cmd, "%s: '%s' is not a number from 0 to 2", name,
				                       optarg);
			if (c == 1206)
				o.volume_swing = x;
			else
				o.score_drift = x;
			drift_given = true;
			break;
		}
		case 1208:
			truth_path = optarg;
			drift_given = true;
			break;
		case 1209:
			if (parse_count(cmd, "--break-cameras", optarg, 1, 1u << 26, &v) != 0)
				return CT_EXIT_USAGE;
			o.break_cameras = (uint32_t)v;
			break;
		case 1210:
		case 1211: {
			bool shift = c == 1210;
			double lo = shift ? -10 : 0, hi = shift ? 10 : 100;
			char *end;
			errno = 0;
			double x = strtod(optarg, &end);
			if (errno || end == optarg || *end || !(x >= lo && x <= hi))
				return cli_usage_error(cmd, "%s: '%s' is not a number from %g to %g",
				                       shift ? "--break-shift" : "--break-volume", optarg, lo, hi);
			*(shift ? &o.break_shift : &o.break_volume) = x;
			break_given = true;
			break;
		}
		case 'z':
			o.gzip = true;
			break;
		case 'o':
			path = optarg;
			break;
		case 'h':
			synth_usage(stdout);
			return CT_EXIT_OK;
		default:
			return cli_bad_option(cmd, argc, argv);
		}
	}
	if (optind < argc)
		return cli_usage_error(cmd, "unexpected argument '%s' (use -o FILE to name the output)",
		                       argv[optind]);
	if (drift_given && !o.month)
		return cli_usage_error(cmd, "--drift needs --month (the calibrated file does not "
		                            "drift), and so do --volume-swing, --score-drift, --truth");
	if ((o.break_cameras || break_given) && !o.month)
		return cli_usage_error(cmd, "--break-cameras needs --month (the calibrated file is not broken)");
	if (break_given && !o.break_cameras)
		return cli_usage_error(cmd, "--break-shift and --break-volume need --break-cameras K");
	if ((uint64_t)o.stores * o.cameras_per_store > (1u << 26))
		return cli_usage_error(cmd, "--stores x --cameras-per-store: at most %u cameras",
		                       1u << 26);
	if (o.gzip && strcmp(path, "-") == 0 && isatty(STDOUT_FILENO))
		return cli_usage_error(cmd, "--gzip: not writing compressed data to a terminal (use -o FILE)");

	char err[512];
	if (truth_path) {
		ct_atomic ta;
		FILE *tf = ct_atomic_open(&ta, truth_path, err, sizeof err);
		if (!tf) {
			cli_error("%s", err);
			return ta.code;
		}
		int rc = ct_synth_write_truth(&o, tf, err, sizeof err);
		if (rc != CT_EXIT_OK) {
			ct_atomic_abort(&ta);
			cli_error("%s: %s", truth_path, err);
			return rc == CT_EXIT_IOERR ? CT_EXIT_CANTCREAT : rc;
		}
		rc = ct_atomic_commit(&ta, err, sizeof err);
		if (rc != CT_EXIT_OK) {
			cli_error("%s", err);
			return rc;
		}
	}
	ct_atomic a;
	FILE *f = ct_atomic_open(&a, path, err, sizeof err);
	if (!f) {
		cli_error("%s", err);
		return a.code;
	}
	bool to_stdout = f == stdout;
	int rc = ct_synth_write(&o, f, err, sizeof err);
	if (rc != CT_EXIT_OK) {
		ct_atomic_abort(&a);
		cli_error("%s: %s", to_stdout ? "standard output" : path, err);
		/* a write error on a named file: it cannot be created */
		return rc == CT_EXIT_IOERR && !to_stdout ? CT_EXIT_CANTCREAT : rc;
	}
	rc = ct_atomic_commit(&a, err, sizeof err);
	if (rc != CT_EXIT_OK)
		cli_error("%s", err);
	return rc;
}
