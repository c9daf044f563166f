/* thresholds_cjson.c -- how camtune wrote and read the thresholds file
 * before its streaming writer and strict reader (src/io/thresholds.c and
 * thresholds_read.c): the whole document as a cJSON tree.  Kept as the
 * oracle of tests/unit/test_thresholds.c (the streaming writer must give
 * these bytes) and as the reference of bench/bench_json.c. */
#include "config.h"

#include "thresholds_cjson.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/stats.h"
#include "io/exit.h"

static void add_u64(cJSON *o, const char *key, uint64_t v)
{
	char buf[32];
	snprintf(buf, sizeof buf, "%llu", (unsigned long long)v);
	cJSON_AddItemToObject(o, key, cJSON_CreateRaw(buf));
}

char *cjson_thresholds_render(const ct_dataset *ds, const ct_solution *sol,
                             const ct_thresholds_meta *meta)
{
	cJSON *doc = cJSON_CreateObject();
	if (!doc)
		return NULL;
	cJSON_AddItemToObject(doc, "format_version", cJSON_CreateNumber(CT_THRESHOLDS_FORMAT_VERSION));
	cJSON_AddStringToObject(doc, "camtune_version", PACKAGE_VERSION);
	cJSON_AddStringToObject(doc, "source", meta->source ? meta->source : "");
	cJSON_AddStringToObject(doc, "rule", "probability >= threshold");
	cJSON_AddStringToObject(doc, "strategy", meta->strategy ? meta->strategy
	                                                         : ct_strategy_name(sol->strategy));
	cJSON_AddItemToObject(doc, "target_fp_reduction", ct_json_number(meta->target));
	if (meta->target_text)
		cJSON_AddStringToObject(doc, "target", meta->target_text);
	if (meta->min_recall > 0)
		cJSON_AddItemToObject(doc, "min_recall", ct_json_number(meta->min_recall));
	if (meta->session_strategy) {
		cJSON *x = cJSON_AddObjectToObject(doc, "explorer");
		cJSON_AddStringToObject(x, "strategy", meta->session_strategy);
		if (meta->target_text)
			cJSON_AddStringToObject(x, "target", meta->target_text);
		char tb[24];
		if (meta->session_has_since)
			cJSON_AddStringToObject(x, "since", ct_format_time(tb, sizeof tb, meta->session_since));
		if (meta->session_has_until)
			cJSON_AddStringToObject(x, "until", ct_format_time(tb, sizeof tb, meta->session_until));
		if (meta->session_confidence > 0)
			cJSON_AddItemToObject(x, "confidence", ct_json_number(meta->session_confidence));
		if (meta->min_recall > 0)
			cJSON_AddItemToObject(x, "min_recall", ct_json_number(meta->min_recall));
	}

	uint64_t changed = 0, muted = 0;
	for (size_t i = 0; i < sol->n_cameras; i++) {
		changed += sol->setting[i].tp_lost || sol->setting[i].fp_saved;
		muted += sol->setting[i].muted;
	}
	cJSON *tot = cJSON_AddObjectToObject(doc, "totals");
	add_u64(tot, "cameras", ds->n_cameras);
	add_u64(tot, "cameras_changed", changed);
	add_u64(tot, "cameras_muted", muted);
	add_u64(tot, "baseline_tp", ds->n_tp);
	add_u64(tot, "baseline_fp", ds->n_fp);
	add_u64(tot, "tp_lost", sol->tp_lost);
	add_u64(tot, "fp_saved", sol->fp_saved);
	add_u64(tot, "tp_kept", ds->n_tp - sol->tp_lost);
	add_u64(tot, "fp_kept", ds->n_fp - sol->fp_saved);
	cJSON_AddItemToObject(tot, "recall_after",
	                      ct_json_number(ds->n_tp ? (double)(ds->n_tp - sol->tp_lost) / (double)ds->n_tp : NAN));
	cJSON_AddBoolToObject(tot, "target_met", sol->target_met);
	if (!isnan(sol->lower_bound))
		cJSON_AddItemToObject(tot, "lower_bound_tp_lost", ct_json_number(sol->lower_bound));
	if (meta->expected)
		cJSON_AddItemToObject(doc, "expected",
		                      ct_expectation_to_json(meta->expected, meta->confidence));
	if (meta->quality)
		cJSON_AddItemToObject(doc, "data_quality", ct_quality_to_json(meta->quality));

	cJSON *cams = cJSON_AddArrayToObject(doc, "cameras");
	for (size_t i = 0; i < ds->n_cameras && i < sol->n_cameras; i++) {
		const ct_camera *c = &ds->cameras[i];
		const ct_option *o = &sol->setting[i];
		cJSON *e = cJSON_CreateObject();
		cJSON_AddStringToObject(e, "store", c->store);
		cJSON_AddStringToObject(e, "camera_id", c->camera_id);
		/* A setting that keeps nothing of the history is the camera's
		 * mute (doc/domain.md, "Thresholds JSON"): exported above any
		 * probability, which keeps the same (no) alert of this data. */
		cJSON_AddItemToObject(e, "threshold", ct_json_number(ct_deployed_threshold(c, o->threshold,
		                                                                         o->muted)));
		cJSON_AddBoolToObject(e, "muted", o->muted);
		static const char *const hand[] = {NULL, "locked", "muted", "excluded"};
		if (meta->hand_set && meta->hand_set[i] > CT_HAND_NONE && meta->hand_set[i] <= CT_HAND_EXCLUDED)
			cJSON_AddStringToObject(e, "hand_set", hand[meta->hand_set[i]]);
		add_u64(e, "baseline_tp", c->n_tp);
		add_u64(e, "baseline_fp", c->n_fp);
		add_u64(e, "tp_lost", o->tp_lost);
		add_u64(e, "fp_saved", o->fp_saved);
		cJSON_AddItemToObject(e, "recall_after",
		                      ct_json_number(c->n_tp ? (double)(c->n_tp - o->tp_lost) / c->n_tp : NAN));
		/* a camera's thefts are few: the recall's 95 % Wilson interval */
		ct_interval ci = ct_wilson_interval(c->n_tp - o->tp_lost, c->n_tp, CT_INTERVAL_LEVEL);
		if (isnan(ci.lo)) {
			cJSON_AddNullToObject(e, "recall_after_interval");
		} else {
			cJSON *r = cJSON_AddObjectToObject(e, "recall_after_interval");
			cJSON_AddItemToObject(r, "lo", ct_json_number(ci.lo));
			cJSON_AddItemToObject(r, "hi", ct_json_number(ci.hi));
		}
		cJSON_AddBoolToObject(e, "few_thefts", c->n_tp < CT_FEW_THEFTS);
		cJSON_AddItemToArray(cams, e);
	}
	char *text = ct_json_print(doc);
	cJSON_Delete(doc);
	return text;
}

