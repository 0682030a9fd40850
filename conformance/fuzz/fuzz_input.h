/* SPDX-License-Identifier: GPL-2.0 */
/* What the fuzz targets share: the entry point, and an input as a file for the parsers that read paths. */
#ifndef IFA_FUZZ_INPUT_H
#define IFA_FUZZ_INPUT_H

#define _GNU_SOURCE
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * The input as the contents of a file, for parsers that take a path: one
 * memory file per process, rewritten for each input (no disk, no name
 * left behind).
 */
static inline const char *ifa_fuzz_path(const uint8_t *data, size_t size)
{
	static char path[64];
	static int fd = -1;

	if (fd < 0) {
		fd = memfd_create("ifa-fuzz", 0);
		if (fd < 0) {
			perror("memfd_create");
			abort();
		}
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	}
	if (ftruncate(fd, 0) || pwrite(fd, data, size, 0) != (ssize_t)size) {
		perror("memfd");
		abort();
	}
	return path;
}

#endif
