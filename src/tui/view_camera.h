/* view_camera.h -- one camera full screen (view_camera.c): Enter on a
 * list row.  Its curve above, its options below, one row each. */
#ifndef CAMTUNE_TUI_VIEW_CAMERA_H
#define CAMTUNE_TUI_VIEW_CAMERA_H

#include "tui/scroll.h"
#include "tui/view.h"

typedef struct tui_camera_view {
	tui_scroll scroll; /* the cursor: an option of the camera */
	int camera;        /* the camera shown, or -1 */
} tui_camera_view;

extern const tui_view_ops tui_view_camera;

#endif
