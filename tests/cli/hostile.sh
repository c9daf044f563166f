# The hostile-input matrix (issue 5): what analysts' exports may contain.
# Every refusal is checked for its exit code, for a message that says what
# is wrong, and for leaving the output alone: `-o NEW` is not created, an
# existing `-o OLD` keeps its bytes, and no temporary file is left behind.
# Inputs that can be used are checked for what the data-quality summary
# reports about them.  Fixtures are made here, from small.csv and printf.
. "$top_srcdir/tests/lib.sh"

SMALL="$DATA/cli/small.csv"
V=2023-05-31_20h32m14s_to_2023-05-31_20h32m30s_camera_1_ip_10.1.2.3_port_8000.mp4
HDR=';store;video_name;label;probability'
IN="$TMPD/in"
OUT="$TMPD/out"
mkdir -p "$IN"

# refuses CODE MESSAGE DESCRIPTION [ARGS...]: `camtune optimize ARGS` (FILE
# last) must exit CODE saying MESSAGE and write nothing.
refuses() {
	code=$1 msg=$2 desc=$3
	shift 3
	rm -rf "$OUT" && mkdir "$OUT" && printf 'sentinel\n' >"$OUT/old.json"
	run "$CAMTUNE" optimize -q -o "$OUT/new.json" "$@"
	is "$status" "$code" "$desc: exit $code"
	contains "$err" "$msg" "$desc: says '$msg'"
	run "$CAMTUNE" optimize -q -o "$OUT/old.json" "$@"
	is "$status" "$code" "$desc: exit $code with an existing output file"
	is "$(cat "$OUT/old.json")" sentinel "$desc: the existing output file is untouched"
	is "$(ls -A "$OUT" | tr '\n' ' ')" "old.json " "$desc: no output or temporary file created"
}

# loads DESCRIPTION SUMMARY-TEXT FILE [OPTIONS...]: usable data; the
# summary on stderr must contain SUMMARY-TEXT and -o must write JSON.
loads() {
	desc=$1 summary=$2
	shift 2
	rm -rf "$OUT" && mkdir "$OUT"
	run "$CAMTUNE" optimize -o "$OUT/t.json" "$@"
	is "$status" 0 "$desc: loads (exit 0)"
	contains "$err" "$summary" "$desc: summary says '$summary'"
	contains "$OUT/t.json" '"cameras":' "$desc: thresholds written"
}

row() { # row INDEX STORE VIDEO LABEL PROBABILITY
	printf '%s;%s;%s;%s;%s\n' "$@"
}

# ---- files that cannot be used ------------------------------------------
: >"$IN/empty.csv"
refuses 65 "empty.csv: empty file" "empty file" "$IN/empty.csv"

printf '%s\n' "$HDR" >"$IN/header.csv"
refuses 65 "header.csv: no data rows" "header only" "$IN/header.csv"

{ printf ';store;video_name;label\n'; printf '0;s;%s;Theft\n' "$V"; } >"$IN/missing.csv"
refuses 65 "missing column 'probability'" "missing column" "$IN/missing.csv"

{ printf '%s;store\n' "$HDR"; printf '0;s;%s;Theft;0.5;s\n' "$V"; } >"$IN/dupcol.csv"
refuses 65 "duplicate column 'store' (columns 2 and 6)" "duplicated column" "$IN/dupcol.csv"

# Raw deflate data: binary, deterministic, not recognisable as gzip.
gzip -n -c "$SMALL" | tail -c +11 >"$IN/garbage.bin"
refuses 65 "garbage.bin: line 1:" "binary garbage" "$IN/garbage.bin"

head -c 4096 /dev/zero >"$IN/zeros.csv"
refuses 65 "zeros.csv" "a file of NUL bytes" "$IN/zeros.csv"

# A NUL inside a name: C strings would end the name there and merge
# "s<NUL>x" with "s" in every output (the JSON would then name one camera
# twice and could not be read back).
{ printf '%s\n' "$HDR"; printf '0;s\000x;%s;Theft;0.5\n' "$V"; row 1 s "$V" Other 0.3; } >"$IN/nulname.csv"
refuses 65 "nulname.csv: line 2: NUL byte in the store name" "a NUL byte in a store name" "$IN/nulname.csv"
{ printf '%s\n' "$HDR"; printf '0;s;%s;Theft;0.5\000\n' "$V"; row 1 s "$V" Other 0.3; } >"$IN/nulprob.csv"
loads "a NUL byte in a probability" "2 rows, 1 alerts loaded, 1 skipped" --allow-no-thefts "$IN/nulprob.csv"

{ printf '%s\n' "$HDR"; printf '0;s;"%s;Theft;0.5\n' "$V"; row 1 s "$V" Other 0.3; } >"$IN/quote.csv"
refuses 65 "quote.csv: line 2: unterminated quoted field" "unterminated quote" "$IN/quote.csv"

# A ';' file whose probabilities use a decimal comma: every row unusable.
sed 's/;0\.\([0-9]*\)$/;0,\1/' "$SMALL" >"$IN/comma.csv"
refuses 65 "all 19 rows skipped (19 for unparsable probability, first at line 2)" \
	"decimal commas (0,85)" "$IN/comma.csv"
