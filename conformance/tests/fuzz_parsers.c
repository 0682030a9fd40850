/* SPDX-License-Identifier: GPL-2.0 */
/*
 * make fuzz: libFuzzer on everything that reads text a user hands over:
 * the spec parser, the fixture parser and the field placement of
 * fixtures, and the value expressions. Any input may be refused; none may
 * crash or trip ASan or UBSan.
 */
#include "fixture.h"
#include "spec.h"
#include "util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static struct ifa_spec spec, canonical;
static struct ifa_fx_file fx;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const own[] = { "rule", "level", "size", "expect", "note", NULL };
	static unsigned char out[IFA_FX_MAX_BYTES];
	static int have_canonical = -1;
	char path[] = "/tmp/ifa-fuzz.XXXXXX", err[512], *text;
	unsigned long long v;
	size_t i;
	int fd;

	if (have_canonical < 0)
		have_canonical = !ifa_spec_load(IFA_ROOT "/spec/iommu-fault-abi.md", &canonical,
						err, sizeof(err));
	fd = mkstemp(path);
	if (fd < 0)
		return 0;
	if (write(fd, data, size) != (ssize_t)size) {
		close(fd);
		unlink(path);
		return 0;
	}
	close(fd);
	ifa_spec_load(path, &spec, err, sizeof(err));
	if (have_canonical && !ifa_fx_load(path, &fx, err, sizeof(err)))
		for (i = 0; i < fx.n; i++)
			ifa_fx_bytes(&fx, &fx.s[i], &canonical, "iommu_fault", 128, own,
				     (enum ifa_byte_order)(i % 2), out, sizeof(out), err,
				     sizeof(err));
	unlink(path);
	text = malloc(size + 1);
	if (text) {
		memcpy(text, data, size);
		text[size] = '\0';
		ifa_parse_value(text, &v);
		free(text);
	}
	return 0;
}
