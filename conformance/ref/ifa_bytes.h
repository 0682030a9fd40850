/* SPDX-License-Identifier: MIT */
/*
 * Reading fields out of bytes that travel in host byte order and may sit
 * at any address: the records, responses and setups the reference reads.
 */
#ifndef IFA_BYTES_H
#define IFA_BYTES_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

static inline uint32_t get32(const unsigned char *p, size_t off)
{
	uint32_t v;

	memcpy(&v, p + off, sizeof(v));
	return v;
}

static inline uint64_t get64(const unsigned char *p, size_t off)
{
	uint64_t v;

	memcpy(&v, p + off, sizeof(v));
	return v;
}

#endif
