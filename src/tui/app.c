/* app.c -- the explorer's state and what every action does to it.
 *
 * Owns the application struct: the state (target, strategy, per-camera
 * overrides), its undo and redo stacks, the copy of the current solution,
 * and what the state's actions do.  Actions only change the state and
 * return TUI_CH_* flags; the main loop (tui.c) re-solves and draws.  Never
 * calls curses, the prompt or a view: it asks the loop (app.h).
 */
#include "config.h"

#include <ctype.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/atomic.h"
#include "io/thresholds.h"
#include "report/report.h"
#include "report/svg.h"
#include "tui/app.h"

#define UNDO_MAX 1000

void tui_app_message(tui_app *a, int role, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(a->msg, sizeof a->msg, fmt, ap);
	va_end(ap);
	a->msg_role = role;
}

int tui_app_ask_prompt(tui_app *a, const char *prompt, const char *fill)
{
	snprintf(a->prompt_req, sizeof a->prompt_req, "%s", prompt);
	snprintf(a->prompt_fill, sizeof a->prompt_fill, "%s", fill ? fill : "");
	return TUI_CH_PROMPT;
}

int tui_app_selected(tui_app *a)
{
	tui_request rq = {.kind = TUI_REQ_SELECTED, .camera = -1};
	return tui_view_request(a, &rq) >= 0 ? rq.camera : -1;
}

int tui_app_focus(const tui_app *a)
{
	const tui_view *v = a->top;
	return v && v->ops->camera ? v->ops->camera(a, v) : -1;
}

size_t tui_app_n_manual(const tui_app *a)
{
	size_t n = 0;
	for (size_t i = 0; i < a->ds->n_cameras; i++)
		n += a->st.mark[i] != TUI_FREE;
	return n;
}

bool tui_app_dirty(const tui_app *a)
{
	return a->st.id != a->clean_id;
}

long long tui_app_optimum(const tui_app *a)
{
	if (!a->have_optimum || a->optimum_cons != a->st.cons_version ||
	    a->optimum_target != a->st.target)
		return -1;
	return a->optimum;
}

_Static_assert((int)TUI_LOCKED == (int)CT_HAND_LOCKED && (int)TUI_MUTED == (int)CT_HAND_MUTED &&
               (int)TUI_EXCLUDED == (int)CT_HAND_EXCLUDED,
               "the explorer's marks are the thresholds file's hand_set values");

/* ---- state, snapshots, undo ------------------------------------------- */

static void snapshot_free(tui_snapshot *s)
{
	free(s->cam);
	free(s->mark);
	free(s->thr);
	memset(s, 0, sizeof *s);
}

static int snapshot_take(const tui_app *a, tui_snapshot *s)
{
	memset(s, 0, sizeof *s);
	memcpy(s->target_text, a->st.target_text, sizeof s->target_text);
	s->target = a->st.target;
	s->strategy = a->st.strategy;
	s->cons_version = a->st.cons_version;
	s->id = a->st.id;
	size_t n = 0;
	for (size_t i = 0; i < a->ds->n_cameras; i++)
		n += a->st.mark[i] != TUI_FREE;
	s->cam = malloc((n ? n : 1) * sizeof *s->cam);
	s->mark = malloc(n ? n : 1);
	s->thr = malloc((n ? n : 1) * sizeof *s->thr);
	if (!s->cam || !s->mark || !s->thr) {
		snapshot_free(s);
		return -1;
	}
	for (size_t i = 0; i < a->ds->n_cameras; i++)
		if (a->st.mark[i] != TUI_FREE) {
			s->cam[s->n] = (uint32_t)i;
			s->mark[s->n] = a->st.mark[i];
			s->thr[s->n] = a->st.thr[i];
			s->n++;
		}
	return 0;
}

/* Make the snapshot the current state; it is consumed. */
static void snapshot_restore(tui_app *a, tui_snapshot *s)
{
	memcpy(a->st.target_text, s->target_text, sizeof s->target_text);
	a->st.target = s->target;
	a->st.strategy = s->strategy;
	a->st.cons_version = s->cons_version;
	a->st.id = s->id;
	memset(a->st.mark, TUI_FREE, a->ds->n_cameras);
	for (size_t i = 0; i < a->ds->n_cameras; i++)
		a->st.thr[i] = NAN;
	for (size_t k = 0; k < s->n; k++) {
		a->st.mark[s->cam[k]] = s->mark[k];
		a->st.thr[s->cam[k]] = s->thr[k];
	}
	snapshot_free(s);
}

static int stack_push(tui_stack *st, tui_snapshot *s)
{
	if (st->n == UNDO_MAX) {
		snapshot_free(&st->v[0]);
		memmove(st->v, st->v + 1, (st->n - 1) * sizeof *st->v);
		st->n--;
	}
	if (st->n == st->cap) {
		size_t cap = st->cap ? st->cap * 2 : 16;
		tui_snapshot *v = realloc(st->v, cap * sizeof *v);
		if (!v)
			return -1;
		st->v = v;
		st->cap = cap;
	}
	st->v[st->n++] = *s;
	return 0;
}

static void stack_clear(tui_stack *st)
{
	for (size_t i = 0; i < st->n; i++)
		snapshot_free(&st->v[i]);
	st->n = 0;
}

static bool is_target_step(int action)
{
	return action == TUI_ACT_TARGET_UP || action == TUI_ACT_TARGET_DOWN;
}

/* Call before every change of the state: remembers it for undo (with
 * `what`, the change in words: undo says what it undid), forgets the redo
 * stack and names the new state.  Consecutive +/- presses are one step:
 * the state before the first stays on the stack.  -1 when out of memory
 * (the change must then not happen). */
static int begin_change(tui_app *a, bool overrides, int action, const char *what)
{
	bool merge = is_target_step(action) && is_target_step(a->last_action) && a->undo.n &&
	             !a->redo.n;
	if (!merge) {
		tui_snapshot s;
		if (snapshot_take(a, &s) != 0 || stack_push(&a->undo, &s) != 0) {
			snapshot_free(&s);
			tui_app_message(a, TUI_ROLE_ERROR, "out of memory: change not made");
			return -1;
		}
		a->undo.v[a->undo.n - 1].action = action;
	}
	snprintf(a->undo.v[a->undo.n - 1].what, sizeof a->undo.v[0].what, "%s", what);
	a->last_action = action;
	stack_clear(&a->redo);
	a->st.id = ++a->next_id;
	if (overrides)
		a->st.cons_version = ++a->next_cons;
	return 0;
}

