/* view_list.h -- the camera list (view_list.c): its columns, the rows
 * shown (filter, sort), the selection, search.
 *
 * The list owns its rows and selection (tui_list, kept in the app); the
 * application asks for a camera to be selected with TUI_CH_SELECT and
 * the main loop calls tui_list_select_camera().
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

typedef struct tui_list {
	uint32_t *rows;      /* visible cameras in display order */
	size_t n_rows;
	tui_scroll scroll;   /* scroll.cur: the selected row */
	int sort_col;
	bool sort_desc;
	unsigned cols_shown; /* bit per column shown at the last draw (0: none yet) */
	unsigned cols_hidden;/* bit per column hidden by :columns */
	int hscroll;         /* columns scrolled off to the left (after camera) */
	char *filter, *search;
} tui_list;

/* Filter and sort the rows again, keeping the selected camera. */
void tui_list_rebuild(tui_app *a);
/* Whether the sort order depends on the solution (re-sort after a solve). */
bool tui_list_sort_uses_solution(const tui_app *a);
/* Select the camera; clears the filter when it hides the camera. */
void tui_list_select_camera(tui_app *a, int camera);
/* A column by its name or alias, or -1. */
int tui_column_parse(const char *name);
/* What a column and each mark mean, for the help screen and the man
 * page: line i (0-based) into buf; false past the end. */
bool tui_list_legend(int i, char *buf, size_t len);

extern const tui_view_ops tui_view_list;

#endif