contains "$err" "decimal comma" "decimal commas: the message names the likely cause"

# Header with ',' and rows with ';': the rows have one field each.
{ printf 'store,video_name,label,probability\n'; printf 's;%s;Theft;0.5\n' "$V"; } >"$IN/hdrcomma.csv"
refuses 65 "do the rows use the header's delimiter?" "header and rows with different delimiters" \
	"$IN/hdrcomma.csv"

gzip -n -c "$SMALL" | head -c 60 >"$IN/trunc.csv.gz"
refuses 65 "trunc.csv.gz: truncated gzip data" "truncated .gz" "$IN/trunc.csv.gz"

refuses 66 "is a directory" "a directory as FILE" "$IN"
refuses 66 "cannot open: No such file or directory" "a missing FILE" "$IN/nothing.csv"

# Unreadable: root reads any file whatever its mode, so as root only a file
# whose reads fail is honest: /proc/self/mem opens, then read() gets EIO.
if [ "$(id -u)" -ne 0 ]; then
	cp "$SMALL" "$IN/secret.csv" && chmod 000 "$IN/secret.csv"
	refuses 66 "cannot open: Permission denied" "an unreadable FILE (mode 000)" "$IN/secret.csv"
else
	ok 0 "# SKIP mode 000 is readable by root"
fi
if [ -r /proc/self/mem ]; then
	refuses 74 "/proc/self/mem: read error: Input/output error" "a FILE whose reads fail" \
		/proc/self/mem
else
	ok 0 "# SKIP no /proc/self/mem"
fi

# ---- files that load, with what was wrong reported ------------------------
# A 1 MB field: as a store name (kept), as a probability (a 1 MB number
# that strtod reads: 0.555...).
{
	printf '%s\n0;' "$HDR"
	head -c 1048576 /dev/zero | tr '\0' S
	printf ';%s;Theft;0.5\n' "$V"
	row 1 s "$V" Other 0.3
	printf '2;s;%s;Other;0.' "$V"
	head -c 1048576 /dev/zero | tr '\0' 5
	printf '\n'
} >"$IN/bigfield.csv"
loads "a 1 MB field" "3 rows, 3 alerts loaded, 0 skipped" "$IN/bigfield.csv"

# 10,000 columns, the four needed among them.
awk -v v="$V" 'BEGIN {
	h = ";store;video_name;label;probability"; r = "0;s;" v ";Theft;0.5"
	for (i = 1; i <= 10000; i++) { h = h ";c" i; r = r ";" i }
	print h; print r; sub(/;Theft;0.5/, ";Other;0.25", r); print r
}' >"$IN/wide.csv"
loads "10k columns" "2 rows, 2 alerts loaded, 0 skipped" "$IN/wide.csv"
awk 'BEGIN { h = ";store"; for (i = 1; i <= 10000; i++) h = h ";c" i; print h; print "0;s;1" }' \
	>"$IN/wide-missing.csv"
refuses 65 "... 9990 more; delimiter ';')" "10k columns, three needed missing: a short message" \
	"$IN/wide-missing.csv"
ok "$(test "$(wc -c <"$err")" -lt 1000; echo $?)" "10k columns: the message stays under 1000 bytes"

{ printf '%s\n' "$HDR"; printf '0,s,%s,Theft,0.5\n' "$V"; row 1 s "$V" Other 0.3; row 2 s "$V" Theft 0.6; } >"$IN/mixed.csv"
loads "mixed delimiters" "3 rows, 2 alerts loaded, 1 skipped" "$IN/mixed.csv"
contains "$err" "too few fields                      1  (line 2)" "mixed delimiters: the bad line named"

{
	printf '%s\n' "$HDR"
	row 0 s "$V" Theft nan
	row 1 s "$V" Other inf
	row 2 s "$V" Other 1e999
	row 3 s "$V" Other -inf
	row 4 s "$V" Theft 0.5
	row 5 s "$V" Other 0.3
} >"$IN/naninf.csv"
loads "nan, inf, 1e999" "6 rows, 2 alerts loaded, 4 skipped" "$IN/naninf.csv"
contains "$err" "unparsable probability              4  (lines 2, 3, 4, 5)" \
	"nan, inf, 1e999: counted as unparsable, with their lines"

{
	printf '%s\n' "$HDR"
	row 0 s "$V" Theft -0.5
	row 1 s "$V" Other 1.5
	row 2 s "$V" Theft 0.5
	row 3 s "$V" Other 0.3
} >"$IN/range.csv"
loads "negative and > 1 probabilities" "4 rows, 4 alerts loaded, 0 skipped" "$IN/range.csv"
contains "$err" "probability below 0                 1  (line 2)" "negative: a warning with its line"
contains "$err" "probability above 1                 1  (line 3)" "> 1: a warning with its line"

