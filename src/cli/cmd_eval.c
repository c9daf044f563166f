/* cmd_eval.c -- `camtune eval`: apply a thresholds file to (possibly newer)
 * data and count what it keeps, saves and loses. */
#include "config.h"

#include <cjson/cJSON.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/curve.h"
#include "io/escape.h"
#include "io/thresholds.h"

static void help(void)
{
	printf("Usage: camtune eval --thresholds T.json [OPTION]... FILE\n"
	       "Apply the thresholds of T.json (probability >= threshold) to FILE and\n"
	       "print, per camera and in total, the alerts kept, FP saved and TP lost.\n"
	       "Cameras in FILE but not in T.json stay at baseline; cameras in T.json\n"
	       "but not in FILE are listed; when none of T.json is in FILE, exit 65.\n"
	       "A camera marked \"muted\" keeps no alert, whatever its scores in FILE.\n\n"
	       "  -T, --thresholds T.json the thresholds file (required)\n"
	       "      --json              print the evaluation as JSON\n"
	       CLI_LOAD_HELP
	       "  -h, --help              show this help\n");
}

typedef struct eval_row {
	const ct_camera *cam;
	ct_option setting;
	bool in_file;
} eval_row;

typedef struct eval_opts {
	const char *thresholds;
	int json;
} eval_opts;

static int eval_option(void *ctx, int opt, const char *arg)
{
	eval_opts *o = ctx;
	if (opt != 'T')
		return cli_usage_error("eval", "unknown option");
	o->thresholds = arg;
	return CT_EXIT_OK;
}

/* Print s shown (escape.h), padded with spaces to width display columns. */
/* No camera of the thresholds file is in the data: the file is for other
 * data (or the names are spelt differently); counting would only say that
 * every camera stays at baseline.  One example of each side helps see why. */
static int no_overlap(const cli_run *r, const ct_thresholds *th, const char *tpath)
{
	char n1[32], n2[32], b1[256], b2[256], b3[256], b4[256], b5[256], b6[256];
	const ct_dataset *ds = r->ds;
	const char *data = r->q.source ? r->q.source : "the data";
	if (th->n == 0) {
		cli_error("%s: no camera in it, none to apply to %s", ct_shown(tpath, b1, sizeof b1),
		          ct_shown(data, b2, sizeof b2));
		return CT_EXIT_DATAERR;
	}
	if (ds->n_cameras == 0) {
		cli_error("no camera of %s is in %s: it has no camera", ct_shown(tpath, b1, sizeof b1),
		          ct_shown(data, b2, sizeof b2));
		return CT_EXIT_DATAERR;
	}
	cli_error("no camera of %s is in %s: the file names %s camera%s (e.g. %s:%s), the data "
	          "%s (e.g. %s:%s); thresholds for other data?",
	          ct_shown(tpath, b1, sizeof b1), ct_shown(data, b2, sizeof b2),
	          cli_fmt_count(n1, th->n), th->n == 1 ? "" : "s",
	          ct_shown(th->v[0].store, b3, sizeof b3), ct_shown(th->v[0].camera_id, b4, sizeof b4),
	          cli_fmt_count(n2, ds->n_cameras), ct_shown(ds->cameras[0].store, b5, sizeof b5),
	          ct_shown(ds->cameras[0].camera_id, b6, sizeof b6));
	return CT_EXIT_DATAERR;
}

static void put_camera_line(const char *store, const char *camera_id)
{
	fputs("  ", stdout);
	cli_put_padded(store, 0);
	putchar(':');
	cli_put_padded(camera_id, 0);
	putchar('\n');
}

/* ---- what the figures are measured on ------------------------------------
 * The data's time span against that of the history the thresholds were
 * chosen on (the file records it): after it, the figures are a test on
 * held-out time; overlapping it, they are partly in-sample (doc/domain.md,
 * "Out-of-sample decisions"). */
typedef enum eval_relation {
	EVAL_UNKNOWN,  /* a side without times */
	EVAL_AFTER,    /* every alert after the history: held out */
	EVAL_BEFORE,   /* every alert before it: held out, earlier */
	EVAL_OVERLAP,  /* some alerts within the history's span */
} eval_relation;

