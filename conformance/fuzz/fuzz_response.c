/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Page response validation (ref/ifa_ref.c): any bytes of any length, as
 * the kernel would receive them. The first bytes also make a response
 * that the reference writes as userspace must (IFA-RSP-8 to IFA-RSP-10), which its own
 * check must then accept.
 */
#include "fuzz_input.h"
#include "ifa_ref.h"

#include <errno.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char buf[IOMMU_FAULT_RESPONSE_V1_SIZE + 64];
	struct ifa_response r = { 0 };
	size_t at, len;
	int rc;

	rc = ifa_response_validate(data, size);
	if (rc && rc != -EINVAL && rc != -EFAULT && rc != -E2BIG)
		abort();
	ifa_response_producer_check(data, size, &at);
	if (size < 14)
		return 0;
	r.has_pasid = data[0] & 1;
	memcpy(&r.pasid, data + 1, 4);
	memcpy(&r.grpid, data + 5, 4);
	memcpy(&r.code, data + 9, 4);
	len = IOMMU_FAULT_RESPONSE_V1_SIZE + data[13] % 65;
	memset(buf, 0x5a, sizeof(buf));
	if (ifa_response_encode(buf, len, &r) == 0 && ifa_response_producer_check(buf, len, &at))
		abort();
	return 0;
}
