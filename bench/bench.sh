#!/bin/sh
# bench.sh -- the benchmark's figures, as tables (run by `make bench`).
#
#   bench.sh CAMTUNE [BENCH_LOAD [BENCH_MONTH [LIMIT RUNSTAT [BENCH_TUI [BENCH_JSON]]]]]
#
# Generates data with `camtune synth` in a temporary directory: the
# real-shaped default file and a big one (10 M alerts on 10,000 stores x 4
# cameras; BENCH_ALERTS=N changes the size), then measures:
#   - generator speed (rows/s, writing to a plain file through stdout);
#   - load speed (MB/s of CSV) and peak RSS per alert, with bench_load
#     (ct_load_file alone, median of BENCH_RUNS runs, default 3), next to
#     libcsv's own speed on one core with empty callbacks (the floor the
#     loader's parser threads build on);
#   - `camtune optimize --strategy exact` and `--strategy robust`
#     whole-process time on the real-shaped file (hyperfine if installed,
#     else the median of 10 runs), and on the big file (one run: load +
#     solve, with the solve alone as the summary reports it);
#   - with LIMIT and RUNSTAT (bench/limit.c, bench/runstat.c): the whole
#     `camtune optimize` (exact and robust) on the big file next to the
#     plain C reference job of limit.c, alternated BENCH_RUNS times
#     (default 3; wall, CPU of all threads and peak RSS from wait4), the
#     medians side by side with their ratio;
#   - with RUNSTAT, many thefts: the big file's shape at a 15 % theft rate
#     (synth --theft-rate 0.15, about 1.5 M thefts), `camtune optimize
#     --strategy exact` for targets 10 %, 50 % and 90 % (one run each:
#     wall, CPU, peak RSS, the solve alone), next to limit.c on the same
#     file (BENCH_MANY=0 skips it);
#   - with BENCH_MONTH (bench_month), decisions on next month: every
#     strategy tuned on synth --month 1 and judged on --month 2 of the same
#     cameras, BENCH_SEEDS seeds (default 40), next to a simple shrinkage
#     baseline and next month's own optimum; and the calibration table
#     across generators (bench_month --calibration);
#   - with BENCH_TUI (bench_tui), each of the explorer's interactions on the
#     big file (target change, lock, mute, exclude, step, resume), from the
#     key to the screen drawn, medians of BENCH_RUNS, next to the first
#     solve of the same file as the reference.
#   - with BENCH_JSON (bench_json), the thresholds JSON of 1 M cameras
#     (BENCH_JSON_CAMERAS) written and read back, time and peak RSS, next
#     to fwrite of as many bytes and to the old cJSON way on a tenth.
# A subcommand or tool that is missing prints "n/a"; the script never fails
# because of one.  Times are wall-clock on whatever else the machine runs.
set -u

CAMTUNE=${1:?usage: bench.sh CAMTUNE [BENCH_LOAD [BENCH_MONTH]]}
BENCH_LOAD=${2:-}
BENCH_MONTH=${3:-}
LIMIT=${4:-}
RUNSTAT=${5:-}
BENCH_TUI=${6:-}
BENCH_JSON=${7:-}
ALERTS=${BENCH_ALERTS:-10000000}
RUNS=${BENCH_RUNS:-3}

TMP=$(mktemp -d "${TMPDIR:-/tmp}/camtune-bench.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT INT TERM

now() { date +%s.%N; }
# median of numbers on stdin
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "n/a"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
field() { sed -n "s/.*$1=\([^ ]*\).*/\1/p"; }

echo "camtune benchmark  ($(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc 2>/dev/null || echo '?') CPUs)"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo n/a)"
echo

# ---- data -------------------------------------------------------------------
gen() { # name, then synth options
	name=$1; shift
	t0=$(now)
	if "$CAMTUNE" synth "$@" > "$TMP/$name.csv" 2> "$TMP/$name.err"; then
		t1=$(now)
		rows=$(($(wc -l < "$TMP/$name.csv") - 1))
		echo "$rows $(echo "$t0 $t1" | awk -v r="$rows" '{ printf "%.2f", r / ($2 - $1) / 1e6 }')"
	else
		echo "n/a n/a"
	fi
}
set -- $(gen real --seed 1)
real_rows=$1 real_gen=$2
set -- $(gen big --seed 1 --stores 10000 --cameras-per-store 4 --alerts "$ALERTS")
big_rows=$1 big_gen=$2