static int undo_redo(tui_app *a, tui_stack *from, tui_stack *to, bool undo)
{
	const char *verb = undo ? "undo" : "redo";
	if (from->n == 0) {
		tui_app_message(a, TUI_ROLE_WARNING, "nothing to %s", verb);
		return TUI_CH_DRAW;
	}
	tui_snapshot cur;
	if (snapshot_take(a, &cur) != 0 || stack_push(to, &cur) != 0) {
		snapshot_free(&cur);
		tui_app_message(a, TUI_ROLE_ERROR, "out of memory");
		return TUI_CH_DRAW;
	}
	tui_snapshot *back = &from->v[--from->n];
	char what[sizeof back->what];
	snprintf(what, sizeof what, "%s", back->what);
	snprintf(to->v[to->n - 1].what, sizeof what, "%s", what);
	to->v[to->n - 1].action = back->action;
	snapshot_restore(a, back);
	a->last_action = -1;
	tui_app_message(a, TUI_ROLE_NORMAL, "%s: %s (%zu more to %s)", undo ? "undone" : "redone",
	                what[0] ? what : "a change", from->n, verb);
	return TUI_CH_SOLVE | TUI_CH_ROWS | TUI_CH_DRAW;
}

/* ---- solving ------------------------------------------------------------ */

void tui_app_request_solve(tui_app *a)
{
	size_t n = a->ds->n_cameras;
	tui_job j = {
		.strategy = a->st.strategy,
		.target = a->st.target,
		.min_recall = a->min_recall,
		.cons_version = a->st.cons_version,
		.seq = ++a->seq,
		.want_optimum = !(a->have_optimum && a->optimum_cons == a->st.cons_version &&
		                  a->optimum_target == a->st.target),
		.want_frontiers = a->pane == TUI_PANE_FRONTIER &&
		                  !(a->have_fr && a->fr_cons == a->st.cons_version),
	};
	j.excluded = malloc(n ? n : 1);
	j.locked = malloc((n ? n : 1) * sizeof *j.locked);
	if (!j.excluded || !j.locked) {
		free(j.excluded);
		free(j.locked);
		tui_app_message(a, TUI_ROLE_ERROR, "out of memory: cannot solve");
		return;
	}
	for (size_t i = 0; i < n; i++) {
		j.excluded[i] = a->st.mark[i] == TUI_EXCLUDED;
		j.locked[i] = a->st.mark[i] == TUI_LOCKED || a->st.mark[i] == TUI_MUTED
		                      ? a->st.thr[i]
		                      : NAN;
	}
	a->solve_started = tui_now();
	tui_solver_post(a->solver, &j);
}

int tui_app_poll(tui_app *a)
{
	tui_result r;
	if (!tui_solver_take(a->solver, &r))
		return TUI_CH_NONE;
	if (r.seq != a->seq) { /* superseded by a newer request */
		tui_result_free(&r);
		return TUI_CH_NONE;
	}
	if (r.status != 0) {
		tui_result_free(&r);
		a->solve_error = 1;
		tui_app_message(a, TUI_ROLE_ERROR, "out of memory while solving");
		return TUI_CH_DRAW;
	}
	a->solve_error = 0;
	if (a->have_sol)
		ct_solution_free(&a->sol);
	a->sol = r.sol;
	a->have_sol = true;
	a->expect = r.expect;
	a->have_expect = r.have_expect;
	a->sol_cons = r.cons_version;
	a->max_saving = r.max_saving;
	a->solve_seconds = r.seconds;
	if (r.have_optimum) {
		a->have_optimum = true;
		a->optimum = r.optimum;
		a->optimum_cons = r.cons_version;
		a->optimum_target = r.sol.target;
	}
	if (r.have_frontiers) {
		if (a->have_fr)
			for (int i = 0; i < 3; i++)
				ct_frontier_free(&a->fr[i]);
		memcpy(a->fr, r.fr, sizeof a->fr);
		a->have_fr = true;
		a->fr_cons = r.cons_version;
	}
	return TUI_CH_SOLVED | TUI_CH_DRAW;
}

/* ---- cameras ------------------------------------------------------------ */

int tui_app_find_camera(tui_app *a, const char *text)
{
	size_t len = strlen(text);
	int found = -1, n_found = 0;
	for (size_t i = 0; i < a->ds->n_cameras; i++) {
		if (strcmp(a->names[i], text) == 0)
			return (int)i;
		if (strncmp(a->names[i], text, len) == 0) {
			found = (int)i;
			n_found++;
		}
	}
	if (n_found == 1)
		return found;
	if (n_found == 0)
		tui_app_message(a, TUI_ROLE_ERROR, "no camera '%s' (type STORE:CAMERA; Tab completes)", text);
	else
		tui_app_message(a, TUI_ROLE_ERROR, "'%s' names %d cameras; be more precise", text, n_found);
	return -1;
}

/* The camera an action applies to: named by arg, else the one in focus
 * in the view on top. */
static int target_camera(tui_app *a, const char *arg)
{
	if (arg && *arg) {
		int c = tui_app_find_camera(a, arg);
		if (c >= 0)
			a->select_req = c; /* the loop selects it in the list */
		return c;
	}
	int c = tui_app_focus(a);
	if (c < 0)
		tui_app_message(a, TUI_ROLE_WARNING, "no camera in focus here (the list or a camera's view has one)");
	return c;
}

/* The threshold the camera has in the current solution. */
static double current_threshold(const tui_app *a, int c)
{
	if (a->st.mark[c] == TUI_LOCKED || a->st.mark[c] == TUI_MUTED)
		return a->st.thr[c];
	if (a->st.mark[c] == TUI_EXCLUDED)
		return ct_camera_baseline(&a->ds->cameras[c]).threshold;
	if (a->have_sol && (size_t)c < a->sol.n_cameras)
		return a->sol.setting[c].threshold;
	return ct_camera_baseline(&a->ds->cameras[c]).threshold;
}

