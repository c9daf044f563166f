/* view_frontier.h -- the frontier pane (view_frontier.c), with a cursor
 * that reads out each strategy's TP lost at an FP saved. */
#ifndef CAMTUNE_TUI_VIEW_FRONTIER_H
#define CAMTUNE_TUI_VIEW_FRONTIER_H

#include "tui/view.h"

extern const tui_view_ops tui_view_frontier;

#endif
