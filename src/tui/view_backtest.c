/* view_backtest.c -- the backtest of the current strategy and target, full
 * screen (5, :backtest): as `camtune backtest --folds 3 -s S -t T` on the
 * time range shown (doc/domain.md "Out-of-sample decisions").
 *
 * Per fold: the plan on the train part, the same thresholds recounted on
 * the test part, and the test part's own optimum at the FP it saved; then
 * the mean and range over the folds.  The folds come from core/backtest.h
 * on the builder the explorer keeps (tui_config.builder).  The figures are
 * computed when the view is drawn and the strategy, target or time range
 * changed since (one backtest is a few solves: ~0.1 s on the real file's
 * size, about a second on 10 M alerts); locks, mutes and exclusions are
 * not applied: each train part is tuned afresh.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/backtest.h"
#include "report/svg.h"
#include "tui/app.h"
#include "tui/scroll.h"

#define BT_FOLDS 3

/* The figures, recomputed when the strategy, target or slice changed. */
typedef struct backtest_state {
	tui_scroll scroll;
	bool valid;
	unsigned slice_version;
	ct_strategy strategy;
	char target[32];
	int n_folds; /* 0: no timed alert */
	ct_backtest_fold folds[BT_FOLDS];
	int code[BT_FOLDS]; /* CT_BACKTEST_* */
	ct_backtest_result res[BT_FOLDS];
	bool oom;
} backtest_state;

static backtest_state *backtest_refresh(tui_app *a, backtest_state *b)
{
	if (b->valid && b->slice_version == a->slice_version && b->strategy == a->st.strategy &&
	    strcmp(b->target, a->st.target_text) == 0)
		return b;
	tui_scroll keep = b->scroll;
	memset(b, 0, sizeof *b);
	b->scroll = keep;
	b->valid = true;
	b->slice_version = a->slice_version;
	b->strategy = a->st.strategy;
	snprintf(b->target, sizeof b->target, "%s", a->st.target_text);
	if (!a->builder)
		return b;
	b->n_folds = ct_backtest_rolling(a->builder, a->has_since ? a->since : CT_SINCE_ANY,
	                                 a->has_until ? a->until : CT_UNTIL_ANY, BT_FOLDS, b->folds);
	if (b->n_folds < 0)
		b->n_folds = 0;
	const char *const targets[1] = {b->target};
	for (int i = 0; i < b->n_folds; i++) {
		b->code[i] = ct_backtest_run(a->builder, &b->folds[i], &b->strategy, 1, targets, 1,
		                             &b->res[i]);
		if (b->code[i] == CT_BACKTEST_OOM)
			b->oom = true;
	}
	return b;
}

/* "2023-05-08 18:00" */
static char *short_time(char *buf, size_t len, int64_t t)
{
	char iso[24];
	ct_format_time(iso, sizeof iso, t);
	iso[10] = ' ';
	iso[16] = '\0';
	snprintf(buf, len, "%s", iso);
	return buf;
}

static void fmt_pct(char *buf, size_t len, double v)
{
	if (isnan(v))
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, "%.1f%%", v);
}

/* Lines of the view, drawn with wrapping from line `top`. */
typedef struct bt_out {
	tui_app *a;
	tui_rect r;
	int line, top;
} bt_out;

static void put(bt_out *o, int role, const char *text)
{
	const char *s = text;
	do {
		size_t next;
		size_t n = tui_wrap_line(s, o->r.w - 2, &next);
		int y = o->line - o->top;
		if (y >= 0 && y < o->r.h) {
			char buf[512];
			snprintf(buf, sizeof buf, "%.*s", (int)(n < sizeof buf ? n : sizeof buf - 1), s);
			attrset(tui_attr(role));
			tui_addnstr(o->r.y + y, o->r.x + 1, buf, o->r.w - 2);
			attrset(A_NORMAL);
		}
		o->line++;
		s += next;
	} while (*s);
}

