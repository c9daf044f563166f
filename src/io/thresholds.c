/* thresholds.c -- the thresholds JSON document: render, write atomically,
 * read back and validate.  Also the JSON helpers every document shares
 * (round-trip numbers, the data-quality object). */
#include "config.h"

#include "io/thresholds.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/stats.h"
#include "io/atomic.h"
#include "io/exit.h"

static void add_u64(cJSON *o, const char *key, uint64_t v)
{
	char buf[32];
	snprintf(buf, sizeof buf, "%llu", (unsigned long long)v);
	ct_json_add(o, key, cJSON_CreateRaw(buf));
}

static cJSON *count_to_json(const ct_quality_count *c, bool rows)
{
	cJSON *o = cJSON_CreateObject();
	add_u64(o, "count", c->count);
	cJSON *lines = cJSON_AddArrayToObject(o, rows ? "first_rows" : "first_lines");
	for (size_t i = 0; i < CT_QUALITY_EXAMPLES && i < c->count; i++) {
		char buf[32];
		snprintf(buf, sizeof buf, "%llu", (unsigned long long)c->lines[i]);
		ct_json_append(lines, cJSON_CreateRaw(buf));
	}
	return o;
}

cJSON *ct_quality_to_json(const ct_quality *q)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "source", q->source ? q->source : "");
	add_u64(o, "rows", q->rows);
	add_u64(o, "loaded", q->loaded);
	if (q->is_summary)
		cJSON_AddTrueToObject(o, "summary"); /* rows: the summary's; no report of the alerts */
	uint64_t total = 0;
	cJSON *sk = cJSON_CreateObject();
	for (int i = 0; i < CT_N_SKIP; i++) {
		total += q->skipped[i].count;
		if (q->skipped[i].count)
			ct_json_add(sk, ct_skip_reason_name(i), count_to_json(&q->skipped[i], q->counts_rows));
	}
	add_u64(o, "skipped_total", total);
	ct_json_add(o, "skipped", sk);
	cJSON *w = cJSON_CreateObject();
	for (int i = 0; i < CT_N_WARN; i++)
		if (q->warned[i].count)
			ct_json_add(w, ct_warn_reason_name(i), count_to_json(&q->warned[i], q->counts_rows));
	ct_json_add(o, "warnings", w);
	/* doc/domain.md "Data format": the clip times of the loaded alerts */
	cJSON *t = cJSON_CreateObject();
	char buf[24];
	if (q->time_first != CT_NO_TIME) {
		cJSON_AddStringToObject(t, "first", ct_format_time(buf, sizeof buf, q->time_first));
		cJSON_AddStringToObject(t, "last", ct_format_time(buf, sizeof buf, q->time_last));
	} else {
		cJSON_AddNullToObject(t, "first");
		cJSON_AddNullToObject(t, "last");
	}
	if (q->has_since)
		cJSON_AddStringToObject(t, "since", ct_format_time(buf, sizeof buf, q->since));
	if (q->has_until)
		cJSON_AddStringToObject(t, "until", ct_format_time(buf, sizeof buf, q->until));
	if (q->has_since || q->has_until)
		ct_json_add(t, "outside", count_to_json(&q->outside, q->counts_rows));
	ct_json_add(o, "time", t);
	/* the labels seen and how each was classed, most rows first: the 100
	 * most common, the rest counted in labels_more (doc/interfaces.md) */
	if (q->labels_known) {
		cJSON *ls = cJSON_CreateArray();
		uint64_t more = q->labels_more, more_rows = q->labels_more_rows;
		for (size_t i = 0; i < q->n_labels; i++) {
			const ct_label_count *l = &q->labels[i];
			if (i >= CT_QUALITY_JSON_LABELS) {
				more++;
				more_rows += l->count;
				continue;
			}
			cJSON *e = cJSON_CreateObject();
			cJSON_AddStringToObject(e, "label", l->label);
			add_u64(e, "count", l->count);
			cJSON_AddBoolToObject(e, "theft", l->theft);
			ct_json_append(ls, e);
		}
		ct_json_add(o, "labels", ls);
		if (more) {
			cJSON *m = cJSON_CreateObject();
			add_u64(m, "labels", more);
			add_u64(m, "rows", more_rows);
			ct_json_add(o, "labels_more", m);
		}
	}
	return o;
}

/* An estimate to a few decimals: more digits would claim a precision the
 * model does not have. */
static cJSON *estimate_to(double v, double scale)
{
	return ct_json_number(isfinite(v) ? round(v * scale) / scale : v);
}
#define estimate(v) estimate_to((v), 100)
#define share(v) estimate_to((v), 10000)