{
	printf '%s\n' "$HDR"
	row 0 s clip.mp4 Theft 0.5
	row 1 s x_camera__ip_1.mp4 Other 0.3
	row 2 s "" Other 0.3
	row 3 s "$V" Theft 0.5
	row 4 s "$V" Other 0.3
} >"$IN/video.csv"
loads "unparsable video names" "5 rows, 2 alerts loaded, 3 skipped" "$IN/video.csv"
contains "$err" "no camera id                        3  (lines 2, 3, 4)" \
	"unparsable video names: counted with their lines"

# Non-UTF-8 store names: loaded with their stray bytes read as Latin-1 (so
# every output is UTF-8), warned, and found again from the thresholds file.
{ printf '%s\n' "$HDR"; printf '0;caf\351\377;%s;Theft;0.5\n1;caf\351\377;%s;Other;0.3\n' "$V" "$V"; } \
	>"$IN/latin1.csv"
loads "non-UTF-8 store names" "2 rows, 2 alerts loaded, 0 skipped" "$IN/latin1.csv"
contains "$err" "name not UTF-8 (as Latin-1)          2  (lines 2, 3)" \
	"non-UTF-8 store names: warned with their lines"
contains "$OUT/t.json" '"store":	"caféÿ"' "non-UTF-8 store names: written as UTF-8"
run "$CAMTUNE" eval -q -T "$OUT/t.json" "$IN/latin1.csv"
contains "$out" "total: 1 FP saved of 1" "non-UTF-8 store names: eval finds the camera again"
iconv -f UTF-8 -t UTF-8 "$OUT/t.json" >/dev/null 2>&1
ok $? "non-UTF-8 store names: the thresholds JSON is valid UTF-8"

{ cat "$SMALL"; tail -n +2 "$SMALL"; } >"$IN/twice.csv"
loads "duplicated rows" "38 rows, 38 alerts loaded, 0 skipped" "$IN/twice.csv"
run "$CAMTUNE" optimize -q -t 100% "$IN/twice.csv"
contains "$out" "history        38 alerts on 4 cameras: 10 TP, 28 FP" \
	"duplicated rows: each one is an alert (doc/domain.md: every loaded row was raised)"

# ---- more data than memory -------------------------------------------------
# Under an address-space limit (ulimit -v) loading streams and, when the
# dataset itself does not fit, fails cleanly: exit 1 (out of memory, not
# bad data) saying so, no crash, nothing written.  Where it fails depends
# on the limit (header buffer, parser chunks, threads, the dataset), so
# several limits are tried.  Not under ASan, which needs terabytes of
# address space for its shadow memory.
if grep -q __asan_init "$CAMTUNE" 2>/dev/null; then
	ok 0 "# SKIP address-space limits: camtune is built with AddressSanitizer"
else
	"$CAMTUNE" synth -n 300000 -o "$IN/big.csv"
	for kb in 20000 25000 30000 35000 40000 45000 50000 60000; do
		rm -rf "$OUT" && mkdir "$OUT"
		(ulimit -v "$kb" && exec "$CAMTUNE" optimize -q -o "$OUT/t.json" "$IN/big.csv") \
			>"$out" 2>"$err"
		status=$?
		if [ "$status" -eq 0 ]; then
			ok 0 "limit ${kb} KB: loads"
			continue
		fi
		is "$status" 1 "limit ${kb} KB: exit 1 (out of memory), not a crash or 'bad data'"
		contains "$err" "out of memory" "limit ${kb} KB: says out of memory"
		is "$(ls -A "$OUT")" "" "limit ${kb} KB: nothing written"
	done
fi

# ---- output paths --------------------------------------------------------
# out_fails CODE MESSAGE DESCRIPTION PATH: optimize -o PATH on good data.
out_fails() {
	run "$CAMTUNE" optimize -q -o "$4" "$SMALL"
	is "$status" "$1" "$3: exit $1"
	contains "$err" "$2" "$3: says '$2'"
	ok "$(test ! -e "$4"; echo $?)" "$3: nothing created"
}
out_fails 73 "cannot create: No such file or directory" "output in a missing directory" \
	"$TMPD/no/such/dir/t.json"
out_fails 73 "cannot create: Not a directory" "output under a file, where a directory is expected" \
	"$IN/empty.csv/t.json"
# As root a directory's mode does not stop writes: /proc is read-only for
# everyone (and below, a read-only mount when mount works).
out_fails 73 "/proc/t.json: cannot create" "output in /proc (read-only for root too)" /proc/t.json
if [ "$(id -u)" -ne 0 ]; then
	mkdir "$TMPD/ro" && chmod 555 "$TMPD/ro"
	out_fails 73 "Permission denied" "output in a read-only directory (mode 555)" "$TMPD/ro/t.json"
fi

