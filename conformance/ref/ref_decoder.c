/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The reference decoder: the decoder protocol of the spec's Appendix B on
 * stdin and stdout, decoding with ifa_decode().
 *
 * Built with -DIFA_DEFECT=<n> it becomes one of the deliberately wrong
 * decoders that `make check` proves the harness rejects:
 *   1 reads a gated field without its bit
 *   2 rejects records with flag bits it does not know
 *   3 assumes a 64-byte stride, 4 a 48-byte stride
 *   5 stops at a record of unknown type
 *   6 ignores LAST_PAGE
 *   7 rejects records whose reserved bytes are not zero
 */
#include "ifa_format.h"
#include "ifa_ref.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef IFA_DEFECT
#define IFA_DEFECT 0
#endif

#define MAX_BYTES 65536

/* The value of a hex digit, which the caller has checked with isxdigit(). */
static unsigned nibble(char c)
{
	return c <= '9' ? (unsigned)(c - '0') : (unsigned)(tolower((unsigned char)c) - 'a' + 10);
}

static int unhex(const char *hex, unsigned char *out, size_t cap, size_t *n)
{
	size_t len = strlen(hex), i;

	if (len % 2 || len / 2 > cap)
		return -1;
	/* Digit by digit, not sscanf() per byte: a request holds up to 65536 bytes. */
	for (i = 0; i < len / 2; i++) {
		if (!isxdigit((unsigned char)hex[2 * i]) || !isxdigit((unsigned char)hex[2 * i + 1]))
			return -1;
		out[i] = (unsigned char)(nibble(hex[2 * i]) << 4 | nibble(hex[2 * i + 1]));
	}
	*n = len / 2;
	return 0;
}

/* The defects, each where a real decoder would make it. */
static int defective_line(const unsigned char *rec, struct ifa_fault *f, char *line, size_t size)
{
	uint32_t flags = 0;

	(void)rec;
	(void)f;
	(void)flags;
	(void)line;
	(void)size;
#if IFA_DEFECT == 1
	if (f->type == IOMMU_FAULT_PAGE_REQ && !(f->has & IFA_HAS_PASID)) {
		memcpy(&f->pasid, rec + offsetof(struct iommu_fault, prm.pasid), 4);
		f->has |= IFA_HAS_PASID;
	}
#elif IFA_DEFECT == 2
	memcpy(&flags, rec + offsetof(struct iommu_fault, prm.flags), 4);
	if (f->type == IOMMU_FAULT_PAGE_REQ && (flags & ~0xfu)) {
		snprintf(line, size, "error unknown flags 0x%x", flags & ~0xfu);
		return 1;
	}
#elif IFA_DEFECT == 6
	f->last_page = 0;
#elif IFA_DEFECT == 7
	memcpy(&flags, rec + offsetof(struct iommu_fault, padding), 4);
	if (flags || rec[127]) {
		snprintf(line, size, "error reserved bytes set");
		return 1;
	}
#endif
	return 0;
}

static void decode_request(char *args, FILE *out)
{
	static unsigned char bytes[MAX_BYTES];
	char *level_s = strtok(args, " "), *size_s = strtok(NULL, " "), *hex = strtok(NULL, " \n");
	enum ifa_level level;
	size_t n, off, stride;

	if (!level_s || !size_s || !hex || ifa_parse_level(level_s, &level) ||
	    unhex(hex, bytes, sizeof(bytes), &n)) {
		fprintf(out, "error bad request\nend\n");
		return;
	}
	/* A stride is digits, at least one record and at most the bytes a request can hold. */
	stride = strspn(size_s, "0123456789") == strlen(size_s) && strlen(size_s) <= 9 ?
		 strtoul(size_s, NULL, 10) : 0;
	if (stride < sizeof(struct iommu_fault) || stride > MAX_BYTES) {
		fprintf(out, "error bad record size %s\nend\n", size_s);
		fflush(out);
		return;
	}
	if (IFA_DEFECT == 3)
		stride = 64;
	if (IFA_DEFECT == 4)
		stride = 48;
	for (off = 0; off + sizeof(struct iommu_fault) <= n; off += stride) {
		struct ifa_fault f;
		char line[512];
		int rc = ifa_decode(bytes + off, n - off, level, &f);

		if (rc < 0) {
			fprintf(out, "error truncated record\n");
			break;
		}
		if (!defective_line(bytes + off, &f, line, sizeof(line)) &&
		    ifa_format_fault(&f, level, line, sizeof(line)))
			snprintf(line, sizeof(line), "error line too long");
		fprintf(out, "%s\n", line);
		if (IFA_DEFECT == 5 && rc == IFA_SKIPPED)
			break;
	}
	fprintf(out, "end\n");
	fflush(out);
}

/*
 * One request line of the protocol (NUL-terminated, as fgets() reads it),
 * answered on out: the parser alone, which the fuzz targets call.
 */
void ifa_decoder_line(char *line, FILE *out);
void ifa_decoder_line(char *line, FILE *out)
{
	if (!strncmp(line, "decode ", 7))
		decode_request(line + 7, out);
	else if (line[0] != '\n')	/* a role of spec/role-protocol.md this program does not play */
		fprintf(out, "unsupported\nend\n");
}

#ifndef IFA_DECODER_NO_MAIN
int main(void)
{
	static char line[2 * MAX_BYTES + 256];

	while (fgets(line, sizeof(line), stdin))
		ifa_decoder_line(line, stdout);
	return 0;
}
#endif