static int set_mark(tui_app *a, int c, int mark, double thr, const char *what)
{
	char change[96];
	snprintf(change, sizeof change, "%s %s", a->names[c], what);
	if (begin_change(a, true, TUI_ACT_LOCK, change) != 0)
		return TUI_CH_DRAW;
	a->st.mark[c] = (uint8_t)mark;
	a->st.thr[c] = mark == TUI_LOCKED || mark == TUI_MUTED ? thr : NAN;
	char t[40] = "";
	if (mark == TUI_LOCKED)
		snprintf(t, sizeof t, " at %.6g", thr);
	tui_app_message(a, TUI_ROLE_NORMAL, "%s %s%s", a->names[c], what, t);
	return TUI_CH_SOLVE | TUI_CH_ROWS | TUI_CH_DRAW;
}

/* Lock camera c at threshold t, saying what it costs.  A threshold above
 * every score would mute the camera: never by accident (a step, a typed
 * number); the message says how to mute it (m, :mute). */
static int lock_at(tui_app *a, int c, double t)
{
	ct_option r = ct_camera_apply(&a->ds->cameras[c], t);
	if (r.muted) {
		tui_app_message(a, TUI_ROLE_WARNING,
		                "%s: threshold %.6g is above every score and would drop all its alerts; "
		                "to mute it, press m or type :mute",
		                a->names[c], t);
		return TUI_CH_DRAW;
	}
	char at[48];
	snprintf(at, sizeof at, "locked at %.6g", t);
	int flags = set_mark(a, c, TUI_LOCKED, t, at);
	char n1[32], n2[32];
	tui_app_message(a, TUI_ROLE_NORMAL, "%s locked at %.6g: TP lost %s, FP saved %s", a->names[c], t,
	                ct_format_count(r.tp_lost, n1, sizeof n1), ct_format_count(r.fp_saved, n2, sizeof n2));
	return flags;
}

static int step_camera(tui_app *a, int c, int dir, int count)
{
	const ct_camera *cam = &a->ds->cameras[c];
	double cur = current_threshold(a, c);
	const ct_option *o = a->opts->v + a->opts->offset[c];
	size_t n = a->opts->offset[c + 1] - a->opts->offset[c];
	(void)cam;
	double next = NAN;
	for (int step = 0; step < (count > 0 ? count : 1); step++) {
		double found = NAN;
		if (dir > 0) {
			/* the mute is never a step: m mutes */
			for (size_t k = 0; k < n; k++)
				if (!o[k].muted && o[k].threshold > cur) {
					found = o[k].threshold;
					break;
				}
		} else {
			for (size_t k = n; k-- > 0;)
				if (!o[k].muted && o[k].threshold < cur) {
					found = o[k].threshold;
					break;
				}
		}
		if (isnan(found))
			break; /* a count past the last option stops there */
		next = cur = found;
	}
	if (isnan(next)) {
		tui_app_message(a, TUI_ROLE_WARNING, "%s is already at its %s option%s", a->names[c],
		                dir > 0 ? "last" : "first", dir > 0 ? " (m mutes it)" : "");
		return TUI_CH_DRAW;
	}
	return lock_at(a, c, next);
}

/* `:threshold T`: lock the camera at T exactly. */
static int set_threshold(tui_app *a, int c, const char *text)
{
	char *end;
	double t = strtod(text, &end);
	while (isspace((unsigned char)*end))
		end++;
	if (end == text || *end || !isfinite(t)) {
		tui_app_message(a, TUI_ROLE_ERROR, "'%s' is not a threshold: type a number (0.31)", text);
		return TUI_CH_DRAW;
	}
	return lock_at(a, c, t);
}

/* `:recall R`: lock the camera at the option that keeps the fewest FP
 * while reaching at least recall R ("90%" or "0.9"). */
static int set_recall(tui_app *a, int c, const char *text)
{
	const ct_camera *cam = &a->ds->cameras[c];
	char *end;
	double r = strtod(text, &end);
	bool pct = *end == '%';
	if (pct)
		end++;
	while (isspace((unsigned char)*end))
		end++;
	if (!pct && r > 1)
		pct = true; /* "90" */
	if (pct)
		r /= 100;
	if (end == text || *end || !(r >= 0 && r <= 1)) {
		tui_app_message(a, TUI_ROLE_ERROR, "'%s' is not a recall: type a percentage (90%%)", text);
		return TUI_CH_DRAW;
	}
	if (!cam->n_tp) {
		tui_app_message(a, TUI_ROLE_WARNING, "%s has no thefts: recall is undefined", a->names[c]);
		return TUI_CH_DRAW;
	}
	const ct_option *o = a->opts->v + a->opts->offset[c];
	size_t n = a->opts->offset[c + 1] - a->opts->offset[c];
	/* options lose more thefts as k grows: the last that reaches r */
	size_t best = 0;
	for (size_t k = 0; k < n; k++)
		if ((double)(cam->n_tp - o[k].tp_lost) >= r * cam->n_tp - 1e-9)
			best = k;
	return lock_at(a, c, o[best].threshold);
}

/* ---- target, strategy -------------------------------------------------- */

static int set_target(tui_app *a, const char *text, int action)
{
	double t;
	char buf[64];
	snprintf(buf, sizeof buf, "%s", text);
	/* allow "12 %" and surrounding blanks */
	char *s = buf, *d = buf;
	for (; *s; s++)
		if (!isspace((unsigned char)*s))
			*d++ = *s;
	*d = '\0';
	if (ct_target_parse(buf, a->ds->n_fp, &t) != 0 || strlen(buf) >= sizeof a->st.target_text) {
		tui_app_message(a, TUI_ROLE_ERROR, "'%s' is not a target: type a count (20000) or a percentage (12%%)", text);
		return TUI_CH_DRAW;
	}
	if (t > (double)a->ds->n_fp) {
		char n1[32];
		tui_app_message(a, TUI_ROLE_ERROR, "target %s is above the %s FP of the baseline (100%%): not set",
		                buf, ct_format_count(a->ds->n_fp, n1, sizeof n1));
		return TUI_CH_DRAW;
	}
	char change[64];
	snprintf(change, sizeof change, "target %s", buf);
	if (begin_change(a, false, action, change) != 0)
		return TUI_CH_DRAW;
	snprintf(a->st.target_text, sizeof a->st.target_text, "%s", buf);
	a->st.target = t;
	double fp = (double)a->ds->n_fp;
	if (!strchr(buf, '%') && t > 0 && t < 0.01 * fp)
		/* "30" for 30 %: a count below 1 % of baseline is most likely that */
		tui_app_message(a, TUI_ROLE_WARNING,
		                "target %s is a count of FP (%.1f%% of baseline); type %s%% for a percentage",
		                buf, floor(1000.0 * t / fp) / 10.0, buf);
	else
		tui_app_message(a, TUI_ROLE_NORMAL, "target %s", buf);
	return TUI_CH_SOLVE | TUI_CH_DRAW;
}

