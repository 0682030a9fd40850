#!/bin/sh
# make bench: wall time of `check` on the canonical header over the whole
# matrix, beside the plain loop it replaces (one probe compiled per ABI
# with its own compiler, one after the other), measured in the same run.
set -eu
tool=$1
runs=5
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

best=""
for _ in $(seq $runs); do
	t0=$(now_ms)
	"$tool" check >/dev/null
	t=$(( $(now_ms) - t0 ))
	if [ -z "$best" ] || [ "$t" -lt "$best" ]; then best=$t; fi
done
measured=$("$tool" check --format json | grep -c '"status": "pass"')

# The probe check compiled, kept for the plain loop.
kept=$("$tool" check --keep-temp 2>&1 >/dev/null | sed -n 's/^work files kept in //p')
cp "$kept/probe.c" "$work/probe.c"
rm -rf "$kept"
types="$(dirname "$0")/../kernel-types"
loop_best=""
for _ in $(seq $runs); do
	t0=$(now_ms)
	"$tool" abis | tail -n +2 | while read -r name _ gcc rest; do
		case "$gcc" in -|"("*) continue ;; esac
		flags=$(echo "$rest" | awk '{ for (i = 1; i <= NF && $i ~ /^-/; i++) printf "%s ", $i }')
		# shellcheck disable=SC2086
		$gcc $flags -nostdinc -I "$types" -S -o "$work/$name.s" "$work/probe.c"
	done
	t=$(( $(now_ms) - t0 ))
	if [ -z "$loop_best" ] || [ "$t" -lt "$loop_best" ]; then loop_best=$t; fi
done

echo "check, whole matrix ($measured ABIs measured, all engines): ${best} ms (best of $runs)"
echo "plain loop, one probe per ABI compiled in turn: ${loop_best} ms (best of $runs)"
awk -v a="$best" -v b="$loop_best" 'BEGIN { printf "ratio check / plain loop: %.2f\n", a / b }'