# A path that is not a regular file is written in place, never replaced:
# as root, renaming over /dev/null would turn the device into a file.
run "$CAMTUNE" optimize -q -o /dev/null "$SMALL"
is "$status" 0 "-o /dev/null: exit 0"
ok "$(test -c /dev/null; echo $?)" "-o /dev/null: still a character device"
run "$CAMTUNE" optimize -q -o /dev/full "$SMALL"
is "$status" 73 "-o /dev/full: exit 73"
contains "$err" "No space left on device" "-o /dev/full: says so"
ok "$(test -c /dev/full; echo $?)" "-o /dev/full: still a character device"
run "$CAMTUNE" synth -n 1000 -o /dev/null
ok "$(test -c /dev/null; echo $?)" "synth -o /dev/null: still a character device"
mkfifo "$TMPD/fifo" && { cat "$TMPD/fifo" >"$TMPD/fifo.out" & }
run "$CAMTUNE" optimize -q -o "$TMPD/fifo" "$SMALL"
wait
is "$status" 0 "-o FIFO: exit 0"
contains "$TMPD/fifo.out" '"threshold"' "-o FIFO: the document went through the FIFO"
ok "$(test -p "$TMPD/fifo"; echo $?)" "-o FIFO: still a FIFO"

# Real read-only and full file systems: tiny tmpfs mounts, root only.
MNT="$TMPD/mnt"
mkdir -p "$MNT"
if [ "$(id -u)" -eq 0 ] && mount -t tmpfs -o size=8k,mode=0755 tmpfs "$MNT" 2>/dev/null; then
	trap 'umount "$MNT" 2>/dev/null; rm -rf "$TMPD"' EXIT
	# A full disk: an old thresholds file, then everything else filled.
	printf 'sentinel\n' >"$MNT/old.json"
	dd if=/dev/zero of="$MNT/fill" bs=1k count=64 2>/dev/null
	run "$CAMTUNE" optimize -q -o "$MNT/new.json" "$SMALL"
	is "$status" 73 "full disk: exit 73"
	contains "$err" "No space left on device" "full disk: says so"
	run "$CAMTUNE" optimize -q -o "$MNT/old.json" "$SMALL"
	is "$status" 73 "full disk, existing output: exit 73"
	is "$(cat "$MNT/old.json")" sentinel "full disk: the existing file keeps its content"
	run "$CAMTUNE" synth -n 5000 -o "$MNT/synth.csv"
	is "$status" 73 "full disk: synth exits 73"
	contains "$err" "No space left on device" "full disk: synth says so"
	is "$(ls -A "$MNT" | tr '\n' ' ')" "fill old.json " "full disk: no partial or temporary file left"
	umount "$MNT"
	mount -t tmpfs -o ro,size=8k tmpfs "$MNT"
	out_fails 73 "Read-only file system" "output on a read-only file system" "$MNT/t.json"
	umount "$MNT"
else
	ok 0 "# SKIP full disk and read-only mount: need root and a working mount (tmpfs)"
fi

# ---- thresholds files (eval -T, optimize --lock) -------------------------
J="$IN/json"
mkdir -p "$J"
printf '{"cameras": [\n' >"$J/malformed.json"
printf '{"cameras": [{"store": 5, "camera_id": "1", "threshold": 0.5}]}\n' >"$J/store-number.json"
printf '{"cameras": [{"store": "s1", "camera_id": "1", "threshold": "0.5"}]}\n' >"$J/threshold-string.json"
printf '{"cameras": [{"store": "s1", "camera_id": "1", "threshold": 0.5, "muted": 1}]}\n' >"$J/muted-number.json"
printf '{"cameras": {"s1": 0.5}}\n' >"$J/cameras-object.json"
printf '[{"store": "s1", "camera_id": "1", "threshold": 0.5}]\n' >"$J/array.json"
printf '{"cameras": [{"store": "s1", "camera_id": "1", "threshold": 1e999}]}\n' >"$J/overflow.json"
printf '{"cameras": [{"store": "s1", "camera_id": "1", "threshold": 0.5},
 {"store": "s1", "camera_id": "1", "threshold": 0.7}]}\n' >"$J/duplicate.json"
printf '{"cameras": [{"store": "s1", "camera_id": "1", "threshold": 0.5}]}\0\n' >"$J/nul.json"
# Strict JSON (issue 9): what a lenient parser would quietly resolve.
printf '{"cameras": [{"store": "s1", "camera_id": "1", "threshold": 0.5,\n "threshold": 0.9}]}\n' \
	>"$J/dupkey.json"
printf '{"totals": {"cameras": 1,\n\n "cameras": 2}, "cameras": []}\n' >"$J/dupkey-nested.json"
printf '{"cameras": [{"store": "s1", "camera_id": "1\\u0000x", "threshold": 0.5}]}\n' >"$J/nul-escape.json"
printf '{"cameras": [{"store": "s1", "camera_id": "1", "threshold": 0.5}]}\n{}\n' >"$J/trailing.json"
printf '{"cameras": []}\n,\n' >"$J/trailing-comma.json"
deep() { # deep N: a document with N levels of nesting
	printf '{"x": '
	i=2; while [ $i -le "$1" ]; do printf '['; i=$((i + 1)); done
	i=2; while [ $i -le "$1" ]; do printf ']'; i=$((i + 1)); done
	printf ',\n"cameras": []}\n'
}
deep 65 >"$J/deep.json"
printf '{"cameras": [{"store": "s1", "camera_id": "1", "threshold": 0.5,}]}\n' >"$J/comma.json"

