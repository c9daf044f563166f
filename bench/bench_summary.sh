#!/bin/sh
# bench_summary.sh CAMTUNE -- the per-camera summary (doc/warehouse.md) on
# 2 M synthetic alerts whose scores have 17 significant digits (as the
# real export's float32 scores printed in full): summarize against
# optimize on the same alerts (CPU seconds), the summary's rows and bytes
# against the alerts', and reading the summary against reading the alerts
# (time and peak memory).  One run each, /usr/bin/time's figures.
set -eu
CAMTUNE=${1:?usage: bench_summary.sh CAMTUNE}
command -v /usr/bin/time >/dev/null 2>&1 || { echo "summary figures: skipped (no /usr/bin/time)"; exit 0; }
dir=$(mktemp -d "${TMPDIR:-/tmp}/camtune-bench-summary.XXXXXX")
trap 'rm -rf "$dir"' EXIT
"$CAMTUNE" synth --seed 9 -n 2000000 -o "$dir/a9.csv" >/dev/null 2>&1
# the same alerts, each score printed with 17 significant digits
awk -F';' 'BEGIN { OFS = ";" } NR > 1 && $5 != "" { $5 = sprintf("%.17g", $5) } { print }' \
	"$dir/a9.csv" >"$dir/a.csv"
t() { # t LABEL CMD...: user+sys CPU seconds, elapsed, peak KB
	label=$1
	shift
	/usr/bin/time -f "%U %S %e %M" -o "$dir/t" "$@" >/dev/null 2>&1
	read -r u s e m <"$dir/t"
	printf '%-44s %6.2f CPU-s %6.2f s %7d KB\n' "$label" "$(echo "$u + $s" | bc)" "$e" "$m"
}
echo "== summary: 2 M alerts, 17-digit scores"
t "optimize -s exact (alerts)" "$CAMTUNE" optimize -q -s exact -t 20% -o "$dir/o.json" "$dir/a.csv"
t "optimize (robust, alerts)" "$CAMTUNE" optimize -q -t 20% -o "$dir/o.json" "$dir/a.csv"
t "summarize (K 256)" "$CAMTUNE" summarize -q -o "$dir/s.csv" "$dir/a.csv"
t "summarize --sketch 1000000 (every score)" "$CAMTUNE" summarize -q --sketch 1000000 \
	-o "$dir/full.csv" "$dir/a.csv"
t "optimize -s exact (the K 256 summary)" "$CAMTUNE" optimize -q -s exact -t 20% \
	-o "$dir/o.json" "$dir/s.csv"
t "optimize (robust, the K 256 summary)" "$CAMTUNE" optimize -q -t 20% -o "$dir/o.json" "$dir/s.csv"
t "optimize -s exact (summary from a pipe)" sh -c "cat '$dir/s.csv' | '$CAMTUNE' optimize -q \
	-s exact -t 20% -o '$dir/o.json' -"
printf '%-44s %9d rows %11d bytes\n' "alerts" "$(($(wc -l <"$dir/a.csv") - 1))" \
	"$(wc -c <"$dir/a.csv")"
printf '%-44s %9d rows %11d bytes\n' "summary, K 256" "$(($(wc -l <"$dir/s.csv") - 1))" \
	"$(wc -c <"$dir/s.csv")"
printf '%-44s %9d rows %11d bytes\n' "summary, every score" "$(($(wc -l <"$dir/full.csv") - 1))" \
	"$(wc -c <"$dir/full.csv")"