static eval_relation relation_of(const cli_run *r, const ct_thresholds *th)
{
	if (!th->has_time || r->q.time_first == CT_NO_TIME)
		return EVAL_UNKNOWN;
	if ((int64_t)r->q.time_first > th->time_last)
		return EVAL_AFTER;
	if ((int64_t)r->q.time_last < th->time_first)
		return EVAL_BEFORE;
	return EVAL_OVERLAP;
}

static const char *relation_text(eval_relation rel)
{
	switch (rel) {
	case EVAL_AFTER: return "held-out time: every alert here comes after that history";
	case EVAL_BEFORE: return "held-out time: every alert here comes before that history";
	case EVAL_OVERLAP:
		return "these alerts overlap that history: partly in-sample figures, not a forecast";
	case EVAL_UNKNOWN: break;
	}
	return "times unknown on one side: whether these alerts are held out cannot be told";
}

static void print_span(const char *what, const char *name, bool has, int64_t a, int64_t b)
{
	char t1[24], t2[24], nb[256];
	printf("%-13s %s", what, ct_shown(name, nb, sizeof nb));
	if (has)
		printf(": %s to %s (UTC)", ct_format_time(t1, sizeof t1, a), ct_format_time(t2, sizeof t2, b));
	putchar('\n');
}

static void eval_header(const cli_run *r, const ct_thresholds *th, const char *tpath)
{
	print_span("measured on", r->q.source ? r->q.source : "", r->q.time_first != CT_NO_TIME,
	           r->q.time_first, r->q.time_last);
	char tb[256], head[600];
	snprintf(head, sizeof head, "%s, chosen on %s", ct_shown(tpath, tb, sizeof tb),
	         th->source ? th->source : "(not recorded)");
	print_span("thresholds", head, th->has_time, th->time_first, th->time_last);
	printf("%-13s %s\n\n", "", relation_text(relation_of(r, th)));
}

static cJSON *span_json(const char *source, bool has, int64_t a, int64_t b)
{
	cJSON *o = cJSON_CreateObject();
	char t[24];
	if (source)
		cJSON_AddStringToObject(o, "source", source);
	else
		cJSON_AddNullToObject(o, "source"); /* the file does not record it */
	if (has) {
		cJSON_AddStringToObject(o, "time_first", ct_format_time(t, sizeof t, a));
		cJSON_AddStringToObject(o, "time_last", ct_format_time(t, sizeof t, b));
	}
	return o;
}

/* The text table: store and camera columns as wide as the widest shown
 * name (at least 24 and 8 columns), so long and wide names keep the
 * numbers in line. */
static int eval_text(const ct_dataset *ds, const eval_row *rows, const ct_thresholds *th,
                     const bool *file_used, const char *tpath, uint64_t tp_lost,
                     uint64_t fp_saved, uint64_t not_in_file, uint64_t not_in_data)
{
	char b1[32], b2[32], b3[32], b4[32];
	size_t ws = 24, wc = 8;
	for (size_t i = 0; i < ds->n_cameras; i++) {
		size_t a = cli_shown_width(rows[i].cam->store), b = cli_shown_width(rows[i].cam->camera_id);
		ws = a > ws ? a : ws;
		wc = b > wc ? b : wc;
	}
	cli_put_padded("store", ws + 1);
	cli_put_padded("camera", wc + 1);
	printf("%-22s %8s %8s %8s %8s\n", "threshold", "TP kept", "FP kept", "TP lost", "FP saved");
	for (size_t i = 0; i < ds->n_cameras; i++) {
		const eval_row *row = &rows[i];
		char tb[40] = "baseline";
		if (row->setting.muted)
			snprintf(tb, sizeof tb, "muted");
		else if (row->in_file)
			ct_format_double(tb, sizeof tb, row->setting.threshold);
		cli_put_padded(row->cam->store, ws + 1);
		cli_put_padded(row->cam->camera_id, wc + 1);
		char n1[32], n2[32], n3[32], n4[32];
		printf("%-22s %8s %8s %8s %8s\n", tb,
		       cli_fmt_count(n1, row->cam->n_tp - row->setting.tp_lost),
		       cli_fmt_count(n2, row->cam->n_fp - row->setting.fp_saved),
		       cli_fmt_count(n3, row->setting.tp_lost), cli_fmt_count(n4, row->setting.fp_saved));
	}
	printf("\ntotal: %s FP saved of %s (%.1f%%), %s TP lost of %s (recall %.1f%%)\n",
	       cli_fmt_count(b1, fp_saved), cli_fmt_count(b2, ds->n_fp),
	       ds->n_fp ? 100.0 * (double)fp_saved / (double)ds->n_fp : 0.0,
	       cli_fmt_count(b3, tp_lost), cli_fmt_count(b4, ds->n_tp),
	       ds->n_tp ? 100.0 * (double)(ds->n_tp - tp_lost) / (double)ds->n_tp : 0.0);
	char pb[256];
	const char *tshown = ct_shown(tpath, pb, sizeof pb);
	if (not_in_file) {
		printf("\n%llu camera(s) in the data but not in %s (left at baseline):\n",
		       (unsigned long long)not_in_file, tshown);
		for (size_t i = 0; i < ds->n_cameras; i++)
			if (!rows[i].in_file)
				put_camera_line(rows[i].cam->store, rows[i].cam->camera_id);
	}
	if (not_in_data) {
		printf("\n%llu camera(s) in %s but not in the data:\n", (unsigned long long)not_in_data,
		       tshown);
		for (size_t k = 0; k < th->n; k++)
			if (!file_used[k])
				put_camera_line(th->v[k].store, th->v[k].camera_id);
	}
	return CT_EXIT_OK;
}

