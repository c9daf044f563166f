/* thresholds_cjson.h -- the thresholds file the cJSON way (before the
 * streaming writer and the strict reader): oracle and reference. */
#ifndef CAMTUNE_THRESHOLDS_CJSON_H
#define CAMTUNE_THRESHOLDS_CJSON_H

#include "io/thresholds.h"

/* The document as text (malloc'ed, ends in a newline), or NULL on OOM. */
char *cjson_thresholds_render(const ct_dataset *ds, const ct_solution *sol,
                              const ct_thresholds_meta *meta);
/* The old reader (files up to 256 MiB; the first of two keys wins). */
int cjson_thresholds_read(const char *path, ct_thresholds *out, char *err, size_t errlen);

#endif