#define MAX_THRESHOLDS_FILE (256u << 20)

static char *slurp(const char *path, size_t *len, char *err, size_t errlen, int *rc)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	if (!f) {
		snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
		*rc = CT_EXIT_NOINPUT;
		return NULL;
	}
	struct stat st;
	if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "%s: is a directory", path);
		if (f != stdin)
			fclose(f);
		*rc = CT_EXIT_NOINPUT;
		return NULL;
	}
	size_t cap = 1 << 16, n = 0;
	char *buf = malloc(cap);
	while (buf) {
		if (n + 1 >= cap) {
			if (cap >= MAX_THRESHOLDS_FILE) {
				snprintf(err, errlen, "%s: larger than 256 MiB, not a thresholds file", path);
				free(buf);
				buf = NULL;
				*rc = CT_EXIT_DATAERR;
				break;
			}
			char *nb = realloc(buf, cap * 2);
			if (!nb) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = nb;
			cap *= 2;
		}
		size_t got = fread(buf + n, 1, cap - n - 1, f);
		n += got;
		if (got == 0) {
			if (ferror(f)) {
				snprintf(err, errlen, "%s: read error: %s", path, strerror(errno));
				free(buf);
				buf = NULL;
				*rc = CT_EXIT_IOERR;
			}
			break;
		}
	}
	if (f != stdin)
		fclose(f);
	if (!buf) {
		if (!*rc) {
			snprintf(err, errlen, "%s: out of memory", path);
			*rc = CT_EXIT_NOMEM;
		}
		return NULL;
	}
	buf[n] = '\0';
	*len = n;
	return buf;
}