static void backtest_draw(tui_app *a, tui_view *v, tui_rect r)
{
	backtest_state *bs = v->priv;
	bt_out o = {a, r, 0, (int)bs->scroll.top};
	char line[512], t1[24], t2[24], t3[24];
	backtest_state *b = backtest_refresh(a, bs);
	snprintf(line, sizeof line, "backtest: %s at %s, %d rolling-origin folds", ct_strategy_name(a->st.strategy),
	         a->st.target_text, BT_FOLDS);
	put(&o, TUI_ROLE_TITLE, line);
	if (!b || b->oom) {
		put(&o, TUI_ROLE_ERROR, "out of memory: no backtest");
		tui_scroll_fit(&bs->scroll, (size_t)o.line, (size_t)r.h);
		return;
	}
	if (!a->builder) {
		put(&o, TUI_ROLE_WARNING, "not available: the data was loaded without its times");
		tui_scroll_fit(&bs->scroll, (size_t)o.line, (size_t)r.h);
		return;
	}
	if (b->n_folds == 0) {
		put(&o, TUI_ROLE_WARNING,
		    "no alert in the time range shown has a readable time: nothing to split");
		tui_scroll_fit(&bs->scroll, (size_t)o.line, (size_t)r.h);
		return;
	}
	put(&o, TUI_ROLE_DIM,
	    "plan: chosen on the train part; test: the same thresholds on the next period "
	    "(% of its own baseline); bound: the test part's own optimum at the FP it saved. "
	    "Locks, mutes and exclusions are not applied.");
	o.line++;
	ct_backtest_summary sum = {0};
	for (int i = 0; i < b->n_folds; i++) {
		const ct_backtest_fold *f = &b->folds[i];
		snprintf(line, sizeof line, "fold %d: train %s to %s, test to %s", i + 1,
		         short_time(t1, sizeof t1, f->train_since), short_time(t2, sizeof t2, f->train_until),
		         short_time(t3, sizeof t3, f->test_until));
		put(&o, TUI_ROLE_HEADER, line);
		if (b->code[i] != CT_BACKTEST_OK) {
			put(&o, TUI_ROLE_WARNING,
			    b->code[i] == CT_BACKTEST_EMPTY_TRAIN ? "  skipped: the train part has no alert"
			    : b->code[i] == CT_BACKTEST_EMPTY_TEST ? "  skipped: the test part has no alert"
			                                           : "  skipped: the target cannot be read");
			continue;
		}
		const ct_backtest_result *x = &b->res[i];
		char p1[16], p2[16], p3[16], c1[32], c2[32], c3[32], c4[32];
		fmt_pct(p1, sizeof p1, ct_backtest_pct(x->plan_fp_saved, x->train_fp));
		fmt_pct(p2, sizeof p2, ct_backtest_pct(x->test.tp_lost, x->test.baseline_tp));
		fmt_pct(p3, sizeof p3, ct_backtest_pct(x->test.fp_saved, x->test.baseline_fp));
		ct_format_count(x->plan_tp_lost, c1, sizeof c1);
		ct_format_count(x->test.tp_lost, c2, sizeof c2);
		ct_format_count(x->test.baseline_tp, c3, sizeof c3);
		ct_format_count(x->oracle_tp_lost, c4, sizeof c4);
		/* two lines, so that a narrow screen never splits one figure */
		snprintf(line, sizeof line, "  plan, on train: %s lost, FP saved %s", c1, p1);
		put(&o, TUI_ROLE_NORMAL, line);
		snprintf(line, sizeof line, "  test: %s of %s lost (%s), FP saved %s, %s; bound %s", c2, c3, p2,
		         p3, x->test_met ? "met" : "NOT met", c4);
		put(&o, x->test_met ? TUI_ROLE_NORMAL : TUI_ROLE_WARNING, line);
		ct_backtest_summary_add(&sum, x);
	}
	o.line++;
	if (sum.folds) {
		char s1[48], s2[48], s3[48];
		snprintf(line, sizeof line, "over %d fold%s: TP lost %s of thefts; FP saved %s; target met %d/%d; bound %s",
		         sum.folds, sum.folds > 1 ? "s" : "",
		         ct_backtest_stat_text(s1, sizeof s1, &sum.tp_lost_pct),
		         ct_backtest_stat_text(s2, sizeof s2, &sum.fp_saved_pct), sum.met, sum.folds,
		         ct_backtest_stat_text(s3, sizeof s3, &sum.oracle_pct));
		put(&o, TUI_ROLE_NUMBER, line);
	} else {
		put(&o, TUI_ROLE_WARNING, "no fold has both a train and a test part");
	}
	tui_scroll_fit(&bs->scroll, (size_t)o.line, (size_t)r.h);
}

/* Its scrolling only: a strategy or target typed at the prompt
 * (:strategy hull, :target 20%) recomputes it; keys that edit do not
 * reach the list under it. */
static int backtest_action(tui_app *a, tui_view *v, int action, const char *arg)
{
	(void)arg;
	backtest_state *b = v->priv;
	if (tui_scroll_move(&b->scroll, action, (size_t)a->count))
		return TUI_CH_DRAW;
	return -1;
}

static const int backtest_hints[] = {TUI_ACT_DOWN, TUI_ACT_UP, TUI_ACT_PROMPT, TUI_ACT_CANCEL,
                                     TUI_ACT_BACKTEST, -1};

const tui_view_ops tui_view_backtest = {
	.name = "backtest",
	.private_size = sizeof(backtest_state),
	.takes = 0,
	.draw = backtest_draw,
	.action = backtest_action,
	.hints = backtest_hints,
};