static int step_target(tui_app *a, int dir)
{
	double fp = (double)a->ds->n_fp;
	if (fp <= 0) {
		tui_app_message(a, TUI_ROLE_WARNING, "no false positives to save");
		return TUI_CH_DRAW;
	}
	double pct = a->st.target * 100.0 / fp;
	double next = dir > 0 ? floor(pct + 1e-9) + 1 : ceil(pct - 1e-9) - 1;
	if (next < 0)
		next = 0;
	if (next > 100)
		next = 100;
	char text[32];
	snprintf(text, sizeof text, "%g%%", next);
	return set_target(a, text, dir > 0 ? TUI_ACT_TARGET_UP : TUI_ACT_TARGET_DOWN);
}

static int set_strategy(tui_app *a, ct_strategy s)
{
	if (s == a->st.strategy)
		return TUI_CH_NONE;
	char change[64];
	snprintf(change, sizeof change, "strategy %s", ct_strategy_name(s));
	if (begin_change(a, false, TUI_ACT_STRATEGY, change) != 0)
		return TUI_CH_DRAW;
	a->st.strategy = s;
	tui_app_message(a, TUI_ROLE_NORMAL, "strategy %s", ct_strategy_name(s));
	return TUI_CH_SOLVE | TUI_CH_DRAW;
}

/* ---- export, eval -------------------------------------------------------- */

/* "~/x" as $HOME/x, as a shell would (the prompt is not a shell). */
static const char *expand_home(const char *path, char *buf, size_t len)
{
	const char *home = getenv("HOME");
	if (path[0] == '~' && path[1] == '/' && home && *home) {
		snprintf(buf, len, "%s%s", home, path + 1);
		return buf;
	}
	return path;
}

static int do_export(tui_app *a, const char *arg)
{
	char expanded[4096];
	const char *path = arg && *arg ? expand_home(arg, expanded, sizeof expanded)
	                   : a->export_path ? a->export_path : "thresholds.json";
	if (!a->have_sol || a->sol_cons != a->st.cons_version || tui_solver_busy(a->solver)) {
		tui_app_message(a, TUI_ROLE_WARNING, "still solving; export again in a moment");
		return TUI_CH_DRAW;
	}
	if (a->source && ct_same_file(path, a->source)) {
		tui_app_message(a, TUI_ROLE_ERROR, "export refused: that is the data file (try :export OTHER-FILE)");
		a->export_failures++;
		return TUI_CH_DRAW;
	}
	/* Say so when cameras were set by hand: the file is no longer what
	 * the strategy alone would choose. */
	size_t manual = 0;
	for (size_t i = 0; i < a->ds->n_cameras; i++)
		manual += a->st.mark[i] != TUI_FREE;
	char strategy[48];
	snprintf(strategy, sizeof strategy, "%s%s", ct_strategy_name(a->st.strategy),
	         manual ? "+manual" : "");
	/* The history the thresholds were chosen on is the slice shown: its
	 * window, and the loaded alerts' span cut to it (eval tells held-out
	 * data from it by that span). */
	ct_quality slice_q;
	const ct_quality *q = a->quality;
	if (q && (a->has_since != q->has_since || a->has_until != q->has_until ||
	          (a->has_since && a->since != q->since) || (a->has_until && a->until != q->until))) {
		slice_q = *q; /* a shallow copy: only read by the writer */
		slice_q.has_since = a->has_since;
		slice_q.since = a->since;
		slice_q.has_until = a->has_until;
		slice_q.until = a->until;
		if (slice_q.time_first != CT_NO_TIME) {
			if (a->has_since && a->since > (int64_t)slice_q.time_first)
				slice_q.time_first = a->since > (int64_t)slice_q.time_last ? slice_q.time_last
				                                                           : (uint32_t)a->since;
			if (a->has_until && a->until - 1 < (int64_t)slice_q.time_last)
				slice_q.time_last = a->until - 1 < (int64_t)slice_q.time_first
				                            ? slice_q.time_first
				                            : (uint32_t)(a->until - 1);
		}
		q = &slice_q;
	}
	ct_thresholds_meta meta = {
		.source = a->source,
		.strategy = strategy,
		.target = a->st.target,
		.target_text = a->st.target_text,
		.min_recall = a->min_recall,
		.quality = q,
		/* what the model expects on new alerts, as optimize -o writes it */
		.expected = a->have_expect ? &a->expect : NULL,
		.confidence = a->model.confidence,
		/* the session, for camtune --resume: enum tui_mark is ct_hand_set */
		.session_strategy = ct_strategy_name(a->st.strategy),
		.hand_set = a->st.mark,
		.session_has_since = a->has_since,
		.session_since = a->since,
		.session_has_until = a->has_until,
		.session_until = a->until,
		.session_confidence = a->model.confidence,
	};
	/* each camera's expectations and history picture, for camtune
	 * monitor (doc/domain.md "After deployment"): a model of its own on
	 * this thread, the solver's lives on the worker */
	ct_model *m = ct_model_new(a->ds, &a->model);
	ct_camera_expect *cams = NULL;
	if (m) {
		meta.history_days = a->quality ? ct_span_days(a->quality->time_first, a->quality->time_last)
		                               : NAN;
		meta.volume_cv = a->model.volume_cv;
		cams = ct_thresholds_camera_expect(m, a->ds, &a->sol, meta.history_days);
		meta.camera_expected = cams;
		ct_model_free(m);
	}
	char err[1024] = "";
	int wrc = ct_thresholds_write(path, a->ds, &a->sol, &meta, err, sizeof err);
	free(cams);
	if (wrc != 0) {
		tui_app_message(a, TUI_ROLE_ERROR, "export failed: %s (nothing lost; try :export OTHER-FILE)",
		                err[0] ? err : path);
		a->export_failures++;
		return TUI_CH_DRAW;
	}
	a->clean_id = a->st.id;
	char n1[32], n2[32], n3[32];
	tui_app_message(a, TUI_ROLE_GOOD, "exported %s thresholds to %s: FP saved %s, TP lost %s",
	                ct_format_count(a->sol.n_cameras, n1, sizeof n1), path,
	                ct_format_count(a->sol.fp_saved, n2, sizeof n2),
	                ct_format_count(a->sol.tp_lost, n3, sizeof n3));
	/* path may be a->export_path itself: replace it last */
	char *copy = strdup(path);
	if (copy) {
		free(a->export_path);
		a->export_path = copy;
	}
	return TUI_CH_DRAW;
}

