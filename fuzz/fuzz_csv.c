/* fuzz_csv.c -- libFuzzer target for the CSV loader (ct_load_file).
 *
 * The first input byte picks the loading options, the rest is the file:
 *   bits 0-1  delimiter: detect, ';', ',', tab
 *   bit  2    --camera-column cam (instead of video_name)
 *   bits 3-5  parser chunk size: 1 MiB (default), 16, 17, 31, 64, 100, 256, 4096
 *             bytes -- tiny chunks put chunk boundaries everywhere, the
 *             hardest part of the threaded parser
 *   bit  6    one parser thread instead of two
 *   bit  7    custom theft labels ("Theft" and the empty label)
 * A file with a summary header (summary.h) goes through the summary reader.
 * When the file loads, the options, every strategy's solve and the exact
 * frontier run on it too, so odd values (-0, denormals, 1e308, ties) reach
 * the core.  Any crash, leak, sanitizer report, a loaded dataset that
 * disagrees with its own quality counts, or two cameras with the same
 * printed name is a finding.
 */
#define _GNU_SOURCE /* memfd_create */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/optimise.h"
#include "fuzz_common.h"
#include "io/load.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void exercise_core(const ct_dataset *ds)
{
	ct_options *opts = ct_options_build(ds);
	if (!opts)
		return;
	ct_constraints cons = {0};
	ct_problem *p = ct_problem_new(ds, opts, &cons);
	if (p) {
		double target;
		if (ct_target_parse("30%", ds->n_fp, &target) == 0) {
			for (int s = 0; s < CT_N_STRATEGIES; s++) {
				ct_solution sol;
				if (ct_solve(p, (ct_strategy)s, target, &sol) == 0) {
					if (sol.fp_saved > ds->n_fp || sol.tp_lost > ds->n_tp)
						abort(); /* saved more than there is */
					ct_solution_free(&sol);
				}
			}
		}
		ct_frontier fr;
		if (ct_frontier_compute(p, CT_EXACT, &fr) == 0) {
			if (fr.n != ds->n_tp + 1)
				abort();
			ct_frontier_free(&fr);
		}
		ct_problem_free(p);
	}
	ct_options_free(opts);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const chunks[8] = {"", "16", "17", "31", "64", "100", "256", "4096"};
	static const char delims[4] = {0, ';', ',', '\t'};
	static const char *const labels[] = {"Theft", "", NULL};
	if (size < 1)
		return 0;
	uint8_t mode = data[0];
	data++;
	size--;

	if (*chunks[(mode >> 3) & 7])
		setenv("CAMTUNE_CSV_CHUNK", chunks[(mode >> 3) & 7], 1);
	else
		unsetenv("CAMTUNE_CSV_CHUNK");
	setenv("CAMTUNE_CSV_THREADS", mode & 0x40 ? "1" : "2", 1);

	char path[64];
	int fd = fuzz_memfile(data, size, path, sizeof path);
	if (fd < 0)
		return 0;
	ct_load_opts opts;
	memset(&opts, 0, sizeof opts);
	opts.source.delimiter = delims[mode & 3];
	opts.source.camera_column = mode & 4 ? "cam" : NULL;
	opts.theft_labels = mode & 0x80 ? labels : NULL;

	ct_dataset *ds = NULL;
	ct_quality q;
	memset(&q, 0, sizeof q);
	char err[1024] = "";
	int rc = ct_load_file(path, &opts, &ds, &q, err, sizeof err);
	if (rc == 0) {
		/* (a summary's rows each stand for one or more alerts) */
		if (!ds || ds->n_alerts != q.loaded || (!q.is_summary && q.loaded > q.rows))
			abort(); /* the dataset and its report disagree */
		/* Every camera is found again by its printed name: two cameras
		 * printing alike would make an exported file ambiguous. */
		for (size_t i = 0; i < ds->n_cameras; i++)
			if (ct_dataset_find(ds, ds->cameras[i].store, ds->cameras[i].camera_id) !=
			    (int32_t)i)
				abort();
		exercise_core(ds);
	} else if (rc != 65 && rc != 66 && !(rc == 1 && strstr(err, "out of memory"))) {
		abort(); /* an exit code the CLI does not document */
	} else if (!err[0]) {
		abort(); /* a refusal must say why */
	}
	ct_dataset_free(ds);
	ct_quality_free(&q);
	close(fd);
	return 0;
}
