/* view_frontier.h -- the frontier pane (view_frontier.c). */
#ifndef CAMTUNE_TUI_VIEW_FRONTIER_H
#define CAMTUNE_TUI_VIEW_FRONTIER_H

#include "tui/view.h"

extern const tui_view_ops tui_view_frontier;

#endif