cJSON *ct_expectation_to_json(const ct_expectation *e, double confidence)
{
	cJSON *o = cJSON_CreateObject();
	if (!o)
		return NULL;
	cJSON_AddStringToObject(o, "on", "new alerts of the same cameras, as many as the data's");
	ct_json_add(o, "thefts", estimate(e->thefts));
	ct_json_add(o, "tp_lost", estimate(e->tp_lost));
	ct_json_add(o, "tp_lost_low", estimate(e->tp_lost_low));
	ct_json_add(o, "tp_lost_high", estimate(e->tp_lost_high));
	ct_json_add(o, "interval", ct_json_number(e->interval));
	ct_json_add(o, "fp_saved_share", share(e->fp_saved_share));
	ct_json_add(o, "p_target_met", share(e->p_target_met));
	if (!isnan(confidence))
		ct_json_add(o, "confidence", ct_json_number(confidence));
	cJSON *v = cJSON_CreateObject();
	if (!v) {
		cJSON_Delete(o);
		return NULL;
	}
	ct_json_add(v, "source", cJSON_CreateString(ct_variance_source_name(e->variance.source)));
	ct_json_add(v, "periods", ct_json_number(e->variance.periods));
	ct_json_add(v, "volume_cv", share(e->variance.volume_cv));
	ct_json_add(v, "score_drift", share(e->variance.score_drift));
	ct_json_add(o, "variance", v); /* deletes v when it cannot add it */
	return o;
}

/* ---- writing -------------------------------------------------------------
 *
 * Streamed: the document is never held in memory.  What needs memory (the
 * small data-quality and expectation objects, built with cJSON, the one
 * home of their layout) is printed before the first byte is written, so
 * an allocation failure leaves nothing behind, not even on standard
 * output; the cameras then cost no allocation at all. */

static const char *const hand_names[] = {NULL, "locked", "muted", "excluded"};

/* An estimate to 0.01 in the streamed document (estimate() above is cJSON's). */
static void jw_estimate(ct_jw *w, const char *key, double v)
{
	ct_jw_number(w, key, isfinite(v) ? round(v * 100) / 100 : v);
}

/* A camera's "expected" and "history" objects (doc/interfaces.md). */
static void write_camera_monitor(ct_jw *w, const ct_camera *c, const ct_camera_expect *e,
                                 const ct_thresholds_meta *meta)
{
	ct_jw_object(w, "expected");
	jw_estimate(w, "fp_kept", e->fp_kept);
	jw_estimate(w, "fp_kept_low", e->fp_kept_low);
	jw_estimate(w, "fp_kept_high", e->fp_kept_high);
	jw_estimate(w, "tp_lost", e->tp_lost);
	jw_estimate(w, "tp_lost_low", e->tp_lost_low);
	jw_estimate(w, "tp_lost_high", e->tp_lost_high);
	jw_estimate(w, "alerts_per_day", e->alerts_per_day);
	jw_estimate(w, "alerts_per_day_low", e->alerts_per_day_low);
	jw_estimate(w, "alerts_per_day_high", e->alerts_per_day_high);
	ct_jw_number(w, "interval", e->interval);
	ct_jw_end(w);
	ct_camera_history h;
	ct_camera_history_of(c, meta->history_days, e->volume_cv, &h);
	ct_jw_object(w, "history");
	ct_jw_array(w, "fp_quantiles");
	if (h.fp)
		for (int j = 0; j < CT_HISTORY_QUANTILES; j++)
			ct_jw_number(w, NULL, h.fp_quantiles[j]);
	ct_jw_end(w);
	ct_jw_u64(w, "alerts", h.alerts);
	ct_jw_u64(w, "thefts", h.thefts);
	ct_jw_number(w, "theft_rate", h.theft_rate);
	ct_jw_number(w, "days", h.days);
	ct_jw_number(w, "volume_cv", h.volume_cv);
	ct_jw_end(w);
}

/* "from": what a re-tune started from (doc/interfaces.md). */
static void write_from(ct_jw *w, const ct_thresholds_from *f)
{
	ct_jw_object(w, "from");
	ct_jw_string(w, "file", f->file ? f->file : "");
	if (f->max_changes >= 0)
		ct_jw_u64(w, "max_changes", (uint64_t)f->max_changes);
	else
		ct_jw_number(w, "change_cost", f->change_cost);
	ct_jw_u64(w, "changed", f->n_changed);
	ct_jw_u64(w, "new", f->n_new);
	ct_jw_end(w);
}