unsigned tui_app_export_failures(const tui_app *a)
{
	return a->export_failures;
}

const char *tui_app_export_path(const tui_app *a)
{
	return a->export_path;
}

static int do_load_locks(tui_app *a, const char *arg)
{
	char expanded[4096];
	const char *path = expand_home(arg, expanded, sizeof expanded);
	ct_thresholds t;
	char err[1024] = "";
	if (ct_thresholds_read(path, &t, err, sizeof err) != 0) {
		tui_app_message(a, TUI_ROLE_ERROR, "load-locks: %s", err[0] ? err : path);
		return TUI_CH_DRAW;
	}
	char change[96];
	snprintf(change, sizeof change, "load-locks %s", path);
	if (begin_change(a, true, TUI_ACT_LOAD_LOCKS, change) != 0) {
		ct_thresholds_free(&t);
		return TUI_CH_DRAW;
	}
	size_t used = 0, missing = 0;
	int32_t c = -1;
	for (size_t k = 0; k < t.n; k++) {
		c = ct_dataset_find_at(a->ds, t.v[k].store, t.v[k].camera_id, (int64_t)c + 1);
		if (c < 0) {
			missing++;
			continue;
		}
		double thr = ct_deployed_threshold(&a->ds->cameras[c], t.v[k].threshold, t.v[k].muted);
		a->st.mark[c] = t.v[k].muted ? TUI_MUTED : TUI_LOCKED;
		a->st.thr[c] = thr;
		used++;
	}
	if (missing)
		tui_app_message(a, TUI_ROLE_WARNING, "%s: %zu camera%s locked at their thresholds, %zu not in the data",
		                path, used, tui_plural(used), missing);
	else if (t.n_warnings)
		/* the reader's first warning: the message line holds one */
		tui_app_message(a, TUI_ROLE_WARNING, "%zu camera%s locked; %s", used, tui_plural(used), t.warnings[0]);
	else
		tui_app_message(a, TUI_ROLE_NORMAL, "%s: %zu camera%s locked at their thresholds", path, used,
		                tui_plural(used));
	ct_thresholds_free(&t);
	return TUI_CH_SOLVE | TUI_CH_ROWS | TUI_CH_DRAW;
}

/* ---- the state's actions ------------------------------------------------- */

static int camera_action(tui_app *a, int action, const char *arg)
{
	int c = target_camera(a, action == TUI_ACT_THRESHOLD || action == TUI_ACT_RECALL ? NULL : arg);
	if (c < 0)
		return TUI_CH_DRAW;
	switch (action) {
	case TUI_ACT_LOCK:
		if (a->st.mark[c] != TUI_FREE)
			return set_mark(a, c, TUI_FREE, NAN, "freed");
		return set_mark(a, c, TUI_LOCKED, current_threshold(a, c), "locked");
	case TUI_ACT_STEP_DOWN:
	case TUI_ACT_STEP_UP:
		return step_camera(a, c, action == TUI_ACT_STEP_UP ? 1 : -1, a->count);
	case TUI_ACT_THRESHOLD:
		return set_threshold(a, c, arg ? arg : "");
	case TUI_ACT_RECALL:
		return set_recall(a, c, arg ? arg : "");
	case TUI_ACT_MUTE:
		if (a->st.mark[c] == TUI_MUTED)
			return set_mark(a, c, TUI_FREE, NAN, "unmuted");
		return set_mark(a, c, TUI_MUTED, ct_mute_threshold(&a->ds->cameras[c]), "muted");
	case TUI_ACT_EXCLUDE:
		if (a->st.mark[c] == TUI_EXCLUDED)
			return set_mark(a, c, TUI_FREE, NAN, "included again");
		return set_mark(a, c, TUI_EXCLUDED, NAN, "excluded (stays at baseline)");
	case TUI_ACT_FREE:
		if (a->st.mark[c] == TUI_FREE) {
			tui_app_message(a, TUI_ROLE_NORMAL, "%s is free already", a->names[c]);
			return TUI_CH_DRAW;
		}
		return set_mark(a, c, TUI_FREE, NAN, "freed");
	}
	return TUI_CH_NONE;
}

