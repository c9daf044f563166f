/* view_stores.h -- the list grouped by store, full screen (view_stores.c). */
#ifndef CAMTUNE_TUI_VIEW_STORES_H
#define CAMTUNE_TUI_VIEW_STORES_H

#include "tui/scroll.h"
#include "tui/view.h"

typedef struct tui_stores_view {
	tui_scroll scroll; /* the cursor: a store */
} tui_stores_view;

extern const tui_view_ops tui_view_stores;

#endif
