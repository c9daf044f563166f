/* fuzz_common.h -- what the libFuzzer targets share: handing the input to
 * a reader that takes a path, without touching the disk.
 *
 * The readers under test (ct_load_file, ct_thresholds_read) open a path
 * like a user's file, so the input goes into an anonymous memory file
 * (memfd) and the path is its /proc/self/fd entry: the real open, fstat
 * and read calls run, and nothing is left behind when a run is killed.
 */
#ifndef CAMTUNE_FUZZ_COMMON_H
#define CAMTUNE_FUZZ_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

/* A memory file holding data; its path in path.  -1 when it cannot be
 * made (the run is then skipped, not failed). */
static int fuzz_memfile(const uint8_t *data, size_t size, char *path, size_t len)
{
	int fd = memfd_create("fuzz-input", MFD_CLOEXEC);
	if (fd < 0)
		return -1;
	size_t off = 0;
	while (off < size) {
		ssize_t w = write(fd, data + off, size - off);
		if (w <= 0) {
			close(fd);
			return -1;
		}
		off += (size_t)w;
	}
	if (lseek(fd, 0, SEEK_SET) != 0) {
		close(fd);
		return -1;
	}
	snprintf(path, len, "/proc/self/fd/%d", fd);
	return fd;
}

#endif