size_mb() { [ -f "$1" ] && awk -v b="$(wc -c < "$1")" 'BEGIN { printf "%.1f", b / 1e6 }' || echo n/a; }

# ---- loading ------------------------------------------------------------------
load_figures() { # file -> "MB/s B/alert seconds cpu-seconds"
	f=$1
	if [ -z "$BENCH_LOAD" ] || [ ! -x "$BENCH_LOAD" ] || [ ! -s "$f" ]; then
		echo "n/a n/a n/a n/a"
		return
	fi
	: > "$TMP/load.out"
	i=0
	while [ $i -lt "$RUNS" ]; do
		"$BENCH_LOAD" "$f" >> "$TMP/load.out" 2>/dev/null || { echo "n/a n/a n/a n/a"; return; }
		i=$((i + 1))
	done
	secs=$(field seconds < "$TMP/load.out" | median)
	bytes=$(field bytes < "$TMP/load.out" | head -n 1)
	alerts=$(field alerts < "$TMP/load.out" | head -n 1)
	rss=$(field maxrss_kb < "$TMP/load.out" | median)
	cpu=$(field cpu < "$TMP/load.out" | median)
	awk -v s="$secs" -v b="$bytes" -v a="$alerts" -v r="$rss" -v c="$cpu" \
		'BEGIN { printf "%.0f %.1f %.3f %.2f\n", b / s / 1e6, r * 1024 / a, s, c }'
}
libcsv_mbs() { # file -> MB/s of libcsv alone on one core (median)
	f=$1
	if [ -z "$BENCH_LOAD" ] || [ ! -x "$BENCH_LOAD" ] || [ ! -s "$f" ]; then
		echo n/a
		return
	fi
	: > "$TMP/raw.out"
	i=0
	while [ $i -lt "$RUNS" ]; do
		"$BENCH_LOAD" --libcsv "$f" >> "$TMP/raw.out" 2>/dev/null || { echo n/a; return; }
		i=$((i + 1))
	done
	secs=$(field seconds < "$TMP/raw.out" | median)
	bytes=$(field bytes < "$TMP/raw.out" | head -n 1)
	awk -v s="$secs" -v b="$bytes" 'BEGIN { printf "%.0f\n", b / s / 1e6 }'
}
real_raw=$(libcsv_mbs "$TMP/real.csv")
big_raw=$(libcsv_mbs "$TMP/big.csv")
set -- $(load_figures "$TMP/real.csv")
real_mbs=$1 real_bpa=$2 real_load=$3 real_cpu=$4
set -- $(load_figures "$TMP/big.csv")
big_mbs=$1 big_bpa=$2 big_load=$3 big_cpu=$4

# ---- optimize --strategy exact --------------------------------------------------
opt_ok() { "$CAMTUNE" optimize --strategy "$2" -q "$1" > /dev/null 2>&1; rc=$?; [ $rc -eq 0 ] || [ $rc -eq 3 ]; }
whole_ms() { # strategy file -> median ms of the whole optimize process
	if ! [ -s "$2" ] || ! opt_ok "$2" "$1"; then
		echo n/a
		return
	fi
	if command -v hyperfine > /dev/null 2>&1 &&
		hyperfine -N -w 2 -r 20 --export-json "$TMP/hf.json" \
			"$CAMTUNE optimize --strategy $1 -q $2" > /dev/null 2>&1; then
		sed -n 's/.*"median": *\([0-9.e-]*\).*/\1/p' "$TMP/hf.json" | head -n 1 |
			awk '{ printf "%.0f", $1 * 1000 }'
		return
	fi
	i=0
	: > "$TMP/opt.times"
	while [ $i -lt 10 ]; do
		t0=$(now)
		"$CAMTUNE" optimize --strategy "$1" -q "$2" > /dev/null 2>&1
		t1=$(now)
		echo "$t0 $t1" | awk '{ print ($2 - $1) * 1000 }' >> "$TMP/opt.times"
		i=$((i + 1))
	done
	median < "$TMP/opt.times" | awk '{ printf "%.0f", $1 }'
}
big_run() { # strategy -> "whole-seconds solve-seconds" on the big file
	if ! [ -s "$TMP/big.csv" ]; then
		echo "n/a n/a"
		return
	fi
	t0=$(now)
	"$CAMTUNE" optimize --strategy "$1" -q "$TMP/big.csv" > "$TMP/big.opt" 2>/dev/null
	rc=$?
	t1=$(now)
	if [ $rc -ne 0 ] && [ $rc -ne 3 ]; then
		echo "n/a n/a"
		return
	fi
	# The summary's own "solve" time: the strategy alone, after loading.
	solve=$(sed -n 's/.*solve \([0-9.]*\) \(m*s\).*/\1 \2/p' "$TMP/big.opt" |
		awk '{ v = $1; if ($2 == "ms") v /= 1000; printf "%.2f", v }')
	echo "$(echo "$t0 $t1" | awk '{ printf "%.2f", $2 - $1 }') ${solve:-n/a}"
}
real_opt=$(whole_ms exact "$TMP/real.csv")
real_rob=$(whole_ms robust "$TMP/real.csv")
set -- $(big_run exact)
big_opt=$1 big_exact=$2
set -- $(big_run robust)
big_rob=$1 big_rsolve=$2