static int do_action(tui_app *a, int action, const char *arg)
{
	if (tui_actions[action].completion == TUI_ARG_CAMERA || action == TUI_ACT_THRESHOLD ||
	    action == TUI_ACT_RECALL) {
		if (action != TUI_ACT_GOTO)
			return camera_action(a, action, arg);
	}
	switch (action) {
	case TUI_ACT_GOTO:
		if (!arg || !*arg) {
			tui_app_message(a, TUI_ROLE_WARNING, "goto STORE[:CAMERA]");
			return TUI_CH_DRAW;
		}
		target_camera(a, arg);
		return TUI_CH_DRAW;
	case TUI_ACT_TARGET_UP:
	case TUI_ACT_TARGET_DOWN:
		return step_target(a, action == TUI_ACT_TARGET_UP ? 1 : -1);
	case TUI_ACT_TARGET:
		if (!arg || !*arg) {
			char n[32];
			tui_app_message(a, TUI_ROLE_NORMAL, "target %s = %s FP saved", a->st.target_text,
			                ct_format_count((uint64_t)ceil(a->st.target), n, sizeof n));
			return TUI_CH_DRAW;
		}
		return set_target(a, arg, TUI_ACT_TARGET);
	case TUI_ACT_STRATEGY_NEXT:
		return set_strategy(a, (ct_strategy)((a->st.strategy + 1) % CT_N_STRATEGIES));
	case TUI_ACT_STRATEGY: {
		int s = arg ? ct_strategy_parse(arg) : -1;
		if (s < 0) {
			char list[128];
			tui_app_message(a, TUI_ROLE_ERROR, "strategy: one of %s",
			                ct_strategy_list(list, sizeof list));
			return TUI_CH_DRAW;
		}
		int r = set_strategy(a, (ct_strategy)s);
		if (r == TUI_CH_NONE)
			tui_app_message(a, TUI_ROLE_NORMAL, "strategy %s already", ct_strategy_name((ct_strategy)s));
		return r | TUI_CH_DRAW;
	}
	case TUI_ACT_RESET: {
		size_t n = tui_app_n_manual(a);
		if (!n) {
			tui_app_message(a, TUI_ROLE_NORMAL, "no camera is locked, muted or excluded");
			return TUI_CH_DRAW;
		}
		char change[64];
		snprintf(change, sizeof change, "reset of %zu camera%s", n, tui_plural(n));
		if (begin_change(a, true, TUI_ACT_RESET, change) != 0)
			return TUI_CH_DRAW;
		for (size_t i = 0; i < a->ds->n_cameras; i++) {
			a->st.mark[i] = TUI_FREE;
			a->st.thr[i] = NAN;
		}
		tui_app_message(a, TUI_ROLE_NORMAL, "%zu camera%s freed", n, tui_plural(n));
		return TUI_CH_SOLVE | TUI_CH_ROWS | TUI_CH_DRAW;
	}
	case TUI_ACT_UNDO:
		return undo_redo(a, &a->undo, &a->redo, true);
	case TUI_ACT_REDO:
		return undo_redo(a, &a->redo, &a->undo, false);
	case TUI_ACT_EXPORT:
		return do_export(a, arg);
	case TUI_ACT_LOAD_LOCKS:
		if (!arg || !*arg) {
			tui_app_message(a, TUI_ROLE_WARNING, "load-locks FILE");
			return TUI_CH_DRAW;
		}
		return do_load_locks(a, arg);
	case TUI_ACT_PANE_CURVE:
	case TUI_ACT_PANE_FRONTIER:
	case TUI_ACT_PANE_QUALITY:
		/* the panes are the list's: from another view, back to the list
		 * with the pane asked for; over the list, the frontier and
		 * quality keys toggle their pane */
		if (a->top->parent) {
			tui_view_close_to_bottom(a);
			a->pane = action - TUI_ACT_PANE_CURVE;
		} else {
			a->pane = a->pane == action - TUI_ACT_PANE_CURVE ? TUI_PANE_CURVE
			                                                  : action - TUI_ACT_PANE_CURVE;
		}
		return a->pane == TUI_PANE_FRONTIER ? TUI_CH_SOLVE | TUI_CH_DRAW : TUI_CH_DRAW;
	case TUI_ACT_SINCE:
	case TUI_ACT_UNTIL: {
		bool is_since = action == TUI_ACT_SINCE;
		int64_t t = 0;
		bool given = arg && *arg;
		if (given && ct_parse_iso_time(arg, &t) != 0) {
			tui_app_message(a, TUI_ROLE_WARNING,
			                "%s: '%s' is not a date (YYYY-MM-DD, optionally THH:MM, UTC)",
			                is_since ? "since" : "until", arg);
			return TUI_CH_DRAW;
		}
		if (is_since)
			return tui_app_reslice(a, given, t, a->has_until, a->until);
		return tui_app_reslice(a, a->has_since, a->since, given, t);
	}
	case TUI_ACT_PANE_NEXT:
		tui_view_close_to_bottom(a);
		a->pane = (a->pane + 1) % TUI_N_PANES;
		return a->pane == TUI_PANE_FRONTIER ? TUI_CH_SOLVE | TUI_CH_DRAW : TUI_CH_DRAW;
	case TUI_ACT_LOG_SCALE:
		a->log_scale = !a->log_scale;
		tui_app_message(a, TUI_ROLE_NORMAL, "FP axis %s", a->log_scale ? "logarithmic" : "linear");
		return TUI_CH_DRAW;
	case TUI_ACT_REDRAW:
		return TUI_CH_REDRAW | TUI_CH_DRAW;
	case TUI_ACT_SUSPEND:
		if (a->scripted) {
			tui_app_message(a, TUI_ROLE_WARNING, "suspend: not in a script");
			return TUI_CH_DRAW;
		}
		return TUI_CH_SUSPEND | TUI_CH_DRAW;
	case TUI_ACT_PROMPT:
		return tui_app_ask_prompt(a, ":", "");
	case TUI_ACT_CANCEL:
		if (a->top && a->top->parent) /* Esc closes the view on top */
			return tui_view_close(a);
		a->msg[0] = '\0';
		return TUI_CH_DRAW;
	case TUI_ACT_QUIT:
		if (a->top && a->top->parent) /* q closes the view on top */
			return tui_view_close(a);
		if (tui_app_dirty(a)) {
			a->confirm_quit = true;
			tui_app_message(a, TUI_ROLE_WARNING,
			                "Changes not exported. Quit anyway? q or y quits, e exports, any other key stays");
			return TUI_CH_DRAW;
		}
		a->quit = true;
		return TUI_CH_QUIT;
	case TUI_ACT_QUIT_NOW:
		a->quit = true;
		return TUI_CH_QUIT;
	}
	return TUI_CH_NONE;
}

int tui_app_do(tui_app *a, int action, const char *arg)
{
	a->select_req = -1;
	int flags = do_action(a, action, arg);
	if (!is_target_step(action))
		a->last_action = action; /* any other action ends a run of +/- */
	if (a->select_req >= 0)
		flags |= TUI_CH_SELECT | TUI_CH_DRAW;
	return flags;
}

int tui_app_confirm_key(tui_app *a, int key)
{
	if (!a->confirm_quit)
		return -1;
	a->confirm_quit = false;
	a->msg[0] = '\0';
	if (key == 'q' || key == 'y' || key == 'Y') {
		a->quit = true;
		return TUI_CH_QUIT;
	}
	if (key == 'n' || key == 27)
		return TUI_CH_DRAW;
	return -1; /* any other key stays, and does what it does */
}

/* ---- life cycle ------------------------------------------------------------ */

/* The report's figures, once (ct_report_build): the per-camera statistics,
 * the fleet's, the verdict in words and the cameras at chance in the
 * report's order (most FP first).  -1 when out of memory. */
static int compute_stats(tui_app *a)
{
	size_t n = a->ds->n_cameras;
	if (ct_report_build(&a->report, a->ds, a->quality) != 0)
		return -1;
	a->cstats = a->report.cameras;
	a->chance = malloc((n ? n : 1) * sizeof *a->chance);
	if (!a->chance)
		return -1;
	for (size_t i = 0; i < n; i++)
		a->auc[i] = a->cstats[i].auc;
	for (size_t k = 0; k < n; k++)
		if (ct_camera_at_chance(&a->cstats[a->report.by_fp[k]]))
			a->chance[a->n_chance++] = (uint32_t)a->report.by_fp[k];
	a->verdict = ct_report_verdict_text(&a->report.fleet);
	if (!a->verdict)
		return -1;
	/* The report writes "\u2264"; a terminal that is not UTF-8 shows
	 * garbage for it.  "<=" is never longer in bytes. */
	if (!tui_locale_is_utf8())
		for (char *p; (p = strstr(a->verdict, "\u2264"));) {
			memcpy(p, "<=", 2);
			memmove(p + 2, p + 3, strlen(p + 3) + 1);
		}
	return 0;
}

