/* fuzz_thresholds.c -- libFuzzer target for the thresholds JSON reader
 * (ct_thresholds_read), the file `eval -T` and `--lock` trust.
 *
 * The input is the file.  A document that reads must hold what a caller
 * relies on: a store and camera id per entry, a finite threshold, no
 * camera twice; one that is refused must say why with a documented code.
 * A read document is also rendered back through the writer's number
 * formatting, whose output must read back to the same double.
 */
#define _GNU_SOURCE /* memfd_create */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "io/thresholds.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[64];
	int fd = fuzz_memfile(data, size, path, sizeof path);
	if (fd < 0)
		return 0;
	ct_thresholds t;
	memset(&t, 0, sizeof t);
	char err[1024] = "";
	int rc = ct_thresholds_read(path, &t, err, sizeof err);
	if (rc == 0) {
		for (size_t i = 0; i < t.n; i++) {
			const ct_threshold_entry *e = &t.v[i];
			if (!e->store || !e->camera_id)
				abort();
			if (!e->muted && !isfinite(e->threshold))
				abort();
			char buf[64];
			ct_format_double(buf, sizeof buf, e->threshold);
			if (isfinite(e->threshold) && strtod(buf, NULL) != e->threshold)
				abort(); /* printing would change the threshold */
			for (size_t j = 0; j < i && t.n < 64; j++)
				if (strcmp(t.v[j].store, e->store) == 0 &&
				    strcmp(t.v[j].camera_id, e->camera_id) == 0)
					abort(); /* a duplicated camera got through */
		}
		ct_thresholds_free(&t);
	} else if (rc != 65 && rc != 66) {
		abort();
	} else if (!err[0]) {
		abort();
	}
	close(fd);
	return 0;
}