# ---- after deployment: monitor against eval --------------------------------
# The big file's thresholds judged on the big file: monitor does eval's
# work plus the per-camera tests and the model of the next period, and
# should stay within 1.5x of it.  Median of 3 runs each.
if [ -s "$TMP/big.csv" ] &&
	"$CAMTUNE" optimize -q -t 30% -o "$TMP/big.json" "$TMP/big.csv" > /dev/null 2>&1; then
	timed() { # command... -> median wall seconds of 3 runs
		: > "$TMP/t.times"
		for i in 1 2 3; do
			t0=$(now)
			"$@" > /dev/null 2>&1
			t1=$(now)
			echo "$t0 $t1" | awk '{ printf "%.3f\n", $2 - $1 }' >> "$TMP/t.times"
		done
		median < "$TMP/t.times"
	}
	eval_s=$(timed "$CAMTUNE" eval -q -T "$TMP/big.json" "$TMP/big.csv")
	mon_s=$(timed "$CAMTUNE" monitor -q -T "$TMP/big.json" "$TMP/big.csv")
	rm -f "$TMP/big.json"
fi

# ---- table -------------------------------------------------------------------
printf '%-44s %14s %14s %12s\n' "" "real-shaped" "big" "target"
printf '%-44s %14s %14s %12s\n' "rows" "$real_rows" "$big_rows" ""
printf '%-44s %14s %14s %12s\n' "file size (MB)" "$(size_mb "$TMP/real.csv")" "$(size_mb "$TMP/big.csv")" ""
printf '%-44s %14s %14s %12s\n' "synth speed (M rows/s)" "$real_gen" "$big_gen" ">= 1"
printf '%-44s %14s %14s %12s\n' "load time (s)" "$real_load" "$big_load" ""
printf '%-44s %14s %14s %12s\n' "  CPU time, all threads (s)" "$real_cpu" "$big_cpu" ""
printf '%-44s %14s %14s %12s\n' "load speed (MB/s of CSV)" "$real_mbs" "$big_mbs" ">= 400"
printf '%-44s %14s %14s %12s\n' "  libcsv alone, one core, for reference" "$real_raw" "$big_raw" ""
printf '%-44s %14s %14s %12s\n' "peak RSS per alert, load only (B)" "$real_bpa" "$big_bpa" "<= 40"
printf '%-44s %14s %14s %12s\n' "optimize --strategy exact, whole (ms / s)" "${real_opt} ms" "${big_opt} s" "100 ms"
printf '%-44s %14s %14s %12s\n' "  of which exact after loading (s)" "" "$big_exact" "<= 1"
printf '%-44s %14s %14s %12s\n' "optimize --strategy robust, whole (ms / s)" "${real_rob} ms" "${big_rob} s" "100 ms"
printf '%-44s %14s %14s %12s\n' "  of which robust after loading (s)" "" "$big_rsolve" "<= 1"

