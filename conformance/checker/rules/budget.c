/* SPDX-License-Identifier: GPL-2.0 */
#include "budget.h"

#include <string.h>

size_t ifa_budget_usage(const struct ifa_spec *spec, const struct ifa_run *run,
			struct ifa_budget_use *out, size_t max)
{
	size_t i, a, n = 0;
	unsigned long long bits;
	int width;

	for (i = 0; i < spec->nbudget && n < max; i++) {
		const struct ifa_spec_budget *b = &spec->budget[i];
		const struct ifa_mstruct *d = ifa_measure_struct(run->decls, b->struct_name);
		const struct ifa_mfield *flags = d ? ifa_measure_field(d, b->flags_field) : NULL;
		struct ifa_budget_use *u = &out[n++];

		memset(u, 0, sizeof(*u));
		u->row = b;
		u->size = -1;
		for (a = 0; a < run->n; a++) {
			const struct ifa_measure *m = ifa_authority(&run->r[a]);
			const struct ifa_mstruct *s = m ? ifa_measure_struct(m, b->struct_name) : NULL;

			if (s && s->size > u->size)
				u->size = s->size;
		}
		u->bytes_left = u->size < 0 ? b->budget : b->budget - u->size;
		/* Bits from IFA_MUST_UNDERSTAND_BIT up are kept for must-understand flags (IFA-GROW-15). */
		bits = ifa_measure_flag_bits(run->decls, b->struct_name, b->flags_field);
		width = flags && flags->size > 0 && flags->size < 4 ? (int)flags->size * 8
								 : IFA_MUST_UNDERSTAND_BIT;
		u->bits_used = __builtin_popcountll(bits & ((1ull << width) - 1));
		u->bits_left = width - u->bits_used;
	}
	return n;
}