static int eval(cli_run *r, const ct_thresholds *th, const char *tpath, int json)
{
	const ct_dataset *ds = r->ds;
	int rc = CT_EXIT_OK;
	eval_row *rows = calloc(ds->n_cameras ? ds->n_cameras : 1, sizeof *rows);
	bool *file_used = calloc(th->n ? th->n : 1, sizeof *file_used);
	if (!rows || !file_used) {
		cli_error("out of memory");
		rc = CT_EXIT_FAILURE;
		goto out;
	}
	for (size_t i = 0; i < ds->n_cameras; i++) {
		rows[i].cam = &ds->cameras[i];
		rows[i].setting = ct_camera_baseline(rows[i].cam);
	}
	int32_t at = -1;
	for (size_t k = 0; k < th->n; k++) {
		at = ct_dataset_find_at(ds, th->v[k].store, th->v[k].camera_id, (int64_t)at + 1);
		if (at < 0)
			continue;
		file_used[k] = true;
		rows[at].in_file = true;
		rows[at].setting = ct_camera_apply(rows[at].cam, ct_deployed_threshold(rows[at].cam,
		                                  th->v[k].threshold, th->v[k].muted));
		/* "muted" is what the file says, not a threshold above this data */
		rows[at].setting.muted = th->v[k].muted;
	}
	uint64_t tp_lost = 0, fp_saved = 0, not_in_file = 0, not_in_data = 0;
	for (size_t i = 0; i < ds->n_cameras; i++) {
		tp_lost += rows[i].setting.tp_lost;
		fp_saved += rows[i].setting.fp_saved;
		not_in_file += !rows[i].in_file;
	}
	for (size_t k = 0; k < th->n; k++)
		not_in_data += !file_used[k];
	if (not_in_data == th->n) {
		rc = no_overlap(r, th, tpath);
		goto out;
	}

	if (json) {
		cJSON *doc = cJSON_CreateObject();
		cJSON_AddStringToObject(doc, "thresholds", tpath);
		cJSON_AddStringToObject(doc, "source", r->q.source ? r->q.source : "");
		cJSON_AddStringToObject(doc, "rule", "probability >= threshold");
		/* what the figures are measured on, against the history */
		cJSON_AddItemToObject(doc, "measured_on",
		                      span_json(r->q.source, r->q.time_first != CT_NO_TIME,
		                                r->q.time_first, r->q.time_last));
		cJSON_AddItemToObject(doc, "history",
		                      span_json(th->source, th->has_time, th->time_first, th->time_last));
		eval_relation rel = relation_of(r, th);
		if (rel == EVAL_UNKNOWN)
			cJSON_AddNullToObject(doc, "held_out");
		else
			cJSON_AddBoolToObject(doc, "held_out", rel != EVAL_OVERLAP);
		cJSON *tot = cJSON_AddObjectToObject(doc, "totals");
		cJSON_AddNumberToObject(tot, "cameras", (double)ds->n_cameras);
		cJSON_AddNumberToObject(tot, "baseline_tp", (double)ds->n_tp);
		cJSON_AddNumberToObject(tot, "baseline_fp", (double)ds->n_fp);
		cJSON_AddNumberToObject(tot, "tp_kept", (double)(ds->n_tp - tp_lost));
		cJSON_AddNumberToObject(tot, "fp_kept", (double)(ds->n_fp - fp_saved));
		cJSON_AddNumberToObject(tot, "tp_lost", (double)tp_lost);
		cJSON_AddNumberToObject(tot, "fp_saved", (double)fp_saved);
		cJSON_AddItemToObject(tot, "recall_after",
		                      ct_json_number(ds->n_tp ? (double)(ds->n_tp - tp_lost) / (double)ds->n_tp : NAN));
		cJSON *cams = cJSON_AddArrayToObject(doc, "cameras");
		for (size_t i = 0; i < ds->n_cameras; i++) {
			const eval_row *row = &rows[i];
			cJSON *e = cJSON_CreateObject();
			cJSON_AddStringToObject(e, "store", row->cam->store);
			cJSON_AddStringToObject(e, "camera_id", row->cam->camera_id);
			cJSON_AddBoolToObject(e, "in_thresholds", row->in_file);
			if (row->in_file)
				cJSON_AddItemToObject(e, "threshold", ct_json_number(row->setting.threshold));
			else
				cJSON_AddNullToObject(e, "threshold");
			cJSON_AddBoolToObject(e, "muted", row->setting.muted);
			cJSON_AddNumberToObject(e, "tp_kept", (double)(row->cam->n_tp - row->setting.tp_lost));
			cJSON_AddNumberToObject(e, "fp_kept", (double)(row->cam->n_fp - row->setting.fp_saved));
			cJSON_AddNumberToObject(e, "tp_lost", (double)row->setting.tp_lost);
			cJSON_AddNumberToObject(e, "fp_saved", (double)row->setting.fp_saved);
			cJSON_AddItemToArray(cams, e);
		}
		cJSON *missing = cJSON_AddArrayToObject(doc, "not_in_thresholds");
		for (size_t i = 0; i < ds->n_cameras; i++)
			if (!rows[i].in_file) {
				cJSON *e = cJSON_CreateObject();
				cJSON_AddStringToObject(e, "store", rows[i].cam->store);
				cJSON_AddStringToObject(e, "camera_id", rows[i].cam->camera_id);
				cJSON_AddItemToArray(missing, e);
			}
		cJSON *absent = cJSON_AddArrayToObject(doc, "not_in_data");
		for (size_t k = 0; k < th->n; k++)
			if (!file_used[k]) {
				cJSON *e = cJSON_CreateObject();
				cJSON_AddStringToObject(e, "store", th->v[k].store);
				cJSON_AddStringToObject(e, "camera_id", th->v[k].camera_id);
				cJSON_AddItemToArray(absent, e);
			}
		rc = cli_print_json(doc);
	} else {
		eval_header(r, th, tpath);
		rc = eval_text(ds, rows, th, file_used, tpath, tp_lost, fp_saved, not_in_file,
		               not_in_data);
	}
out:
	free(rows);
	free(file_used);
	return rc;
}