# ---- next to the machine's limit --------------------------------------------
# limit.c and the whole camtune optimize alternate on the same warm file,
# so both see the same neighbours; medians of BENCH_RUNS runs each.
if [ -n "$LIMIT" ] && [ -x "$LIMIT" ] && [ -n "$RUNSTAT" ] && [ -x "$RUNSTAT" ] &&
	[ -s "$TMP/big.csv" ]; then
	: > "$TMP/lim.limit"
	: > "$TMP/lim.exact"
	: > "$TMP/lim.robust"
	i=0
	while [ $i -lt "$RUNS" ]; do
		"$RUNSTAT" "$LIMIT" "$TMP/big.csv" 2>> "$TMP/lim.limit" > "$TMP/lim.out"
		"$RUNSTAT" "$CAMTUNE" optimize --strategy exact -q "$TMP/big.csv" \
			2>> "$TMP/lim.exact" > /dev/null
		"$RUNSTAT" "$CAMTUNE" optimize --strategy robust -q "$TMP/big.csv" \
			2>> "$TMP/lim.robust" > /dev/null
		i=$((i + 1))
	done
	bytes=$(wc -c < "$TMP/big.csv")
	lim_fig() { # file key -> median
		grep '^runstat:' "$1" | field "$2" | median
	}
	lw=$(lim_fig "$TMP/lim.limit" wall)
	ew=$(lim_fig "$TMP/lim.exact" wall)
	rw=$(lim_fig "$TMP/lim.robust" wall)
	row() { # label limit exact robust [target]
		printf '%-32s %10s %16s %16s %12s\n' "$1" "$2" "$3" "$4" "${5:-}"
	}
	ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a + 0 > 0 && b != "n/a") printf "%.2fx", b / a; else print "n/a" }'; }
	mbs() { awk -v s="$1" -v b="$bytes" 'BEGIN { if (s + 0 > 0) printf "%.0f", b / s / 1e6; else print "n/a" }'; }
	mb() { awk -v k="$1" 'BEGIN { if (k != "n/a") printf "%.0f", k / 1024; else print "n/a" }'; }
	bpa() { awk -v k="$1" -v a="$big_alerts" 'BEGIN { if (k != "n/a" && a + 0 > 0) printf "%.1f", k * 1024 / a; else print "n/a" }'; }
	big_alerts=$(field alerts < "$TMP/lim.out")
	echo
	echo "the whole job on the big file next to limit.c (plain C, no validation, 2 threads);"
	echo "alternated, median of $RUNS runs each; ratio = camtune / limit.c"
	row "" "limit.c" "optimize exact" "optimize robust" "target"
	row "wall (s)" "$lw" "$ew" "$rw"
	row "  ratio to limit.c" "" "$(ratio "$lw" "$ew")" "$(ratio "$lw" "$rw")" "<= 1.5x"
	row "speed (MB/s of CSV)" "$(mbs "$lw")" "$(mbs "$ew")" "$(mbs "$rw")"
	row "CPU time, all threads (s)" "$(lim_fig "$TMP/lim.limit" cpu)" \
		"$(lim_fig "$TMP/lim.exact" cpu)" "$(lim_fig "$TMP/lim.robust" cpu)"
	lr=$(lim_fig "$TMP/lim.limit" maxrss_kb)
	er=$(lim_fig "$TMP/lim.exact" maxrss_kb)
	rr=$(lim_fig "$TMP/lim.robust" maxrss_kb)
	row "peak RSS (MB)" "$(mb "$lr")" "$(mb "$er")" "$(mb "$rr")"
	row "peak RSS per alert (B)" "$(bpa "$lr")" "$(bpa "$er")" "$(bpa "$rr")" "<= 40"
fi

# ---- the explorer's interactions ---------------------------------------------
if [ -n "$BENCH_TUI" ] && [ -x "$BENCH_TUI" ] && [ -s "$TMP/big.csv" ]; then
	echo
	echo "explorer interactions on the big file (headless, 120x40, key to screen)"
	"$BENCH_TUI" "$TMP/big.csv" "$RUNS" || echo "bench_tui: n/a"
fi

# ---- the thresholds JSON -------------------------------------------------------
# bench_json: 1 M cameras (BENCH_JSON_CAMERAS) written and read back, time
# and peak RSS, next to fwrite of as many bytes and the old cJSON way.
if [ -n "$BENCH_JSON" ] && [ -x "$BENCH_JSON" ]; then
	echo
	"$BENCH_JSON" "${BENCH_JSON_CAMERAS:-1000000}" "$RUNS" || echo "bench_json: n/a"
