/* view_help.h -- the help screen (view_help.c), generated from the action
 * table, the list's columns and marks. */
#ifndef CAMTUNE_TUI_VIEW_HELP_H
#define CAMTUNE_TUI_VIEW_HELP_H

#include "tui/scroll.h"
#include "tui/view.h"

typedef struct tui_help_view {
	tui_scroll scroll;
} tui_help_view;

extern const tui_view_ops tui_view_help;

#endif