int cmd_eval(int argc, char **argv)
{
	eval_opts o = {0};
	const struct option longopts[] = {
		{"thresholds", required_argument, NULL, 'T'},
		{"json", no_argument, &o.json, 1},
		{NULL, 0, NULL, 0},
	};
	const cli_spec spec = {"eval", "T:", longopts, false, false, help, CLI_THEFTS_WARN};
	cli_run r;
	ct_thresholds th;
	memset(&th, 0, sizeof th);
	int rc = cli_run_parse(&r, &spec, argc, argv, eval_option, &o);
	if (rc == CT_EXIT_OK && !o.thresholds)
		rc = cli_usage_error("eval", "--thresholds T.json is required");
	if (rc == CT_EXIT_OK) {
		double t0 = cli_now();
		rc = cli_read_thresholds("", o.thresholds, &th);
		if (rc == CT_EXIT_OK)
			cli_stage("read thresholds", t0, "%s: %zu cameras", o.thresholds, th.n);
	}
	if (rc == CT_EXIT_OK)
		rc = cli_run_load(&r);
	if (rc == CT_EXIT_OK) {
		double t0 = cli_now();
		rc = eval(&r, &th, o.thresholds, o.json);
		cli_stage("apply and print", t0, NULL);
	}
	ct_thresholds_free(&th);
	return cli_run_end(&r, rc);
}