for c in \
	"malformed.json|line 2, column 1: malformed JSON: unexpected end of file|malformed" \
	"store-number.json|line 1: cameras[0].store: expected a string|wrong type (store)" \
	"threshold-string.json|line 1: cameras[0].threshold: expected a finite number|wrong type (threshold)" \
	"muted-number.json|line 1: cameras[0].muted: expected true or false|wrong type (muted)" \
	"cameras-object.json|line 1: no \"cameras\" array|wrong type (cameras)" \
	"array.json|line 1: expected a JSON object with a \"cameras\" array|wrong type (document)" \
	"overflow.json|line 1: cameras[0].threshold: expected a finite number|threshold 1e999" \
	"duplicate.json|line 2: camera s1:1 appears more than once (also line 1)|duplicated camera" \
	"nul.json|line 1: binary data (NUL byte)|a NUL byte" \
	"dupkey.json|line 2: the key \"threshold\" appears twice in the same object|a key twice" \
	"dupkey-nested.json|line 3: the key \"cameras\" appears twice|a key twice in another object" \
	"nul-escape.json|line 1: \\u0000 in a string|\\u0000 in a camera id" \
	"trailing.json|line 2, column 1: malformed JSON: more data after the document|a second document" \
	"trailing-comma.json|line 2, column 1: malformed JSON: more data after the document|a comma after the document" \
	"deep.json|line 1: too deeply nested (more than 64 levels|65 levels of nesting" \
	"comma.json|line 1, column 65: malformed JSON: expected a key in quotes|a comma before '}'"; do
	f=${c%%|*} rest=${c#*|}
	jmsg=${rest%%|*} jdesc=${rest#*|}
	refuses 65 "$f: $jmsg" "thresholds $jdesc (--lock)" --lock "$J/$f" "$SMALL"
	run "$CAMTUNE" eval -q -T "$J/$f" "$SMALL"
	is "$status" 65 "thresholds $jdesc (eval): exit 65"
	contains "$err" "$f: $jmsg" "thresholds $jdesc (eval): says '$jmsg'"
done
refuses 66 "cannot open" "thresholds file missing (--lock)" --lock "$J/none.json" "$SMALL"

# Accepted: 64 levels, a byte order mark, escapes (a surrogate pair), any
# key order; warned: thresholds outside [0, 1] that are not a mute.
deep 64 >"$J/deep64.json"
printf '\357\273\277{"cameras": []}\n' >"$J/bom.json"
printf '{"cameras": [{"threshold": 0.5, "camera_id": 1, "store": "s\\u0031"},\n {"store": "\\ud83d\\ude00", "camera_id": "1", "threshold": 0.5}]}\n' >"$J/forms.json"
for f in deep64.json bom.json; do
	run "$CAMTUNE" optimize -q --lock "$J/$f" "$SMALL"
	is "$status" 0 "thresholds $f (--lock): exit 0"
	is "$(cat "$err")" "" "thresholds $f (--lock): no message"
done
run "$CAMTUNE" optimize -q --lock "$J/forms.json" "$SMALL"
is "$status" 0 "thresholds in any key order, with escapes (--lock): exit 0"
is "$(cat "$err")" "camtune: warning: $J/forms.json: camera 😀:1 is not in the data" \
	"thresholds with escapes: s\\u0031 is s1, a surrogate pair one character"
printf '{"cameras": [{"store": "s1", "camera_id": "1", "threshold": -0.5},
 {"store": "s1", "camera_id": "2", "threshold": 1.5},
 {"store": "s2", "camera_id": "1", "threshold": 1.5, "muted": true}]}\n' >"$J/range.json"
run "$CAMTUNE" optimize -q --lock "$J/range.json" "$SMALL"
is "$status" 0 "thresholds outside [0, 1] (--lock): exit 0"
contains "$err" "warning: $J/range.json: 1 threshold below 0 (line 1)" \
	"thresholds outside [0, 1]: a negative one is warned about, with its line"
contains "$err" "warning: $J/range.json: 1 threshold above 1 without \"muted\": true (line 2)" \
	"thresholds outside [0, 1]: one above 1 that is not a mute is warned about, with its line"
is "$(grep -c warning "$err")" 2 "thresholds outside [0, 1]: a mute above 1 is not warned about"
# camtune's own export of data with scores below 0: a camera at baseline
# is written at its lowest, negative, score ("fp_saved": 0): read back
# without a warning, as it is no slip.
printf ';store;video_name;label;probability\n0;s1;%s;Theft;0.9\n1;s1;%s;Normal;-0.2\n2;s1;%s;Normal;0.5\n3;s2;%s;Normal;-0.1\n' \
	"$V" "$V" "$V" "$(printf '%s' "$V" | sed 's/camera_1_/camera_2_/')" >"$TMPD/neg.csv"
"$CAMTUNE" optimize -q -t 0 -o "$J/neg.json" "$TMPD/neg.csv" >/dev/null 2>&1
ok "$(grep -c '"threshold":	-0.' "$J/neg.json" | grep -qv '^0$'; echo $?)" \
	"an export of scores below 0 has a negative baseline threshold"
