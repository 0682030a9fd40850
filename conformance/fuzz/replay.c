/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A fuzz target without libFuzzer: runs it once on each file named, or on
 * every file of each directory named. Built with ASan and UBSan by GCC, it
 * replays the regression inputs of conformance/fuzz/regressions/ in make
 * check, where a crash, a sanitizer report or an abort() fails the run.
 */
#include "fuzz_input.h"

#include <dirent.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

static int replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t len = 0, cap = 0, got;

	if (!f) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	do {
		if (len == cap) {
			uint8_t *p = realloc(buf, cap = cap ? cap * 2 : 4096);

			if (!p)
				abort();
			buf = p;
		}
		got = fread(buf + len, 1, cap - len, f);
		len += got;
	} while (got);
	fclose(f);
	/* An exact copy, so that ASan sees a read past the input's end. */
	{
		uint8_t *exact = malloc(len ? len : 1);

		if (!exact)
			abort();
		memcpy(exact, buf, len);
		free(buf);
		LLVMFuzzerTestOneInput(exact, len);
		free(exact);
	}
	return 0;
}

int main(int argc, char **argv)
{
	int i, n = 0;

	for (i = 1; i < argc; i++) {
		struct stat st;
		DIR *d;
		struct dirent *e;

		if (stat(argv[i], &st)) {
			fprintf(stderr, "%s: %s\n", argv[i], strerror(errno));
			return 2;
		}
		if (!S_ISDIR(st.st_mode)) {
			if (replay_file(argv[i]))
				return 2;
			n++;
			continue;
		}
		d = opendir(argv[i]);
		if (!d)
			return 2;
		while ((e = readdir(d))) {
			char *path;
			int rc;

			if (e->d_name[0] == '.')
				continue;
			if (asprintf(&path, "%s/%s", argv[i], e->d_name) < 0)
				abort();
			rc = replay_file(path);
			free(path);
			if (rc)
				return 2;
			n++;
		}
		closedir(d);
	}
	printf("replayed %d inputs\n", n);
	return 0;
}
