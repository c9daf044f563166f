/* view_curve.h -- the curve pane (view_curve.c). */
#ifndef CAMTUNE_TUI_VIEW_CURVE_H
#define CAMTUNE_TUI_VIEW_CURVE_H

#include "tui/view.h"

extern const tui_view_ops tui_view_curve;

#endif
