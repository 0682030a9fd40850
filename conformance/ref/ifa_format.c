/* SPDX-License-Identifier: MIT */
#include "ifa_format.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/* Appends to buf at used; returns -1 from the caller when it does not fit. */
#define ADD(...)                                                              \
	do {                                                                  \
		int n_ = snprintf(buf + used, size > used ? size - used : 0,  \
				  __VA_ARGS__);                               \
		if (n_ < 0 || (size_t)n_ >= size - used)                      \
			return -1;                                            \
		used += (size_t)n_;                                           \
	} while (0)

int ifa_format_fault(const struct ifa_fault *f, enum ifa_level level, char *buf,
		     size_t size)
{
	size_t used = 0;

	if (f->type == IOMMU_FAULT_PAGE_REQ) {
		ADD("prm grpid=%" PRIu32 " perm=0x%" PRIx32 " addr=0x%" PRIx64
		    " last=%d needs_pasid=%d", f->grpid, f->perm, f->addr, f->last_page,
		    f->needs_pasid);
		if (f->has & IFA_HAS_PASID)
			ADD(" pasid=%" PRIu32, f->pasid);
		else
			ADD(" pasid=-");
		if (f->has & IFA_HAS_PRIV)
			ADD(" priv=0x%" PRIx64 ",0x%" PRIx64, f->priv[0], f->priv[1]);
		else
			ADD(" priv=-");
		if (level == IFA_LEVEL_GPASID) {
			if (f->has & IFA_HAS_GPASID)
				ADD(" gpasid=%" PRIu32, f->gpasid);
			else
				ADD(" gpasid=-");
		}
	} else if (f->type == IOMMU_FAULT_DMA_UNRECOV && !f->must) {	/* IFA-GROW-16 */
		ADD("event reason=%" PRIu32 " perm=0x%" PRIx32, f->reason, f->perm);
		if (f->has & IFA_HAS_PASID)
			ADD(" pasid=%" PRIu32, f->pasid);
		else
			ADD(" pasid=-");
		if (f->has & IFA_HAS_ADDR)
			ADD(" addr=0x%" PRIx64, f->addr);
		else
			ADD(" addr=-");
		if (f->has & IFA_HAS_FETCH_ADDR)
			ADD(" fetch_addr=0x%" PRIx64, f->fetch_addr);
		else
			ADD(" fetch_addr=-");
	} else {
		ADD("skip type=%" PRIu32, f->type);
	}
	return 0;
}

int ifa_parse_level(const char *s, enum ifa_level *level)
{
	if (!strcmp(s, "v1"))
		*level = IFA_LEVEL_V1;
	else if (!strcmp(s, "v1+gpasid"))
		*level = IFA_LEVEL_GPASID;
	else
		return -1;
	return 0;
}
