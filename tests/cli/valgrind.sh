# The batch CLI under valgrind: no invalid access, no uninitialised value,
# no leak (--leak-check=full, any error exits 1).  On the golden fixture
# (tests/data/cli/small.csv), on a dirty file (tests/data/load/dirty.csv:
# every kind of skipped row) and on refusals, whose error paths free too.
#
# Skipped without valgrind ($VALGRIND_BIN empty), and in the sanitizer
# build: an ASan binary cannot run under valgrind, and ASan/LSan check the
# same things there.
. "$top_srcdir/tests/lib.sh"

[ -n "${VALGRIND_BIN:-}" ] && [ -x "$VALGRIND_BIN" ] || skip_all "valgrind not found (configure looks for it)"
# ASan is linked statically by clang and dynamically by gcc: look for both.
if grep -q __asan_init "$CAMTUNE" 2>/dev/null ||
	{ command -v ldd >/dev/null && ldd "$CAMTUNE" 2>/dev/null | grep -q libasan; }; then
	skip_all "camtune is built with AddressSanitizer (--enable-sanitizers)"
fi

SMALL="$DATA/cli/small.csv"
DIRTY="$DATA/load/dirty.csv"
gzip -n -c "$SMALL" >"$TMPD/small.csv.gz"
printf '{"cameras": [{"store": "s1", "camera_id": "1", "threshold": 0.6}]}\n' >"$TMPD/lock.json"
printf '{"cameras": [\n' >"$TMPD/bad.json"

# vg WANT-STATUS DESCRIPTION ARGS...: camtune ARGS under valgrind.
vg() {
	want=$1 desc=$2
	shift 2
	"$VALGRIND_BIN" -q --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect,possible \
		--errors-for-leak-kinds=definite,indirect,possible --track-origins=yes \
		--log-file="$TMPD/vg.log" "$CAMTUNE" "$@" >"$out" 2>"$err" </dev/null
	status=$?
	is "$status" "$want" "$desc: exit $want, valgrind-clean"
	if [ "$status" -eq 99 ] || [ -s "$TMPD/vg.log" ]; then
		head -c 3000 "$TMPD/vg.log" | sed 's/^/#   /'
	fi
}

for f in "$SMALL" "$DIRTY"; do
	n=$(basename "$f")
	vg 0 "optimize $n" optimize -t 50% "$f"
	vg 0 "optimize --json $n" optimize -q -t 50% --json "$f"
	vg 0 "optimize -o $n" optimize -q -t 50% -o "$TMPD/t.json" "$f"
	vg 0 "eval $n" eval -q -T "$TMPD/t.json" "$f"
	vg 0 "eval --json $n" eval -q -T "$TMPD/t.json" --json "$f"
	for s in exact hull uniform greedy lazy; do
		vg 0 "frontier -s $s --json $n" frontier -q -s "$s" --json "$f"
	done
	vg 0 "compare $n" compare -q -t 30% "$f"
	vg 0 "report $n" report -q "$f"
	vg 0 "report --json $n" report -q --json "$f"
	vg 0 "plot $n" plot -q -O "$TMPD/plots" "$f"
done
vg 0 "optimize on gzip input" optimize -q "$TMPD/small.csv.gz"
vg 0 "optimize --lock --exclude --min-recall" optimize -q --lock "$TMPD/lock.json" \
	--exclude s2:7 --min-recall 0.5 -t 5 "$SMALL"
vg 0 "optimize --store --camera" optimize -q --store s1 --camera 1 -t 1 "$SMALL"
vg 3 "unreachable target" optimize -q -t 100% --min-recall 1 "$SMALL"
vg 3 "greedy stalls" optimize -q -t 80% -s greedy "$SMALL"
vg 0 "synth" synth -n 2000 -o "$TMPD/synth.csv"
vg 0 "synth --gzip" synth -n 2000 --gzip -o "$TMPD/synth.csv.gz"
vg 0 "optimize on synth output" optimize -q "$TMPD/synth.csv.gz"

# Time (issue 8): slices of a kept builder, the backtest's folds.
TIMES="$DATA/time/times.csv"
vg 0 "optimize --since --until" optimize -q --since 2023-05-02 --until 2023-05-04 "$TIMES"
vg 0 "backtest --folds 2" backtest -q --folds 2 "$TIMES"
vg 0 "backtest --train-until --json" backtest -q --train-until 2023-05-03 --json "$TIMES"
vg 65 "backtest with an empty train part" backtest -q --train-until 2023-05-01 "$TIMES"

# Error paths.
vg 65 "malformed thresholds" eval -q -T "$TMPD/bad.json" "$SMALL"
vg 65 "malformed thresholds (--lock)" optimize -q --lock "$TMPD/bad.json" "$SMALL"
vg 65 "missing column" optimize -q "$DATA/load/missing_column.csv"
vg 65 "unterminated quote" optimize -q "$DATA/load/unterminated.csv"
vg 66 "missing file" optimize -q "$TMPD/none.csv"
vg 73 "output in a missing directory" optimize -q -o "$TMPD/no/dir/t.json" "$SMALL"
vg 64 "usage error" optimize --no-such-option "$SMALL"

done_testing