/* A camera's "previous_threshold" and "changed" in a re-tune. */
static void write_camera_from(ct_jw *w, const ct_camera *c, const ct_thresholds_from *f, size_t i)
{
	if (isnan(f->previous[i])) {
		ct_jw_null(w, "previous_threshold");
	} else {
		bool muted = f->previous_muted && f->previous_muted[i];
		ct_jw_number(w, "previous_threshold", ct_deployed_threshold(c, f->previous[i], muted));
		if (muted)
			ct_jw_bool(w, "previous_muted", true);
	}
	ct_jw_bool(w, "changed", f->changed[i]);
}

ct_camera_expect *ct_thresholds_camera_expect(const ct_model *m, const ct_dataset *ds,
                                             const ct_solution *sol, double days)
{
	ct_camera_expect *e = calloc(ds->n_cameras ? ds->n_cameras : 1, sizeof *e);
	if (!e)
		return NULL;
	for (size_t i = 0; i < ds->n_cameras && i < sol->n_cameras; i++)
		ct_camera_expect_of(m, &ds->cameras[i], i, &sol->setting[i], days, &e[i]);
	return e;
}

static void write_camera(ct_jw *w, const ct_camera *c, const ct_option *o, int hand,
                         const ct_thresholds_meta *meta, size_t i)
{
	ct_jw_object(w, NULL);
	ct_jw_string(w, "store", c->store);
	ct_jw_string(w, "camera_id", c->camera_id);
	/* A setting that keeps nothing of the history is the camera's mute
	 * (doc/domain.md, "Thresholds JSON"): exported above any probability,
	 * which keeps the same (no) alert of this data. */
	ct_jw_number(w, "threshold", ct_deployed_threshold(c, o->threshold, o->muted));
	ct_jw_bool(w, "muted", o->muted);
	if (hand > CT_HAND_NONE && hand <= CT_HAND_EXCLUDED)
		ct_jw_string(w, "hand_set", hand_names[hand]);
	ct_jw_u64(w, "baseline_tp", c->n_tp);
	ct_jw_u64(w, "baseline_fp", c->n_fp);
	ct_jw_u64(w, "tp_lost", o->tp_lost);
	ct_jw_u64(w, "fp_saved", o->fp_saved);
	ct_jw_number(w, "recall_after", c->n_tp ? (double)(c->n_tp - o->tp_lost) / c->n_tp : NAN);
	/* a camera's thefts are few: the recall's 95 % Wilson interval */
	ct_interval ci = ct_wilson_interval(c->n_tp - o->tp_lost, c->n_tp, CT_INTERVAL_LEVEL);
	if (isnan(ci.lo)) {
		ct_jw_null(w, "recall_after_interval");
	} else {
		ct_jw_object(w, "recall_after_interval");
		ct_jw_number(w, "lo", ci.lo);
		ct_jw_number(w, "hi", ci.hi);
		ct_jw_end(w);
	}
	ct_jw_bool(w, "few_thefts", c->n_tp < CT_FEW_THEFTS);
	if (meta->from)
		write_camera_from(w, c, meta->from, i);
	if (meta->camera_expected)
		write_camera_monitor(w, c, &meta->camera_expected[i], meta);
	ct_jw_end(w);
}