run "$CAMTUNE" eval -q -T "$J/neg.json" "$TMPD/neg.csv"
ok "$(grep -c 'below 0' "$err")" "camtune's own negative baseline thresholds: no warning"
for c in "eval -T" "plot -O $TMPD/range-plot --thresholds"; do
	# shellcheck disable=SC2086
	run "$CAMTUNE" $c "$J/range.json" -q "$SMALL"
	contains "$err" "warning: $J/range.json: 1 threshold below 0 (line 1)" \
		"thresholds outside [0, 1]: ${c%% *} warns too"
done

# Any size (the old reader refused files above 256 MiB and held them in
# memory): 260 MiB of an unknown key's string, read in bounded memory
# (not under ASan, whose shadow memory needs the address space).
{ printf '{"pad": "'; head -c 272629760 /dev/zero | tr '\0' a
  printf '",\n"cameras": [{"store": "s1", "camera_id": "1", "threshold": 0.5}]}\n'; } >"$J/huge.json"
if grep -q __asan_init "$CAMTUNE" 2>/dev/null; then
	run "$CAMTUNE" optimize -q --lock "$J/huge.json" "$SMALL"
else
	run sh -c 'ulimit -v 100000 && exec "$@"' sh "$CAMTUNE" optimize -q --lock "$J/huge.json" "$SMALL"
fi
is "$status" 0 "thresholds file of 260 MiB (--lock): read, in less memory than its size"
rm -f "$J/huge.json"

# Unknown cameras are not an error: the file may come from other data.
printf '{"cameras": [{"store": "nope", "camera_id": "9", "threshold": 0.5},
 {"store": "s1", "camera_id": "1", "threshold": 0.6}]}\n' >"$J/unknown.json"
run "$CAMTUNE" eval -q -T "$J/unknown.json" "$SMALL"
is "$status" 0 "thresholds with an unknown camera (eval): exit 0"
contains "$out" "nope:9" "eval lists the camera that is not in the data"
run "$CAMTUNE" optimize -q --lock "$J/unknown.json" "$SMALL"
is "$status" 0 "thresholds with an unknown camera (--lock): exit 0"
contains "$err" "camera nope:9 is not in the data" "--lock warns about the unknown camera"

