/* view_backtest.h -- the backtest of the current strategy and target,
 * full screen (view_backtest.c). */
#ifndef CAMTUNE_TUI_VIEW_BACKTEST_H
#define CAMTUNE_TUI_VIEW_BACKTEST_H

#include <stdbool.h>

#include "core/backtest.h"
#include "tui/scroll.h"
#include "tui/view.h"

#define TUI_BACKTEST_FOLDS 3

/* The figures, recomputed when the strategy, target or slice changed. */
typedef struct tui_backtest_view {
	tui_scroll scroll;
	bool valid;
	unsigned slice_version;
	ct_strategy strategy;
	char target[32];
	int n_folds; /* 0: no timed alert */
	ct_backtest_fold folds[TUI_BACKTEST_FOLDS];
	int code[TUI_BACKTEST_FOLDS]; /* CT_BACKTEST_* */
	ct_backtest_result res[TUI_BACKTEST_FOLDS];
	bool oom;
} tui_backtest_view;

extern const tui_view_ops tui_view_backtest;

#endif
