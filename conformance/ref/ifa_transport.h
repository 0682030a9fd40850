/* SPDX-License-Identifier: MIT */
/*
 * The VFIO transport of the fault queue (section 10 of the spec): the
 * kernel's checks of a setup, in the order of Table T-1.
 */
#ifndef IFA_TRANSPORT_H
#define IFA_TRANSPORT_H

#include <stddef.h>
#include <stdint.h>

/* What the kernel knows of the device and of the caller when a setup arrives. */
struct ifa_setup_env {
	uint32_t advertised;	/* bit v - 1: record version v (IFA-TRN-1) */
	int has_queue;		/* the device already has a queue */
	int eventfd_open;	/* the eventfd given is an open file descriptor */
	int eventfd_ok;		/* ...and an eventfd */
	int mapped;		/* the memory is mapped and writable */
	uint64_t memlock;	/* the caller's locked-memory limit in bytes; 0: none */
};

/* The page size the pinning limit is counted in. */
#define IFA_SETUP_PAGE 4096

/*
 * The kernel's answer to the len bytes at buf given to the setup ioctl:
 * 0 (a queue set up, or torn down with IOMMU_FAULT_QUEUE_DISABLE), or the
 * negative errno of the first check of Table T-1 that fails (IFA-TRN-2).
 */
int ifa_setup_validate(const void *buf, size_t len, const struct ifa_setup_env *env);

#endif
