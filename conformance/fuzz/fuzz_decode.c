/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Record decode (ref/ifa_ref.c): any bytes, any length, as a consumer of
 * either level, then the decoded record as a protocol line. A record the
 * reference decodes is encoded again by the reference producer, which
 * must write it as IFA-GROW-11 to IFA-GROW-14 require.
 */
#include "fuzz_input.h"
#include "ifa_format.h"
#include "ifa_ref.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char rec[256];
	struct ifa_fault f;
	enum ifa_level level;
	char line[512];
	size_t at;

	for (level = IFA_LEVEL_V1; level <= IFA_LEVEL_GPASID; level++) {
		int rc = ifa_decode(data, size, level, &f);

		if (rc < 0) {
			if (size >= sizeof(struct iommu_fault))
				abort();	/* a whole record is never refused */
			continue;
		}
		ifa_format_fault(&f, level, line, sizeof(line));
		ifa_producer_check(data, size, level, &at);
		if (rc != IFA_DECODED)
			continue;
		memset(rec, 0xa5, sizeof(rec));
		if (ifa_encode(rec, sizeof(struct iommu_fault), level, &f) == 0 &&
		    ifa_producer_check(rec, sizeof(struct iommu_fault), level, &at))
			abort();	/* the producer left a byte that carries no data non-zero */
	}
	return 0;
}
