/* view_list.h -- the camera list's columns (view_list.c), for the prompt's
 * completion and the help screen.  The list itself is the bottom of the
 * view stack (tui_view_list, view.h); its rows, cursor, sort and filter
 * are its own state, reached by requests (view.h) only.
 */
#ifndef CAMTUNE_TUI_VIEW_LIST_H
#define CAMTUNE_TUI_VIEW_LIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tui/scroll.h"
#include "tui/view.h"

/* List columns; also the sort keys. */
enum tui_column {
	TUI_COL_STORE, TUI_COL_CAMERA, TUI_COL_ALERTS, TUI_COL_TP, TUI_COL_FP,
	TUI_COL_PRECISION, TUI_COL_AUC, TUI_COL_THRESHOLD, TUI_COL_SAVED,
	TUI_COL_LOST, TUI_COL_RECALL, TUI_COL_MARKS, TUI_N_COLUMNS
};
/* The `:sort` / `:columns` name of each column. */
extern const char *const tui_column_names[TUI_N_COLUMNS];

/* A column by its name or alias, or -1. */
int tui_column_parse(const char *name);
/* What a column and each mark mean, for the help screen and the man
 * page: line i (0-based) into buf; false past the end. */
bool tui_list_legend(int i, char *buf, size_t len);

#endif
