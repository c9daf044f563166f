/* dataset.h -- the alert history, grouped by camera.
 *
 * Owns every camera key and score array.  Built once through a ct_builder
 * (feed cameras and alerts in any order, then finish), then read-only.
 * The core does no I/O: loaders and generators feed the builder.
 *
 * Call order:  b = ct_builder_new();
 *              cam = ct_builder_camera(b, store, len, id, len);   (interns)
 *              ct_builder_add(b, cam, probability, is_theft);
 *              ds = ct_builder_finish(b);   (consumes b, even on failure)
 *              ... ct_dataset_free(ds);
 */
#ifndef CAMTUNE_DATASET_H
#define CAMTUNE_DATASET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A camera is the pair (store, camera id). */
typedef struct ct_camera {
	const char *store;     /* NUL-terminated, owned by the dataset */
	const char *camera_id; /* NUL-terminated, owned by the dataset */
	uint32_t n_tp;         /* alerts labelled as a theft */
	uint32_t n_fp;         /* alerts labelled normal */
	const double *tp;      /* theft scores, ascending, n_tp of them */
	const double *fp;      /* normal scores, ascending, n_fp of them */
} ct_camera;

typedef struct ct_dataset {
	size_t n_cameras;
	ct_camera *cameras; /* sorted by store, then camera id (numbers by value) */
	uint64_t n_alerts, n_tp, n_fp;
	void *priv_;        /* storage; do not touch */
} ct_dataset;

typedef struct ct_builder ct_builder;

ct_builder *ct_builder_new(void);
/* Intern a camera key; returns its builder index (>= 0), or -1 when out of
 * memory.  Keys need not be NUL-terminated. */
int32_t ct_builder_camera(ct_builder *b, const char *store, size_t store_len,
                          const char *camera_id, size_t camera_id_len);
/* Add one alert of an interned camera.  p must be finite.  0 ok, -1 OOM. */
int ct_builder_add(ct_builder *b, uint32_t camera, double p, bool theft);
/* Number of alerts added so far. */
uint64_t ct_builder_count(const ct_builder *b);
/* Group, sort and freeze.  Always consumes b.  NULL when out of memory. */
ct_dataset *ct_builder_finish(ct_builder *b);
void ct_builder_free(ct_builder *b);

void ct_dataset_free(ct_dataset *ds);
/* Index of camera (store, camera_id), or -1. */
int32_t ct_dataset_find(const ct_dataset *ds, const char *store,
                        const char *camera_id);
/* A new dataset holding only the cameras whose keep[] flag is set. */
ct_dataset *ct_dataset_subset(const ct_dataset *ds, const uint8_t *keep);

/* Lowest and highest score of a camera (over thefts and normals). */
double ct_camera_min_score(const ct_camera *c);
double ct_camera_max_score(const ct_camera *c);

#endif
