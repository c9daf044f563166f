/* atomic.h -- write a file completely or not at all.
 *
 * Writes go to a temporary file in the target's directory, which is
 * fsync'ed and renamed over the target on commit.  An abort, an error or
 * a crash leaves the target as it was.
 *
 *   FILE *f = ct_atomic_open(&a, path, err, sizeof err);   NULL: err says why
 *   fprintf(f, ...);
 *   if (ct_atomic_commit(&a, err, sizeof err) != 0) ...     target untouched
 * or ct_atomic_abort(&a);
 *
 * path "-" writes to standard output (commit just flushes).  A path that
 * exists and is not a regular file (a device, a FIFO) is written in place
 * and never replaced: its errors still show on commit.
 */
#ifndef CAMTUNE_ATOMIC_H
#define CAMTUNE_ATOMIC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef struct ct_atomic {
	FILE *f;
	char *path;
	char *tmp;
	bool in_place; /* a device or FIFO: written directly, never replaced */
} ct_atomic;

FILE *ct_atomic_open(ct_atomic *a, const char *path, char *err, size_t errlen);
int ct_atomic_commit(ct_atomic *a, char *err, size_t errlen);
/* ct_atomic_commit without the fsync: still all or nothing (rename), but
 * not forced to disk first.  For many small files that can be made again
 * (camtune plot writes one picture per camera: an fsync each costs minutes
 * on a large fleet). */
int ct_atomic_commit_nosync(ct_atomic *a, char *err, size_t errlen);
void ct_atomic_abort(ct_atomic *a);

#endif