/* The per-camera arrays of a->ds: names, AUC, overrides (all free), rows,
 * and the report's figures.  -1 when out of memory (free_cameras cleans). */
static int alloc_cameras(tui_app *a)
{
	const ct_dataset *ds = a->ds;
	size_t n = ds->n_cameras;
	a->names = calloc(n ? n : 1, sizeof *a->names);
	a->auc = malloc((n ? n : 1) * sizeof *a->auc);
	a->st.mark = calloc(n ? n : 1, 1);
	a->st.thr = malloc((n ? n : 1) * sizeof *a->st.thr);
	if (!a->names || !a->auc || !a->st.mark || !a->st.thr)
		return -1;
	for (size_t i = 0; i < n; i++) {
		const ct_camera *c = &ds->cameras[i];
		size_t len = strlen(c->store) + strlen(c->camera_id) + 2;
		if (!(a->names[i] = malloc(len)))
			return -1;
		snprintf(a->names[i], len, "%s:%s", c->store, c->camera_id);
		a->st.thr[i] = NAN;
	}
	return compute_stats(a);
}

static void free_cameras(tui_app *a)
{
	if (a->names)
		for (size_t i = 0; i < a->ds->n_cameras; i++)
			free(a->names[i]);
	free(a->names);
	free(a->auc);
	ct_report_free(&a->report);
	a->cstats = NULL;
	free(a->chance);
	free(a->verdict);
	free(a->st.mark);
	free(a->st.thr);
	a->names = NULL;
	a->auc = NULL;
	a->cstats = NULL;
	a->chance = NULL;
	a->verdict = NULL;
	a->st.mark = NULL;
	a->st.thr = NULL;
	a->n_chance = 0;
}

tui_app *tui_app_new(const tui_config *cfg)
{
	tui_app *a = calloc(1, sizeof *a);
	if (!a)
		return NULL;
	const ct_dataset *ds = cfg->ds;
	size_t n = ds->n_cameras;
	a->ds = ds;
	a->opts = cfg->opts;
	a->quality = cfg->quality;
	a->min_recall = cfg->min_recall;
	a->builder = cfg->builder;
	a->has_since = cfg->has_since;
	a->has_until = cfg->has_until;
	a->since = cfg->since;
	a->until = cfg->until;
	a->base_ds = ds;
	a->base_opts = cfg->opts;
	a->base_has_since = cfg->has_since;
	a->base_has_until = cfg->has_until;
	a->base_since = cfg->since;
	a->base_until = cfg->until;
	a->source = strdup(cfg->source ? cfg->source : "-");
	if (!a->source || alloc_cameras(a) != 0)
		goto fail;
	for (size_t i = 0; i < n; i++) {
		const ct_camera *c = &ds->cameras[i];
		if (cfg->excluded && cfg->excluded[i]) {
			a->st.mark[i] = TUI_EXCLUDED;
		} else if (cfg->locked && !isnan(cfg->locked[i])) {
			const ct_option *o = cfg->opts->v + cfg->opts->offset[i];
			ct_option r = ct_camera_apply_known(c, o, cfg->opts->offset[i + 1] - cfg->opts->offset[i],
			                                    cfg->locked[i]);
			a->st.mark[i] = r.muted ? TUI_MUTED : TUI_LOCKED;
			a->st.thr[i] = cfg->locked[i];
		}
	}
	const char *tt = cfg->target_text ? cfg->target_text : "10%";
	if (strlen(tt) >= sizeof a->st.target_text ||
	    ct_target_parse(tt, ds->n_fp, &a->st.target) != 0)
		goto fail;
	snprintf(a->st.target_text, sizeof a->st.target_text, "%s", tt);
	a->st.strategy = cfg->strategy;
	if (cfg->model)
		a->model = *cfg->model;
	else
		ct_model_defaults(&a->model);
	a->select_req = -1;
	a->last_action = -1;
	a->count = 1;
	a->ascii = cfg->ascii || !tui_locale_is_utf8();
	if (cfg->export_path && !(a->export_path = strdup(cfg->export_path)))
		goto fail;
	if (cfg->history_path) {
		if (!(a->history_path = strdup(cfg->history_path)))
			goto fail;
	}
	return a; /* the loop builds the list (TUI_CH_ROWS) when it starts */
fail:
	tui_app_free(a);
	return NULL;
}

static void drop_solution(tui_app *a)
{
	if (a->have_sol)
		ct_solution_free(&a->sol);
	if (a->have_fr)
		for (int i = 0; i < TUI_N_FRONTIERS; i++)
			ct_frontier_free(&a->fr[i]);
	a->have_sol = a->have_optimum = a->have_fr = false;
}

void tui_app_free(tui_app *a)
{
	if (!a)
		return;
	tui_view_stack_free(a);
	if (a->solver)
		tui_solver_free(a->solver);
	drop_solution(a);
	free_cameras(a);
	stack_clear(&a->undo);
	stack_clear(&a->redo);
	free(a->undo.v);
	free(a->redo.v);
	free(a->completions);
	free(a->export_path);
	free(a->history_path);
	free(a->source);
	ct_options_free(a->own_opts);
	ct_dataset_free(a->own_ds);
	free(a);
}

/* ---- time slices (:since, :until) ------------------------------------------ */

/* A camera's override, by key, across a re-slice. */
typedef struct kept_mark {
	char *store, *id;
	uint8_t mark;
	double thr;
} kept_mark;