int ct_thresholds_print(FILE *f, const ct_dataset *ds, const ct_solution *sol,
                        const ct_thresholds_meta *meta, int *saved_errno)
{
	*saved_errno = 0;
	char *expected = NULL, *quality = NULL;
	if (meta->expected) {
		cJSON *o = ct_expectation_to_json(meta->expected, meta->confidence);
		expected = ct_json_print_value(o);
		cJSON_Delete(o);
		if (!expected)
			return CT_EXIT_NOMEM;
	}
	if (meta->quality) {
		cJSON *o = ct_quality_to_json(meta->quality);
		quality = ct_json_print_value(o);
		cJSON_Delete(o);
		if (!quality) {
			free(expected);
			return CT_EXIT_NOMEM;
		}
	}

	ct_jw w;
	ct_jw_init(&w, f);
	ct_jw_object(&w, NULL);
	ct_jw_u64(&w, "format_version", CT_THRESHOLDS_FORMAT_VERSION);
	ct_jw_string(&w, "camtune_version", PACKAGE_VERSION);
	ct_jw_string(&w, "source", meta->source ? meta->source : "");
	const ct_quality *q = meta->quality;
	if (q && q->kind) {
		/* doc/interfaces.md: where the data came from, no secret */
		ct_jw_object(&w, "source_detail");
		ct_jw_string(&w, "kind", q->kind);
		bool db = q->connection != NULL;
		if (q->what)
			ct_jw_string(&w, !db ? "path" : strcmp(q->kind, "query") == 0 ? "query" : "table",
			             q->what);
		if (db) {
			ct_jw_string(&w, "connection", q->connection);
			ct_jw_bool(&w, "pushdown", q->pushed_down);
		}
		ct_jw_end(&w);
		if (q->theft_labels) {
			ct_jw_array(&w, "theft_labels");
			for (size_t i = 0; q->theft_labels[i]; i++)
				ct_jw_string(&w, NULL, q->theft_labels[i]);
			ct_jw_end(&w);
		} else {
			ct_jw_null(&w, "theft_labels");
		}
	}
	ct_jw_string(&w, "rule", "probability >= threshold");
	ct_jw_string(&w, "strategy", meta->strategy ? meta->strategy : ct_strategy_name(sol->strategy));
	ct_jw_number(&w, "target_fp_reduction", meta->target);
	if (meta->target_text)
		ct_jw_string(&w, "target", meta->target_text);
	if (meta->min_recall > 0)
		ct_jw_number(&w, "min_recall", meta->min_recall);
	if (meta->session_strategy) {
		ct_jw_object(&w, "explorer");
		ct_jw_string(&w, "strategy", meta->session_strategy);
		if (meta->target_text)
			ct_jw_string(&w, "target", meta->target_text);
		char tb[24];
		if (meta->session_has_since)
			ct_jw_string(&w, "since", ct_format_time(tb, sizeof tb, meta->session_since));
		if (meta->session_has_until)
			ct_jw_string(&w, "until", ct_format_time(tb, sizeof tb, meta->session_until));
		if (meta->session_confidence > 0)
			ct_jw_number(&w, "confidence", meta->session_confidence);
		if (meta->min_recall > 0)
			ct_jw_number(&w, "min_recall", meta->min_recall);
		ct_jw_end(&w);
	}

	if (meta->from)
		write_from(&w, meta->from);

	uint64_t changed = 0, muted = 0;
	for (size_t i = 0; i < sol->n_cameras; i++) {
		changed += sol->setting[i].tp_lost || sol->setting[i].fp_saved;
		muted += sol->setting[i].muted;
	}
	ct_jw_object(&w, "totals");
	ct_jw_u64(&w, "cameras", ds->n_cameras);
	ct_jw_u64(&w, "cameras_changed", changed);
	ct_jw_u64(&w, "cameras_muted", muted);
	ct_jw_u64(&w, "baseline_tp", ds->n_tp);
	ct_jw_u64(&w, "baseline_fp", ds->n_fp);
	ct_jw_u64(&w, "tp_lost", sol->tp_lost);
	ct_jw_u64(&w, "fp_saved", sol->fp_saved);
	ct_jw_u64(&w, "tp_kept", ds->n_tp - sol->tp_lost);
	ct_jw_u64(&w, "fp_kept", ds->n_fp - sol->fp_saved);
	ct_jw_number(&w, "recall_after",
	             ds->n_tp ? (double)(ds->n_tp - sol->tp_lost) / (double)ds->n_tp : NAN);
	ct_jw_bool(&w, "target_met", sol->target_met);
	if (!isnan(sol->lower_bound))
		ct_jw_number(&w, "lower_bound_tp_lost", sol->lower_bound);
	ct_jw_end(&w);
	if (expected)
		ct_jw_printed(&w, "expected", expected);
	if (quality)
		ct_jw_printed(&w, "data_quality", quality);
	free(expected);
	free(quality);

	ct_jw_array(&w, "cameras");
	for (size_t i = 0; i < ds->n_cameras && i < sol->n_cameras && !w.err; i++)
		write_camera(&w, &ds->cameras[i], &sol->setting[i],
		             meta->hand_set ? meta->hand_set[i] : CT_HAND_NONE, meta, i);
	ct_jw_end(&w);
	ct_jw_end(&w);
	ct_jw_newline(&w);
	if (!ct_jw_flush(&w) && ferror(f))
		w.err = EIO;
	*saved_errno = w.err;
	return w.err ? CT_EXIT_IOERR : CT_EXIT_OK;
}

int ct_thresholds_write(const char *path, const ct_dataset *ds, const ct_solution *sol,
                        const ct_thresholds_meta *meta, char *err, size_t errlen)
{
	ct_atomic a;
	FILE *f = ct_atomic_open(&a, path, err, errlen);
	if (!f)
		return a.code;
	int saved;
	int rc = ct_thresholds_print(f, ds, sol, meta, &saved);
	if (rc == CT_EXIT_NOMEM) {
		ct_atomic_abort(&a);
		snprintf(err, errlen, "%s: out of memory", path);
		return rc;
	}
	if (rc != CT_EXIT_OK)
		return ct_atomic_fail(&a, saved, err, errlen);
	return ct_atomic_commit(&a, err, errlen);
}
