#!/bin/sh
# Runs fuzz targets built in build/fuzz/ on their corpora, one after another:
#   run.sh time SECONDS TARGET...   each for SECONDS (make fuzz)
#   run.sh runs COUNT TARGET...     each for COUNT inputs (make fuzz-long), or
#                                   FUZZ_MAX_SECONDS if that comes first
# and prints one line per target: inputs, seconds, inputs per second, crashes.
# FUZZ_TIMEOUT (20 s) is the wall time one input may take: raise it for a run
# under nice on a busy machine, where a starved process is not a slow input.
# A crash stops the run; its input is in build/fuzz/artifacts/<target>/:
# fix the defect, then keep the input in conformance/fuzz/regressions/<target>/.
set -eu
mode=$1 amount=$2
shift 2
root=$(cd "$(dirname "$0")/../.." && pwd)
out=$root/build/fuzz
sh "$root/conformance/fuzz/seeds.sh" "$out/corpus"
case "$mode" in
time) limit="-max_total_time=$amount" ;;
runs) limit="-runs=$amount" ;;
*) echo "run.sh: mode is time or runs" >&2; exit 2 ;;
esac
for t in "$@"; do
	case "$t" in
	decode|response) max=1024 ;;
	queue) max=4096 ;;
	*) max=16384 ;;
	esac
	mkdir -p "$out/artifacts/$t"
	start=$(date +%s)
	[ "$mode" = runs ] && cap=${FUZZ_MAX_SECONDS:-0} || cap=$amount
	if "$out/$t" "$limit" -max_total_time="$cap" -max_len="$max" -timeout="${FUZZ_TIMEOUT:-20}" -print_final_stats=1 \
		-artifact_prefix="$out/artifacts/$t/" "$out/corpus/$t" > "$out/$t.log" 2>&1; then
		crashes=0
	else
		crashes=1
	fi
	secs=$(( $(date +%s) - start ))
	units=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/$t.log")
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$out/$t.log")
	printf 'fuzz %-13s %10s inputs %6s s %8s exec/s  crashes %s\n' "$t" "${units:-?}" \
		"$secs" "${rate:-?}" "$crashes"
	if [ "$crashes" != 0 ]; then
		tail -40 "$out/$t.log"
		echo "fuzz $t: crashed; the input is in $out/artifacts/$t/" >&2
		exit 1
	fi
done
