/* view_fleet.h -- the fleet summary, full screen (view_fleet.c). */
#ifndef CAMTUNE_TUI_VIEW_FLEET_H
#define CAMTUNE_TUI_VIEW_FLEET_H

#include <stdint.h>

#include "tui/scroll.h"
#include "tui/view.h"

typedef struct tui_fleet_view {
	tui_scroll scroll;
	/* the cameras listed at chance: row of the first one, how many
	 * (Enter on one of them jumps to it in the list) */
	size_t first_camera_row, n_camera_rows;
} tui_fleet_view;

extern const tui_view_ops tui_view_fleet;

#endif
