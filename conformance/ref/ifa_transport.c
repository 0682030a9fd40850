/* SPDX-License-Identifier: MIT */
#include "ifa_transport.h"
#include "ifa_ref.h"
#include "ifa_bytes.h"

#include <errno.h>
#include <string.h>

#define FIELD(f)	offsetof(struct iommu_fault_queue_setup, f)
#define CTRL_SIZE	sizeof(struct iommu_fault_queue_ctrl)


int ifa_setup_validate(const void *buf, size_t len, const struct ifa_setup_env *env)
{
	const unsigned char *p = buf;
	uint32_t argsz, flags, version;
	int32_t eventfd;
	uint64_t queue, bytes, ctrl, n, pinned;
	size_t rs, i;

	/* 1: argsz, then the argsz bytes it announces */
	if (len < sizeof(argsz))
		return -EFAULT;
	argsz = get32(p, FIELD(argsz));
	if (argsz < IOMMU_FAULT_QUEUE_SETUP_V1_SIZE)
		return -EINVAL;
	if (argsz > len)
		return -EFAULT;
	/* 2: what this kernel does not know must be zero (copy_struct_from_user) */
	for (i = IOMMU_FAULT_QUEUE_SETUP_V1_SIZE; i < argsz; i++)
		if (p[i])
			return -E2BIG;
	flags = get32(p, FIELD(flags));
	version = get32(p, FIELD(version));
	memcpy(&eventfd, p + FIELD(eventfd), sizeof(eventfd));
	queue = get64(p, FIELD(queue_addr));
	bytes = get64(p, FIELD(queue_bytes));
	ctrl = get64(p, FIELD(ctrl_addr));
	/* 3, 4: flags, and the teardown */
	if (flags & ~(uint32_t)(IOMMU_FAULT_QUEUE_EVENTFD | IOMMU_FAULT_QUEUE_DISABLE))
		return -EINVAL;
	if (flags & IOMMU_FAULT_QUEUE_DISABLE) {
		if (flags != IOMMU_FAULT_QUEUE_DISABLE || version || eventfd || queue || bytes || ctrl)
			return -EINVAL;
		return env->has_queue ? 0 : -ENOENT;
	}
	/* 5, 6: one queue a device, of a version the kernel advertised */
	if (env->has_queue)
		return -EBUSY;
	if (version == 0 || version > 32 || !(env->advertised >> (version - 1) & 1) ||
	    !(rs = ifa_record_size(version)))
		return -EOPNOTSUPP;
	/* 7, 8: the fields themselves */
	if (!(flags & IOMMU_FAULT_QUEUE_EVENTFD) && eventfd)
		return -EINVAL;
	if (queue % IOMMU_FAULT_QUEUE_ALIGN || ctrl % IOMMU_FAULT_QUEUE_ALIGN)
		return -EINVAL;
	if (queue + bytes < queue || ctrl + CTRL_SIZE < ctrl)
		return -EINVAL;
	if (ctrl < queue + bytes && queue < ctrl + CTRL_SIZE)
		return -EINVAL;
	n = bytes / rs;
	if (n == 0 || n >= (uint64_t)1 << 31)
		return -EINVAL;
	/* 9 to 12: what the kernel finds when it takes the eventfd and pins the memory */
	if ((flags & IOMMU_FAULT_QUEUE_EVENTFD) && !env->eventfd_open)
		return -EBADF;
	if ((flags & IOMMU_FAULT_QUEUE_EVENTFD) && !env->eventfd_ok)
		return -EINVAL;
	if (!env->mapped)
		return -EFAULT;
	{
		/* distinct pages of the records and the control block */
		uint64_t qa = queue / IFA_SETUP_PAGE, qb = (queue + n * rs - 1) / IFA_SETUP_PAGE;
		uint64_t ca = ctrl / IFA_SETUP_PAGE, cb = (ctrl + CTRL_SIZE - 1) / IFA_SETUP_PAGE;
		uint64_t lo = qa > ca ? qa : ca, hi = qb < cb ? qb : cb;

		pinned = (qb - qa + 1) + (cb - ca + 1) - (hi >= lo ? hi - lo + 1 : 0);
	}
	if (env->memlock && pinned * IFA_SETUP_PAGE > env->memlock)
		return -ENOMEM;
	return 0;
}
