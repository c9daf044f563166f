/* view_quality.h -- the quality pane (view_quality.c). */
#ifndef CAMTUNE_TUI_VIEW_QUALITY_H
#define CAMTUNE_TUI_VIEW_QUALITY_H

#include "tui/view.h"

extern const tui_view_ops tui_view_quality;

#endif