int tui_app_reslice(tui_app *a, bool has_since, int64_t since, bool has_until, int64_t until)
{
	if (!a->builder) {
		tui_app_message(a, TUI_ROLE_WARNING, "since/until: the data was not loaded with its times");
		return TUI_CH_DRAW;
	}
	if (has_since && has_until && since >= until) {
		tui_app_message(a, TUI_ROLE_WARNING, "since must be before until (until is exclusive)");
		return TUI_CH_DRAW;
	}
	/* Memory: the old slice is freed before
	 * the new one is built, so the builder, the borrowed first dataset and
	 * one slice are the most alive at once (16 + 8 + 8 bytes per alert);
	 * the first range again takes the borrowed dataset, no copy. */
	int64_t s0 = has_since ? since : CT_SINCE_ANY, u0 = has_until ? until : CT_UNTIL_ANY;
	uint64_t n_next = ct_builder_count_range(a->builder, s0, u0);
	if (n_next == 0) {
		tui_app_message(a, TUI_ROLE_WARNING, "no alert in that time range: the data stays as it was");
		return TUI_CH_DRAW;
	}
	/* the overrides, by key */
	size_t nk = 0;
	kept_mark *km = malloc((a->ds->n_cameras ? a->ds->n_cameras : 1) * sizeof *km);
	if (!km) {
		tui_app_message(a, TUI_ROLE_ERROR, "out of memory: the data stays as it was");
		return TUI_CH_DRAW;
	}
	for (size_t i = 0; i < a->ds->n_cameras; i++)
		if (a->st.mark[i] != TUI_FREE) {
			km[nk].store = strdup(a->ds->cameras[i].store);
			km[nk].id = strdup(a->ds->cameras[i].camera_id);
			km[nk].mark = a->st.mark[i];
			km[nk].thr = a->st.thr[i];
			nk++;
		}
	char selected[256] = "";
	int cur = tui_app_selected(a);
	if (cur >= 0)
		snprintf(selected, sizeof selected, "%s", a->names[cur]);

	/* everything that points into the old dataset goes */
	bool had_undo = a->undo.n || a->redo.n, fell_back = false;
	if (a->solver) {
		tui_solver_free(a->solver);
		a->solver = NULL;
	}
	drop_solution(a);
	free_cameras(a);
	stack_clear(&a->undo);
	stack_clear(&a->redo);
	ct_options_free(a->own_opts);
	ct_dataset_free(a->own_ds);
	a->own_ds = NULL;
	a->own_opts = NULL;
	a->ds = a->base_ds;
	a->opts = a->base_opts;
	bool is_base = has_since == a->base_has_since && has_until == a->base_has_until &&
	               (!has_since || since == a->base_since) && (!has_until || until == a->base_until);
	if (!is_base) {
		ct_dataset *next = ct_builder_slice(a->builder, s0, u0);
		ct_options *next_opts = next ? ct_options_build(next) : NULL;
		if (!next_opts) {
			/* back to the first range, which is still there */
			ct_dataset_free(next);
			has_since = a->base_has_since;
			has_until = a->base_has_until;
			since = a->base_since;
			until = a->base_until;
			fell_back = true;
		} else {
			a->own_ds = next;
			a->own_opts = next_opts;
			a->ds = next;
			a->opts = next_opts;
		}
	}
	a->has_since = has_since;
	a->has_until = has_until;
	a->since = since;
	a->until = until;
	a->slice_version++;
	bool ok = alloc_cameras(a) == 0;
	size_t lost = 0;
	for (size_t k = 0; k < nk; k++) {
		int32_t i = ok && km[k].store && km[k].id ? ct_dataset_find(a->ds, km[k].store, km[k].id) : -1;
		if (i >= 0) {
			a->st.mark[i] = km[k].mark;
			a->st.thr[i] = km[k].thr;
		} else {
			lost++;
		}
		free(km[k].store);
		free(km[k].id);
	}
	free(km);
	if (!ok) {
		/* no way back: the old arrays are gone; say so and quit */
		tui_app_message(a, TUI_ROLE_ERROR, "out of memory while re-slicing");
		a->quit = true;
		return TUI_CH_QUIT;
	}
	/* the views' rows and cameras are of the old slice */
	tui_request rq = {.kind = TUI_REQ_RESLICE};
	if (tui_view_request(a, &rq) & TUI_CH_QUIT) {
		tui_app_message(a, TUI_ROLE_ERROR, "out of memory while re-slicing");
		a->quit = true;
		return TUI_CH_QUIT;
	}
	/* a percentage target follows the new baseline; a count stays */
	ct_target_parse(a->st.target_text, a->ds->n_fp, &a->st.target);
	a->st.cons_version = ++a->next_cons;
	a->st.id = ++a->next_id;
	if (a->started) /* else start() makes it */
		a->solver = tui_solver_new(a->ds, a->opts, &a->model, !a->scripted);
	if (selected[0])
		for (size_t i = 0; i < a->ds->n_cameras; i++)
			if (strcmp(a->names[i], selected) == 0)
				a->select_req = (int)i; /* tui_app_do asks the loop */
	char b1[24] = "the start", b2[24] = "the end", n1[32], n2[32];
	if (has_since)
		ct_format_time(b1, sizeof b1, since);
	if (has_until)
		ct_format_time(b2, sizeof b2, until);
	ct_format_count(a->ds->n_alerts, n1, sizeof n1);
	ct_format_count((uint64_t)a->ds->n_cameras, n2, sizeof n2);
	/* a range without a theft is a fact of that period: said, with the
	 * labels of the data, the most common first */
	char labels[256] = "";
	if (a->ds->n_tp == 0 && a->quality && a->quality->labels_known) {
		size_t len = 0;
		for (size_t i = 0; i < a->quality->n_labels && i < 5 && len < sizeof labels; i++) {
			char c[32];
			ct_format_count(a->quality->labels[i].count, c, sizeof c);
			len += (size_t)snprintf(labels + len, sizeof labels - len, "%s%s %s",
			                        i ? ", " : "; labels of the data: ",
			                        a->quality->labels[i].label, c);
		}
	}
	tui_app_message(a, a->ds->n_tp ? TUI_ROLE_NORMAL : TUI_ROLE_WARNING,
	                "%s to %s: %s alerts, %s cameras%s%s%s%s", b1, b2, n1, n2,
	                a->ds->n_tp ? "" : ", no theft in this range",
	                lost ? "; overrides of cameras not in range dropped" : "",
	                had_undo ? "; undo history cleared" : "", labels);
	if (fell_back)
		tui_app_message(a, TUI_ROLE_ERROR, "out of memory for that range: back to the range loaded");
	if (a->started && !a->solver) {
		tui_app_message(a, TUI_ROLE_ERROR, "out of memory");
		return TUI_CH_DRAW;
	}
	return TUI_CH_SOLVE | TUI_CH_ROWS | TUI_CH_DRAW;
}