fi

# ---- many thefts ----------------------------------------------------------------
if [ -n "$RUNSTAT" ] && [ -x "$RUNSTAT" ] && [ "${BENCH_MANY:-1}" != 0 ] &&
	[ -s "$TMP/big.csv" ]; then
	rm -f "$TMP/big.csv"  # disk: one big file at a time
	"$CAMTUNE" synth --seed 1 --stores 10000 --cameras-per-store 4 --alerts "$ALERTS" \
		--theft-rate 0.15 > "$TMP/many.csv" 2>/dev/null
	echo
	echo "many thefts: the big file's shape at a 15% theft rate (synth --theft-rate 0.15)"
	printf '%-34s %10s %10s %12s %12s %10s\n' "" "wall (s)" "CPU (s)" "peak RSS MB" "solve (s)" "TP lost"
	if [ -n "$LIMIT" ] && [ -x "$LIMIT" ]; then
		"$RUNSTAT" "$LIMIT" "$TMP/many.csv" > /dev/null 2> "$TMP/many.lim"
		printf '%-34s %10s %10s %12s %12s %10s\n' "limit.c (load, sort, FP below)" \
			"$(field wall < "$TMP/many.lim")" "$(field cpu < "$TMP/many.lim")" \
			"$(field maxrss_kb < "$TMP/many.lim" | awk '{ printf "%.0f", $1 / 1024 }')" "" ""
	fi
	for t in 10 50 90; do
		"$RUNSTAT" "$CAMTUNE" optimize --strategy exact -t "$t%" "$TMP/many.csv" \
			> "$TMP/many.out" 2> "$TMP/many.err"
		solve=$(sed -n 's/.*solve \([0-9.]*\) \(m*s\).*/\1 \2/p' "$TMP/many.out" |
			awk '{ v = $1; if ($2 == "ms") v /= 1000; printf "%.2f", v }')
		lost=$(sed -n 's/^TP lost *\([0-9,]*\) .*/\1/p' "$TMP/many.out")
		printf '%-34s %10s %10s %12s %12s %10s\n' "optimize exact, target $t%" \
			"$(field wall < "$TMP/many.err")" "$(field cpu < "$TMP/many.err")" \
			"$(field maxrss_kb < "$TMP/many.err" | awk '{ printf "%.0f", $1 / 1024 }')" \
			"${solve:-n/a}" "${lost:-n/a}"
	done
	echo "target: each target's solve <= 2 s and the whole run <= 1024 MB"
	rm -f "$TMP/many.csv"
fi

# ---- after deployment (figures measured above, with the big file) ---------
if [ -n "${mon_s:-}" ]; then
	echo
	printf '%-44s %14s %14s %12s\n' "after deployment, big file" "eval (s)" "monitor (s)" "target"
	printf '%-44s %14s %14s %12s\n' "thresholds applied and judged" "$eval_s" "$mon_s" \
		"$(awk -v a="$eval_s" -v b="$mon_s" 'BEGIN { if (a > 0) printf "%.2fx <= 1.5x", b / a }')"
fi

# ---- decisions on next month ------------------------------------------------
# Tune on month 1, judge on month 2 of the same cameras (synth --month), 40
# seeds; TP lost in % of each month's thefts, met = FP saved on month 2
# reached the target share of month 2's own FP.
if [ -n "$BENCH_MONTH" ] && [ -x "$BENCH_MONTH" ]; then
	echo
	echo "month ahead: TP lost (% of thefts) in the history and next month, and how often"
	echo "next month's FP saved met the target; oracle = next month's own optimum"
	"$BENCH_MONTH" --seeds "${BENCH_SEEDS:-40}"
	# Calibration across generators (synth's walks: volume swing none or
	# 0.3, score drift 0.08 or 0.25 logit): how often the FP target held
	# next month and next month's TP lost fell inside the 90 % interval,
	# per --confidence, against the true-model optimum (doc/domain.md "The
	# variance estimate").  About two minutes on one core.
	echo
	"$BENCH_MONTH" --calibration "${BENCH_CALIBRATION_SEEDS:-40}"
fi
exit 0