static int bad(char *err, size_t errlen, const char *path, const char *fmt, size_t idx,
               const char *detail)
{
	char where[64];
	snprintf(where, sizeof where, fmt, idx);
	snprintf(err, errlen, "%s: %s: %s", path, where, detail);
	return CT_EXIT_DATAERR;
}

static int cmp_entry(const void *a, const void *b)
{
	const ct_threshold_entry *x = a, *y = b;
	int c = strcmp(x->store, y->store);
	return c ? c : strcmp(x->camera_id, y->camera_id);
}

int cjson_thresholds_read(const char *path, ct_thresholds *out, char *err, size_t errlen)
{
	memset(out, 0, sizeof *out);
	int rc = 0;
	size_t len = 0;
	char *text = slurp(path, &len, err, errlen, &rc);
	if (!text)
		return rc;
	if (memchr(text, '\0', len)) {
		free(text);
		snprintf(err, errlen, "%s: binary data (NUL byte), not a thresholds JSON file", path);
		return CT_EXIT_DATAERR;
	}
	const char *end = NULL;
	cJSON *doc = cJSON_ParseWithLengthOpts(text, len, &end, 0);
	if (!doc) {
		const char *at = cJSON_GetErrorPtr();
		size_t line = 1, col = 1;
		if (at && at >= text && at <= text + len)
			for (const char *p = text; p < at; p++, col++)
				if (*p == '\n')
					line++, col = 0;
		snprintf(err, errlen, "%s: line %zu, column %zu: malformed JSON", path, line, col);
		free(text);
		return CT_EXIT_DATAERR;
	}
	free(text);
	rc = CT_EXIT_DATAERR;
	const cJSON *cams = cJSON_GetObjectItemCaseSensitive(doc, "cameras");
	if (!cJSON_IsObject(doc)) {
		snprintf(err, errlen, "%s: expected a JSON object with a \"cameras\" array", path);
		goto fail;
	}
	if (!cJSON_IsArray(cams)) {
		snprintf(err, errlen, "%s: no \"cameras\" array", path);
		goto fail;
	}
	const cJSON *strategy = cJSON_GetObjectItemCaseSensitive(doc, "strategy");
	if (cJSON_IsString(strategy))
		out->strategy = strdup(strategy->valuestring);
	const cJSON *session = cJSON_GetObjectItemCaseSensitive(doc, "explorer");
	if (session && !cJSON_IsObject(session)) {
		snprintf(err, errlen, "%s: \"explorer\": expected an object", path);
		goto fail;
	}
	const cJSON *ss = cJSON_GetObjectItemCaseSensitive(session, "strategy");
	const cJSON *stt = cJSON_GetObjectItemCaseSensitive(session, "target");
	if ((ss && !cJSON_IsString(ss)) || (stt && !cJSON_IsString(stt))) {
		snprintf(err, errlen, "%s: \"explorer\": strategy and target must be strings", path);
		goto fail;
	}
	if (ss)
		out->session_strategy = strdup(ss->valuestring);
	if (stt)
		out->session_target = strdup(stt->valuestring);
	size_t n = (size_t)cJSON_GetArraySize(cams);
	out->v = calloc(n ? n : 1, sizeof *out->v);
	if (!out->v) {
		snprintf(err, errlen, "%s: out of memory", path);
		rc = CT_EXIT_NOMEM;
		goto fail;
	}
	size_t i = 0;
	const cJSON *e;
	cJSON_ArrayForEach(e, cams) {
		if (!cJSON_IsObject(e)) {
			rc = bad(err, errlen, path, "cameras[%zu]", i, "expected an object");
			goto fail;
		}
		const cJSON *st = cJSON_GetObjectItemCaseSensitive(e, "store");
		const cJSON *id = cJSON_GetObjectItemCaseSensitive(e, "camera_id");
		const cJSON *th = cJSON_GetObjectItemCaseSensitive(e, "threshold");
		const cJSON *mu = cJSON_GetObjectItemCaseSensitive(e, "muted");
		char idbuf[32];
		if (!cJSON_IsString(st)) {
			rc = bad(err, errlen, path, "cameras[%zu].store", i, "expected a string");
			goto fail;
		}
		if (cJSON_IsNumber(id) && id->valuedouble == floor(id->valuedouble) &&
		    fabs(id->valuedouble) < 1e15) {
			snprintf(idbuf, sizeof idbuf, "%.0f", id->valuedouble);
		} else if (!cJSON_IsString(id)) {
			rc = bad(err, errlen, path, "cameras[%zu].camera_id", i, "expected a string");
			goto fail;
		}
		if (!cJSON_IsNumber(th) || !isfinite(th->valuedouble)) {
			rc = bad(err, errlen, path, "cameras[%zu].threshold", i, "expected a finite number");
			goto fail;
		}
		if (mu && !cJSON_IsBool(mu)) {
			rc = bad(err, errlen, path, "cameras[%zu].muted", i, "expected true or false");
			goto fail;
		}
		const cJSON *hs = cJSON_GetObjectItemCaseSensitive(e, "hand_set");
		ct_hand_set hand = CT_HAND_NONE;
		if (hs) {
			const char *v = cJSON_IsString(hs) ? hs->valuestring : "";
			hand = strcmp(v, "locked") == 0 ? CT_HAND_LOCKED
			       : strcmp(v, "muted") == 0 ? CT_HAND_MUTED
			       : strcmp(v, "excluded") == 0 ? CT_HAND_EXCLUDED : CT_HAND_NONE;
			if (hand == CT_HAND_NONE) {
				rc = bad(err, errlen, path, "cameras[%zu].hand_set", i,
				         "expected \"locked\", \"muted\" or \"excluded\"");
				goto fail;
			}
		}
		ct_threshold_entry *t = &out->v[i];
		const char *idtext = cJSON_IsString(id) ? id->valuestring : idbuf;
		t->store = ct_thresholds_name(out, st->valuestring, strlen(st->valuestring));
		t->camera_id = ct_thresholds_name(out, idtext, strlen(idtext));
		t->threshold = th->valuedouble;
		t->muted = cJSON_IsTrue(mu);
		t->hand_set = hand;
		out->n = ++i;
		if (!t->store || !t->camera_id) {
			snprintf(err, errlen, "%s: out of memory", path);
			rc = CT_EXIT_NOMEM;
			goto fail;
		}
	}
	/* Duplicates would make "which threshold applies" ambiguous. */
	ct_threshold_entry *sorted = malloc((n ? n : 1) * sizeof *sorted);
	if (!sorted) {
		snprintf(err, errlen, "%s: out of memory", path);
		rc = CT_EXIT_NOMEM;
		goto fail;
	}
	memcpy(sorted, out->v, n * sizeof *sorted);
	qsort(sorted, n, sizeof *sorted, cmp_entry);
	for (size_t k = 1; k < n; k++)
		if (cmp_entry(&sorted[k - 1], &sorted[k]) == 0) {
			snprintf(err, errlen, "%s: camera %s:%s appears more than once", path,
			         sorted[k].store, sorted[k].camera_id);
			free(sorted);
			goto fail;
		}
	free(sorted);
	cJSON_Delete(doc);
	return 0;
fail:
	cJSON_Delete(doc);
	ct_thresholds_free(out);
	return rc;
}
