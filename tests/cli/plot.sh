#!/bin/sh
# plot.sh -- `camtune plot`: the files it writes, valid SVG, axis ticks that
# are round and match the data, the curve placed by those ticks, operating
# points, the index page, exit codes.
. "$top_srcdir/tests/lib.sh"
SMALL="$DATA/report/small.csv"

lint() { # lint FILE: xmllint when configure found it
	if [ -n "${XMLLINT_BIN:-}" ]; then
		"$XMLLINT_BIN" --noout "$1" 2>"$TMPD/lint"
		ok $? "xmllint accepts $(basename "$1")"
		[ -s "$TMPD/lint" ] && diag "$(cat "$TMPD/lint")"
	fi
	return 0
}

# Reads an SVG camera picture back: tick values and positions, the FP
# count of the title, the curve's first and last points.  Prints one line
# per problem (nothing when all is well).  LOG=1 for a log FP axis.
check_picture() { # check_picture FILE LOG
	awk -v LOG="$2" '
	function attr(name,   s) {
		if (!match($0, name "=\"[-0-9.]+\"")) return "";
		s = substr($0, RSTART + length(name) + 2, RLENGTH - length(name) - 3);
		return s + 0;
	}
	function inner(   s) {
		match($0, />[^<]*<\/text>/);
		s = substr($0, RSTART + 1, RLENGTH - 8);
		gsub(",", "", s);
		return s;
	}
	function abs(v) { return v < 0 ? -v : v }
	function nice(step,   e, m) {
		e = 1; while (step / e >= 10) e *= 10; while (step / e < 1) e /= 10;
		m = step / e;
		return abs(m - 1) < 1e-9 || abs(m - 2) < 1e-9 || abs(m - 5) < 1e-9;
	}
	/class="subtitle"/ && match($0, /FP [0-9,]+/) {
		s = substr($0, RSTART + 3, RLENGTH - 3); gsub(",", "", s); fp = s + 0;
		tp = match($0, /TP [0-9,]+/) ? substr($0, RSTART + 3, RLENGTH - 3) + 0 : -1;
	}
	/class="tick ytick"/ { ny++; yv[ny] = inner() + 0; yp[ny] = attr("y") - 4 }
	/class="tick xtick"/ { nx++; xv[nx] = inner() + 0; xp[nx] = attr("x") }
	/class="curve"/ { incurve = 1; d = "" }
	incurve { d = d " " $0; if ($0 ~ /"\/>/) incurve = 0 }
	END {
		if (ny < 2) { print "fewer than two y ticks"; exit }
		if (nx < 2) { print "fewer than two x ticks"; exit }
		# y ticks: round, evenly spaced, tight around the FP count.
		if (LOG) {
			# 0 in a band of its own, then 1, 10, 100 ...
			if (yv[1] != 0) print "log axis does not start at 0";
			for (i = 2; i <= ny; i++)
				if (yv[i] != 10 ^ (i - 2)) print "log tick " i " is " yv[i];
			if (yv[ny] < fp) print "top tick " yv[ny] " below FP " fp;
			if (ny > 3 && yv[ny - 1] >= fp) print "log axis not tight";
		} else {
			if (yv[1] != 0) print "y axis does not start at 0";
			step = yv[2] - yv[1];
			if (!nice(step)) print "y step " step " is not 1, 2 or 5 x 10^k";
			for (i = 2; i <= ny; i++)
				if (abs(yv[i] - yv[i - 1] - step) > 1e-9) print "uneven y ticks";
			if (yv[ny] < fp) print "top tick " yv[ny] " below FP " fp;
			if (yv[ny - 1] >= fp && fp > 0) print "y axis not tight: " yv[ny - 1] " >= " fp;
		}
		xstep = xv[2] - xv[1];
		if (!nice(xstep)) print "x step " xstep " is not round";
		# The curve, placed through the tick positions.
		n = split(d, tok, /[ML" ]+/);
		k = 0;
		for (i = 1; i <= n; i++) if (tok[i] ~ /^[0-9.]+$/) pt[++k] = tok[i] + 0;
		if (k < 4) { print "no curve"; exit }
		fx = pt[1]; fy = pt[2]; lx = pt[k - 1]; ly = pt[k];
		# pixel of FP value v on the y axis
		if (LOG) yfp = fp < 1 ? yp[1] : yp[2] + (yp[ny] - yp[2]) * log(fp) / log(yv[ny]);
		else yfp = yp[1] + (yp[ny] - yp[1]) * fp / yv[ny];
		if (abs(fy - yfp) > 0.15) print "curve starts at y " fy ", FP " fp " is at " yfp;
		if (abs(ly - yp[1]) > 0.15) print "curve ends at y " ly ", not at 0 FP (" yp[1] ")";
		if (tp > 0) {
			# recall axis 0..1: starts at recall 1, ends at recall 0
			if (xv[1] != 0 || xv[nx] != 1) print "recall axis is " xv[1] ".." xv[nx];
			if (abs(fx - xp[nx]) > 0.15) print "curve starts at x " fx ", recall 1 is at " xp[nx];
			if (abs(lx - xp[1]) > 0.15) print "curve ends at x " lx ", recall 0 is at " xp[1];
		}
	}' "$1"
}

# ---- the small fixture -----------------------------------------------------
O="$TMPD/out"
run "$CAMTUNE" plot -q -O "$O" "$SMALL"
is "$status" 0 "plot exits 0"
for f in store-a_cam1.svg store-b_cam2.svg store-c_cam7.svg frontier.svg index.html; do
	[ -s "$O/$f" ]; ok $? "wrote $f"
done
for f in "$O"/*.svg; do lint "$f"; done
is "$(ls "$O" | grep -c tmp)" 0 "no temporary file left"

A="$O/store-a_cam1.svg"
contains "$A" "store-a · camera 1" "title names store and camera"
contains "$A" "alerts 10 · TP 4~ · FP 6 · AUC – (withheld: fewer than 5 thefts) · ~ fewer than 20 thefts: noisy" \
	"title: alerts, TP marked few, FP, AUC withheld on 4 thefts"
contains "$A" ">recall (share of thefts kept)<" "x axis labelled recall"
contains "$A" ">FP kept<" "y axis labelled FP kept"
is "$(grep 'class="tick ytick"' "$A" | sed 's/.*>\([^<]*\)<.*/\1/' | tr '\n' ' ')" "0 1 2 3 4 5 6 " \
	"store-a: FP ticks 0 1 2 3 4 5 6"
is "$(grep 'class="tick xtick"' "$A" | sed 's/.*>\([^<]*\)<.*/\1/' | tr '\n' ' ')" \
	"0.0 0.2 0.4 0.6 0.8 1.0 " "store-a: recall ticks 0.0 .. 1.0"
is "$(check_picture "$A" 0)" "" "store-a: ticks round and tight, curve from (1, 6 FP) to (0, 0)"
contains "$A" "2 FP below the lowest theft (0.2): no theft in the history" "store-a: free FP noted, as history"
lacks "$A" 'class="operating-point"' "no operating point unless asked"

B="$O/store-b_cam2.svg"
contains "$B" "recall is undefined" "theft-free camera: recall undefined"
contains "$B" ">threshold (alerts kept when probability" "theft-free camera: FP against threshold"
is "$(grep 'class="tick xtick"' "$B" | sed 's/.*>\([^<]*\)<.*/\1/' | tr '\n' ' ')" \
	"-0.1 0.0 0.1 0.2 0.3 0.4 " "store-b: threshold ticks cover -0.05 .. 0.4"
is "$(check_picture "$B" 0)" "" "store-b: ticks round and tight, curve from 4 FP to 0"
is "$(check_picture "$O/store-c_cam7.svg" 0)" "" "store-c: ticks and curve"

# Index: every picture, cameras in FP order (a 6, b 4, c 2).
I="$O/index.html"
for f in store-a_cam1.svg store-b_cam2.svg store-c_cam7.svg frontier.svg; do
	contains "$I" "src=\"$f\"" "index shows $f"
done
order=$(grep -o 'img loading="lazy" src="[^"]*"' "$I" | sed 's/.*src="//; s/"//' | tr '\n' ' ')
is "$order" "store-a_cam1.svg store-b_cam2.svg store-c_cam7.svg " "index: cameras by FP, most first"
contains "$I" "TP 4 ~ (fewer than 20 thefts: noisy), FP 6, AUC – (withheld: fewer than 5 thefts), AP 0.567, 2 FP below the lowest theft (no theft in the history)" "index: key numbers"

F="$O/frontier.svg"
for s in exact hull uniform greedy; do
	contains "$F" "data-strategy=\"$s\"" "frontier draws $s"
done
contains "$F" "target: 1.20 FP saved (10%)" "frontier: target line at 10 % of 12 FP"
contains "$F" 'class="target"' "frontier: target drawn as a line"

# ---- log axis --------------------------------------------------------------
run "$CAMTUNE" plot -q --log -O "$TMPD/log" "$SMALL"
is "$status" 0 "--log exits 0"
is "$(grep 'class="tick ytick"' "$TMPD/log/store-a_cam1.svg" | sed 's/.*>\([^<]*\)<.*/\1/' | tr '\n' ' ')" \
	"0 1 10 " "--log: FP ticks 0 1 10"
is "$(check_picture "$TMPD/log/store-a_cam1.svg" 1)" "" "--log: curve placed on the log axis"
contains "$TMPD/log/store-a_cam1.svg" "FP kept (log scale)" "--log: axis says so"

# ---- operating points from a thresholds file -------------------------------
cat >"$TMPD/t.json" <<'JSON'
{"strategy": "manual", "cameras": [
 {"store": "store-a", "camera_id": "1", "threshold": 0.8},
 {"store": "store-b", "camera_id": "2", "threshold": 0.3},
 {"store": "elsewhere", "camera_id": "9", "threshold": 0.5}]}
JSON
run "$CAMTUNE" plot -q -O "$TMPD/th" --thresholds "$TMPD/t.json" "$SMALL"
is "$status" 0 "--thresholds exits 0"
contains "$err" "1 camera is not in the data" "--thresholds: unknown camera reported"
A="$TMPD/th/store-a_cam1.svg"
contains "$A" ">threshold 0.8<" "store-a: operating point labelled with its threshold"
contains "$A" "recall 0.500 · 1 FP kept" "store-a: at recall 0.5, 1 FP kept"
# The marker sits at (recall 0.5, 1 FP) on the axes.
pos=$(awk '
	/class="tick xtick"/ && />0.4</ { match($0, /x="[0-9.]+"/); x04 = substr($0, RSTART + 3, RLENGTH - 4) }
	/class="tick xtick"/ && />0.6</ { match($0, /x="[0-9.]+"/); x06 = substr($0, RSTART + 3, RLENGTH - 4) }
	/class="tick ytick"/ && />0</ { match($0, /y="[0-9.]+"/); y0 = substr($0, RSTART + 3, RLENGTH - 4) - 4 }
	/class="tick ytick"/ && />2</ { match($0, /y="[0-9.]+"/); y2 = substr($0, RSTART + 3, RLENGTH - 4) - 4 }
	/class="point"/ { match($0, /cx="[0-9.]+"/); cx = substr($0, RSTART + 4, RLENGTH - 5)
	                  match($0, /cy="[0-9.]+"/); cy = substr($0, RSTART + 4, RLENGTH - 5) }
	END { dx = cx - (x04 + x06) / 2; dy = cy - (y0 + y2) / 2
	      print (dx < 0.2 && dx > -0.2 && dy < 0.2 && dy > -0.2) ? "on" : "off " cx "," cy }' "$A")
is "$pos" "on" "store-a: marker at recall 0.5, 1 FP"
contains "$TMPD/th/store-b_cam2.svg" "2 FP kept" "store-b: threshold 0.3 keeps 2 FP"
lacks "$TMPD/th/store-c_cam7.svg" 'class="operating-point"' "store-c: not in the file, no point"
contains "$TMPD/th/index.html" "operating point 0.8 (1 FP kept)" "index: operating point"

# ---- operating points from a solve ------------------------------------------
run "$CAMTUNE" plot -q -O "$TMPD/solve" --target 10% --strategy exact "$SMALL"
is "$status" 0 "--target/--strategy exits 0"
is "$(cat "$TMPD"/solve/*.svg | grep -c 'class="operating-point"')" 3 "every camera gets a point"
contains "$TMPD/solve/store-a_cam1.svg" "(exact, target 10%)" "the point says where it came from"
run "$CAMTUNE" plot -q -O "$TMPD/unreach" --target 100% --min-recall 1 "$SMALL"
is "$status" 3 "unreachable target: exit 3"
[ -s "$TMPD/unreach/index.html" ]; ok $? "... after writing the pictures"

# ---- a larger generated camera: thousands separators, nice steps ------------
awk 'BEGIN {
	print ";store;video_name;label;probability";
	v = "2023-05-31_20h32m14s_to_2023-05-31_20h32m30s_camera_5_ip_10.0.0.1_port_8000.mp4";
	for (i = 0; i < 1234; i++) printf "%d;big;%s;Other Normal;%.6f\n", i, v, i / 1234;
	printf "%d;big;%s;Theft;0.5\n%d;big;%s;Theft;0.7\n%d;big;%s;Theft;0.9\n", 2000, v, 2001, v, 2002, v;
	w = "2023-05-31_20h32m14s_to_2023-05-31_20h32m30s_camera_6_ip_10.0.0.1_port_8000.mp4";
	printf "3000;a&b<c>d;%s;Other Normal;0.25\n3001;a&b<c>d;%s;Theft;0.5\n", w, w;
}' >"$TMPD/gen.csv"
run "$CAMTUNE" plot -q -O "$TMPD/gen" "$TMPD/gen.csv"
is "$status" 0 "generated data: exit 0"
G="$TMPD/gen/big_cam5.svg"
is "$(grep 'class="tick ytick"' "$G" | sed 's/.*>\([^<]*\)<.*/\1/' | tr '\n' ' ')" \
	"0 200 400 600 800 1,000 1,200 1,400 " "1,234 FP: ticks 0 200 .. 1,400"
is "$(check_picture "$G" 0)" "" "1,234 FP: curve placed by the ticks"
contains "$G" "alerts 1,237 · TP 3~ · FP 1,234" "title with thousands separators"
E="$TMPD/gen/a_b_c_d_cam6.svg"
[ -s "$E" ]; ok $? "store name with markup: file name made safe"
contains "$E" "a&amp;b&lt;c&gt;d · camera 6" "store name escaped in the picture"
lint "$E"
lint "$TMPD/gen/frontier.svg"

# ---- file names: collisions, long names (issue 9) ----------------------------
# Store "a/b" and store "a_b" sanitise to the same name, and the old "-2"
# suffix of the second one met camera "1-2" of store "a_b"; "A_B" meets
# them on a file system without case.  Names that collide take a hash of
# their exact name; the others keep the plain one.
V1=2023-05-31_20h32m14s_to_2023-05-31_20h32m30s_camera_1_ip_10.1.2.3_port_8000.mp4
LONG=$(awk 'BEGIN { for (i = 0; i < 300; i++) printf "x" }')
{
	echo ";store;video_name;label;probability;cam"
	i=0
	for sc in "a/b|1" "a_b|1" "a_b|1-2" "A_B|1" "$LONG|1" "${LONG}y|1" "plain|1"; do
		st=${sc%|*} cam=${sc#*|}
		printf '%d;%s;%s;Theft;0.9;%s\n%d;%s;%s;Other;0.2;%s\n' $i "$st" "$V1" "$cam" \
			$((i + 1)) "$st" "$V1" "$cam"
		i=$((i + 2))
	done
} >"$TMPD/names.csv"
N="$TMPD/names"
run "$CAMTUNE" plot -q --camera-column cam -O "$N" "$TMPD/names.csv"
is "$status" 0 "colliding and long names: exit 0"
pictures() { ls "$1" | grep -v '^frontier\.svg$' | grep -c '\.svg$'; }
is "$(pictures "$N")" 7 "colliding and long names: one picture per camera (7)"
[ -s "$N/a_b_cam1-2.svg" ]; ok $? "a_b:1-2 keeps its plain name (nothing collides with it)"
[ -s "$N/plain_cam1.svg" ]; ok $? "plain:1 keeps its plain name"
is "$(ls "$N" | grep -c '^a_b_cam1-[0-9a-f]\{8\}\.svg$')" 2 "a/b:1 and a_b:1: a hash each"
is "$(ls "$N" | grep -c '^A_B_cam1-[0-9a-f]\{8\}\.svg$')" 1 "A_B:1 (same name without case): a hash"
longest=$(ls "$N" | awk '{ if (length($0) > m) m = length($0) } END { print m }')
is "$longest" 245 "a 300-byte name is cut to 245 bytes (NAME_MAX less the temporary suffix)"
is "$(ls "$N" | grep -c '^xxxx*-[0-9a-f]\{8\}\.svg$')" 2 "two long names alike for 300 bytes: two files, hashed"
# Each picture of the index is its own camera's: the alt text names the
# camera whose title the picture has.
bad=$(grep -o 'src="[^"]*" alt="[^"]* camera [^"]*"' "$N/index.html" | while read -r line; do
	f=$(echo "$line" | sed 's/^src="\([^"]*\)".*/\1/')
	want=$(echo "$line" | sed 's/.* alt="\(.*\) camera \([^"]*\)"$/\1 · camera \2/')
	grep -qF -- "$want" "$N/$f" || echo "$f is not $want"
done)
is "$bad" "" "index: every camera links its own picture"
is "$(grep -o 'src="[^"]*"' "$N/index.html" | sort | uniq -d)" "" "index: no picture linked twice"
# Names do not depend on the order of the rows.
{ head -n 1 "$TMPD/names.csv"; tail -n +2 "$TMPD/names.csv" | sort -r; } >"$TMPD/names-rev.csv"
run "$CAMTUNE" plot -q --camera-column cam -O "$TMPD/names-rev" "$TMPD/names-rev.csv"
is "$(ls "$TMPD/names-rev" | tr '\n' ' ')" "$(ls "$N" | tr '\n' ' ')" "same names whatever the row order"

# ---- how many pictures: --top, --all, the default from 40,000 cameras ---------
run "$CAMTUNE" plot -O "$TMPD/top" --top 2 "$SMALL"
is "$status" 0 "--top 2: exit 0"
is "$(ls "$TMPD/top" | tr '\n' ' ')" "frontier.svg index.html store-a_cam1.svg store-b_cam2.svg " \
	"--top 2: the two cameras with the most FP (6 and 4), the frontier and the index"
is "$(grep -c '<figure' "$TMPD/top/index.html")" 2 "--top 2: the index shows those two"
contains "$TMPD/top/index.html" "The 2 cameras with the most FP, of 3" "--top 2: the index says so"
contains "$out" "2 of 3 camera pictures (the most FP), frontier.svg and index.html written to" \
	"--top 2: the summary says so"
run "$CAMTUNE" plot -q -O "$TMPD/top9" --top 9 "$SMALL"
is "$(grep -c '<figure' "$TMPD/top9/index.html")" 3 "--top 9 of 3 cameras: all three"
lacks "$TMPD/top9/index.html" "with the most FP, of" "--top 9 of 3: nothing left out, nothing said"
for bad in 0 -1 x 2x ""; do
	run "$CAMTUNE" plot -q -O "$TMPD/x" --top "$bad" "$SMALL"
	is "$status" 64 "--top '$bad': exit 64"
done
run "$CAMTUNE" plot -q -O "$TMPD/x" --top 2 --all "$SMALL"
is "$status" 64 "--top with --all: exit 64"

# 500 stores of 100 cameras, a few alerts each: about 46,000 cameras.
"$CAMTUNE" synth --stores 500 --cameras-per-store 100 -n 250000 -o "$TMPD/many.csv" 2>/dev/null
ncams=$("$CAMTUNE" report --json -q "$TMPD/many.csv" | grep -c '"camera_id"')
[ "$ncams" -ge 40000 ]; ok $? "the generated fleet has 40,000 cameras or more ($ncams)"
run "$CAMTUNE" plot -q -O "$TMPD/many" "$TMPD/many.csv"
is "$status" 0 "40,000+ cameras: exit 0"
contains "$err" "cameras: pictures of the 500 with the most FP only (--top 500); --all writes every one" \
	"40,000+ cameras: says on stderr that it writes the top 500"
is "$(pictures "$TMPD/many")" 500 "40,000+ cameras: 500 pictures"
[ -s "$TMPD/many/index.html" ] && [ -s "$TMPD/many/frontier.svg" ]
ok $? "40,000+ cameras: the index and the frontier too"
# the 500 written are those with the most FP: none left out has more
awk '/<figcaption/ && match($0, /FP [0-9,]+, AUC/) { s = substr($0, RSTART + 3, RLENGTH - 8); gsub(",", "", s); print s }' \
	"$TMPD/many/index.html" | sort -n | head -n 1 >"$TMPD/least"
"$CAMTUNE" report --json -q "$TMPD/many.csv" |
	awk '/"camera_id"/ { c = 1 } c && /"fp":/ { s = $0; gsub(/[^0-9]/, "", s); print s; c = 0 }' |
	sort -rn | sed -n 500p >"$TMPD/fp500"
is "$(cat "$TMPD/least")" "$(cat "$TMPD/fp500")" "40,000+ cameras: the least FP shown is the 500th most"
run "$CAMTUNE" plot -q -O "$TMPD/many-top" --top 20 "$TMPD/many.csv"
is "$(pictures "$TMPD/many-top")" 20 "40,000+ cameras, --top 20: 20 pictures"
lacks "$err" "--all writes" "40,000+ cameras, --top 20: no note (asked for)"
run "$CAMTUNE" plot -q -O "$TMPD/many-all" --all "$TMPD/many.csv"
is "$status" 0 "40,000+ cameras, --all: exit 0"
is "$(pictures "$TMPD/many-all")" "$ncams" "40,000+ cameras, --all: every picture"
lacks "$err" "--all writes" "40,000+ cameras, --all: no note"
rm -rf "$TMPD/many-all"

# ---- -v: the stages and each picture on stderr -------------------------------
run "$CAMTUNE" plot -v -q -O "$TMPD/verbose" -t 10% "$SMALL"
is "$status" 0 "plot -v: exit 0"
for stage in load prepare solve pictures frontier write total; do
	is "$(grep -c "^camtune: $stage: [0-9]*\.[0-9]* s" "$err")" 1 "plot -v: the $stage stage and its time"
done
is "$(grep -c '^camtune:   picture .*\.svg$' "$err")" 3 "plot -v: each picture written"
is "$(grep -c '^camtune:   camera .*: threshold ' "$err")" 3 "plot -v: each camera's operating point"
run "$CAMTUNE" plot -O "$TMPD/verbose" -t 10% "$SMALL"
lacks "$err" "camtune: pictures:" "plot without -v: no stage"
lacks "$err" "camtune:   picture" "plot without -v: no picture detail"

# ---- errors -----------------------------------------------------------------
run "$CAMTUNE" plot -q -O /dev/null/x "$SMALL"
is "$status" 73 "output directory cannot be created: exit 73"
contains "$err" "/dev/null/x" "... and the message names it"
: >"$TMPD/afile"
run "$CAMTUNE" plot -q -O "$TMPD/afile" "$SMALL"
is "$status" 73 "output directory is a file: exit 73"
run "$CAMTUNE" plot -q --thresholds "$TMPD/t.json" --target 10% "$SMALL"
is "$status" 64 "--thresholds with --target: exit 64"
run "$CAMTUNE" plot -q -O "$TMPD/x" --thresholds "$TMPD/none.json" "$SMALL"
is "$status" 66 "missing thresholds file: exit 66"
run "$CAMTUNE" plot -q -O "$TMPD/x" "$TMPD/none.csv"
is "$status" 66 "missing input: exit 66"
run "$CAMTUNE" plot --help
is "$status" 0 "--help exits 0"
contains "$out" "Usage: camtune plot" "--help on stdout"

done_testing
