/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The GCC engine: a probe that includes the header and emits sizeof,
 * __alignof__ and offsetof of every struct and field as assembler text at
 * compile time. Nothing is linked or run, so any cross compiler serves.
 * The probe object also carries DWARF for pahole.
 */
#ifndef IFA_GCC_ENGINE_H
#define IFA_GCC_ENGINE_H

#include "abis.h"
#include "measure.h"

#include <sys/types.h>

struct ifa_gcc_job {
	const struct ifa_abi *abi;
	pid_t pid;
	char *dir;		/* work directory of this ABI (malloc'ed; ifa_gcc_job_free) */
	int exit_status;	/* of the compiler, -1 until waited */
};

/* 1 if the ABI's cross compiler is on PATH. */
int ifa_gcc_available(const struct ifa_abi *abi);

/* Writes workdir/probe.c for the structs that decls declares (header: see ifa_gcc_start). */
int ifa_gcc_write_probe(const char *workdir, const char *header,
			const struct ifa_measure *decls, char *err, size_t errsz);

/*
 * Starts the compiler of job->abi on workdir/probe.c with -include header, output in
 * workdir/<abi>/. inc: the include path options (-nostdinc, -I, -isystem
 * and their directories), passed in order.
 */
int ifa_gcc_start(struct ifa_gcc_job *job, const char *workdir, const char *header,
		  const char *const *inc, int ninc);

/* Waits for a started job. */
void ifa_gcc_wait(struct ifa_gcc_job *job);

/*
 * Reads the layout the compiler emitted into *m, a copy of decls. Returns
 * 0, or -1 with the compiler's own messages in err.
 */
int ifa_gcc_read(const struct ifa_gcc_job *job, const struct ifa_measure *decls,
		 struct ifa_measure *m, char *err, size_t errsz);

void ifa_gcc_job_free(struct ifa_gcc_job *job);

/*
 * Batches: one compile per ABI for the declarations of several headers.
 * ifa_gcc_write_batch_probe writes batchdir/probe.c (creating batchdir) for
 * decls[0..n) in order; ifa_gcc_start_batch compiles it for job->abi with
 * an -include per header, output in batchdir/<abi>/; ifa_gcc_read_batch
 * reads the layouts into m[0..n), one per decls, or -1 with the
 * compiler's messages in err.
 */
/* The file name a batch probe gives the part of its header k (printf format, a size_t). */
#define IFA_PROBE_PART "ifa-probe-part-%zu.c"

int ifa_gcc_write_batch_probe(const char *batchdir, const struct ifa_measure *const *decls,
			      size_t n, char *err, size_t errsz);
int ifa_gcc_start_batch(struct ifa_gcc_job *job, const char *batchdir, const char *const *headers,
			size_t nh, const char *const *inc, int ninc);
int ifa_gcc_read_batch(const struct ifa_gcc_job *job, const struct ifa_measure *const *decls,
		       size_t n, struct ifa_measure *m, char *err, size_t errsz);

#endif