# ---- output, second round (issue 9) ----------------------------------------
# Standard output that cannot be written is an error (74), for every
# command that prints: a full disk must not look like a finished table.
if [ -w /dev/full ]; then
	# The small file's output fits stdio's buffer (the error comes at the
	# last flush); the wider one's does not (it comes mid-way, at a write).
	"$CAMTUNE" synth -n 20000 --seed 3 -o "$TMPD/wide.csv" 2>/dev/null
	for in in "$SMALL" "$TMPD/wide.csv"; do
		w=${in##*/}
		"$CAMTUNE" optimize -q -o "$TMPD/t9.json" "$in" >/dev/null 2>&1
		for c in "optimize" "optimize --json" "frontier" "frontier --json" "compare" \
			"compare --json" "eval -T $TMPD/t9.json" "eval --json -T $TMPD/t9.json" \
			"report" "report --json" "report --markdown" "backtest"; do
			# shellcheck disable=SC2086
			"$CAMTUNE" $c -q "$in" >/dev/full 2>"$err"
			st=$?
			if [ "$c" = backtest ] && [ "$st" -eq 65 ]; then
				continue # small.csv has too few timed alerts for folds
			fi
			is "$st" 74 "$c into /dev/full ($w): exit 74"
			contains "$err" "standard output: write error: No space left on device" \
				"$c into /dev/full ($w): says so"
		done
	done
	run_full() { "$CAMTUNE" synth -n 5000 >/dev/full 2>"$err"; }
	run_full
	is "$?" 74 "synth into /dev/full: exit 74"
	contains "$err" "standard output: write error" "synth into /dev/full: says so"
	"$CAMTUNE" optimize -q -o - "$SMALL" >/dev/full 2>"$err"
	is "$?" 74 "optimize -o - into /dev/full: exit 74"
	is "$(grep -c 'write error' "$err")" 1 "optimize -o - into /dev/full: said once"
else
	ok 0 "# SKIP no /dev/full"
fi

# -o naming standard output writes standard output, whatever it is: the
# /dev/stdout link is never replaced by a file.
run "$CAMTUNE" optimize -q -o /dev/stdout "$SMALL"
is "$status" 0 "-o /dev/stdout: exit 0"
contains "$out" '"threshold"' "-o /dev/stdout: the document is on standard output"
ok "$(test -L /dev/stdout || test -c /dev/stdout; echo $?)" "-o /dev/stdout: /dev/stdout is left as it was"

# A link to a file: the file gets the new contents, the link stays.
rm -rf "$OUT" && mkdir "$OUT" && printf 'old\n' >"$OUT/real.json" && ln -s real.json "$OUT/link.json"
run "$CAMTUNE" optimize -q -o "$OUT/link.json" "$SMALL"
is "$status" 0 "-o LINK to a file: exit 0"
ok "$(test -L "$OUT/link.json"; echo $?)" "-o LINK to a file: still a link"
contains "$OUT/real.json" '"threshold"' "-o LINK to a file: the file it names is written"
is "$(ls -A "$OUT" | tr '\n' ' ')" "link.json real.json " "-o LINK to a file: no temporary file left"
# A link to nothing: refused, not replaced by a file.
rm -rf "$OUT" && mkdir "$OUT" && ln -s nowhere.json "$OUT/dangling.json"
run "$CAMTUNE" optimize -q -o "$OUT/dangling.json" "$SMALL"
is "$status" 73 "-o LINK to nothing: exit 73"
contains "$err" "dangling.json: a symbolic link to nothing" "-o LINK to nothing: says so"
ok "$(test -L "$OUT/dangling.json"; echo $?)" "-o LINK to nothing: the link stays"
is "$(ls -A "$OUT" | tr '\n' ' ')" "dangling.json " "-o LINK to nothing: nothing created"
# A socket: not a file to write.
if command -v python3 >/dev/null 2>&1 &&
	python3 -c 'import socket,sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$OUT/sock" 2>/dev/null; then
	run "$CAMTUNE" optimize -q -o "$OUT/sock" "$SMALL"
	is "$status" 73 "-o SOCKET: exit 73"
	contains "$err" "sock: not a regular file, a device or a FIFO" "-o SOCKET: says so"
	ok "$(test -S "$OUT/sock"; echo $?)" "-o SOCKET: still a socket"
else
	ok 0 "# SKIP -o SOCKET: python3 cannot make a socket"
fi

# -o naming the input: refused (64) before anything is read, the data
# untouched, whether named directly, through a link, or as a .gz.
rm -rf "$OUT" && mkdir "$OUT"
cp "$SMALL" "$OUT/in.csv" && ln -s in.csv "$OUT/in-link.csv" && gzip -n -c "$SMALL" >"$OUT/in.csv.gz"
for c in "optimize -o $OUT/in.csv $OUT/in.csv|the input file itself" \
	"optimize -o $OUT/in-link.csv $OUT/in.csv|the input through a link (-o)" \
	"optimize -o $OUT/in.csv $OUT/in-link.csv|the input through a link (FILE)" \
	"optimize -o $OUT/in.csv.gz $OUT/in.csv.gz|a .gz input" \
	"report -o $OUT/in.csv $OUT/in.csv|report -o the input" \
	"tui -o $OUT/in.csv $OUT/in.csv|the explorer's -o the input"; do
	args=${c%%|*} desc=${c#*|}
	# shellcheck disable=SC2086
	run "$CAMTUNE" $args
	is "$status" 64 "-o naming $desc: exit 64"
	contains "$err" "is the input file" "-o naming $desc: says so"
	lacks "$err" "alerts loaded" "-o naming $desc: refused before reading"
done
same_file "$OUT/in.csv" "$SMALL" "-o naming the input: the data is untouched"
is "$(gzip -dc "$OUT/in.csv.gz" | cmp - "$SMALL" && echo same)" same "-o naming a .gz input: untouched"
is "$(ls -A "$OUT" | tr '\n' ' ')" "in-link.csv in.csv in.csv.gz " "-o naming the input: nothing created"

# A typo of a command is not a FILE for the explorer.
run "$CAMTUNE" optimise "$SMALL"
is "$status" 64 "camtune optimise FILE: exit 64"
contains "$err" "unknown command 'optimise' (did you mean 'optimize'?)" "camtune optimise: names the command"
run "$CAMTUNE" frontiers "$SMALL"
contains "$err" "did you mean 'frontier'?" "camtune frontiers: did you mean 'frontier'"
run "$CAMTUNE" "$(printf 'x\033[2Jy')" "$SMALL"
is "$status" 64 "an unknown command with an escape sequence: exit 64"
contains "$err" 'unknown command '"'"'x\x1b[2Jy'"'" "an unknown command: shown escaped"

# ---- interrupted runs leave no temporary file -------------------------------
# wait_for PATTERN PID: a bounded poll until a file matching PATTERN
# exists or process PID has ended.
wait_for() {
	n=0
	# shellcheck disable=SC2086
	while [ $n -lt 2000 ] && ! ls -d $1 >/dev/null 2>&1 && kill -0 "$2" 2>/dev/null; do
		sleep 0.01
		n=$((n + 1))
	done
}
# interrupt SIGNAL PATTERN DESCRIPTION CMD...: run CMD in the background,
# wait (a bounded poll, not a timing) until a file matching PATTERN exists,
# send SIGNAL, and expect the run to die of it.  When the run ended before
# the signal, the check is skipped, never passed by luck.
interrupt() {
	sig=$1 pattern=$2 desc=$3
	shift 3
	# a background job of a script starts with SIGINT ignored: reset it
	env --default-signal=INT "$@" >/dev/null 2>"$err" &
	pid=$!
	wait_for "$pattern" $pid
	kill -s "$sig" $pid 2>/dev/null
	wait $pid
	st=$?
	if [ "$st" -le 128 ]; then
		ok 0 "# SKIP $desc: the run ended (exit $st) before the signal"
		diag "$(head -c 300 "$err")"
		return 1
	fi
	is "$(kill -l $((st - 128)))" "$sig" "$desc: the run dies of SIG$sig"
	return 0
}
for sig in INT TERM HUP; do
	rm -rf "$OUT" && mkdir "$OUT" && printf 'sentinel\n' >"$OUT/old.csv.gz"
	if interrupt "$sig" "$OUT/old.csv.gz.tmp*" "synth -o, SIG$sig" \
		"$CAMTUNE" synth -z -n 2000000 -o "$OUT/old.csv.gz"; then
		is "$(ls -A "$OUT" | tr '\n' ' ')" "old.csv.gz " "synth -o, SIG$sig: no temporary file left"
		is "$(cat "$OUT/old.csv.gz")" sentinel "synth -o, SIG$sig: the old file is untouched"
	fi
done
# nohup: an ignored SIGHUP stays ignored (the run completes), sent once
# the temporary file exists (the clean-up is set up by then).
rm -rf "$OUT" && mkdir "$OUT"
env --ignore-signal=HUP "$CAMTUNE" synth -z -n 2000000 -o "$OUT/s.csv.gz" &
pid=$!
wait_for "$OUT/s.csv.gz.tmp*" $pid
kill -s HUP $pid 2>/dev/null
wait $pid
is "$?" 0 "synth with SIGHUP ignored (nohup): completes"
ok "$(test -s "$OUT/s.csv.gz"; echo $?)" "synth with SIGHUP ignored: the file is written"

# plot: every file goes to a hidden directory and moves in at the end, so
# an interrupted run leaves the old directory as it was.
"$CAMTUNE" synth --stores 20000 -n 400000 -o "$IN/many.csv"
for sig in INT TERM; do
	rm -rf "$OUT" && mkdir -p "$OUT/plots"
	printf 'old index\n' >"$OUT/plots/index.html" && printf 'old picture\n' >"$OUT/plots/frontier.svg"
	if interrupt "$sig" "$OUT/plots/.camtune-*" "plot, SIG$sig" \
		"$CAMTUNE" plot -q -O "$OUT/plots" "$IN/many.csv"; then
		is "$(ls -A "$OUT/plots" | tr '\n' ' ')" "frontier.svg index.html " \
			"plot, SIG$sig: only the old files, no hidden directory left"
		is "$(cat "$OUT/plots/index.html")" "old index" "plot, SIG$sig: the old index.html is untouched"
		is "$(cat "$OUT/plots/frontier.svg")" "old picture" "plot, SIG$sig: the old frontier.svg is untouched"
	fi
done
run "$CAMTUNE" plot -q -O "$OUT/plots" "$SMALL"
is "$status" 0 "plot after the interruptions: exit 0"
is "$(ls -A "$OUT/plots" | grep -c '^\.camtune')" 0 "plot: its hidden directory is gone after the commit"
contains "$OUT/plots/index.html" "<html" "plot: the new index.html is in place"

# Store names that would climb out of the output directory, hide the file,
# move the cursor or pass NAME_MAX: every picture stays in the directory,
# named with safe bytes, the long one cut (with its hash); the index links
# all of them (issue 9).
{
	printf '%s\n' "$HDR"
	i=0
	for st in "../../escape" "/etc/passwd" ".hidden" "$(printf 'e\033[2Jx')" \
		"$(awk 'BEGIN { for (i = 0; i < 4000; i++) printf "y" }')"; do
		row $i "$st" "$V" Theft 0.5
		row $((i + 1)) "$st" "$V" Other 0.3
		i=$((i + 2))
	done
} >"$IN/paths.csv"
rm -rf "$OUT/paths"
run "$CAMTUNE" plot -q -O "$OUT/paths" "$IN/paths.csv"
is "$status" 0 "plot: hostile store names: exit 0"
is "$(ls -A "$OUT/paths" | grep -v '^frontier\.svg$' | grep -c '\.svg$')" 5 \
	"plot: hostile store names: five pictures, in the output directory"
is "$(ls -A "$OUT/paths" | grep -c '^\.')" 0 "plot: hostile store names: no hidden file"
is "$(ls -A "$OUT/paths" | grep -c '[^A-Za-z0-9._-]')" 0 "plot: hostile store names: safe bytes only"
is "$(ls -A "$OUT/paths" | awk 'length($0) > 245' | wc -l | tr -d ' ')" 0 \
	"plot: a 4,000-byte store name: a file name of at most 245 bytes"
is "$(grep -o 'img loading="lazy" src="[^"]*"' "$OUT/paths/index.html" | sort -u | wc -l | tr -d ' ')" 5 \
	"plot: hostile store names: the index links five different pictures"
[ ! -e "$OUT/escape_cam1.svg" ] && [ ! -e "$IN/escape_cam1.svg" ]
ok $? "plot: ../../escape wrote nothing outside the output directory"

done_testing
