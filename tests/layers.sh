#!/bin/sh
# layers.sh -- the whole program's layers call downward only, and the core
# is pure (doc/style.md, "Layers").  The layers, lowest first: core, io
# (with the generator), report, tui, cli (the objects of the binary).  A
# symbol one layer uses that a higher layer defines fails; so does a
# symbol of the core that is neither the core's own nor on the allow-list
# of libc, libm and pthreads calls a pure library may make (no files, no
# terminal, no environment, no clock).  tests/tui/layers.sh checks the
# explorer's modules among themselves.
. "$top_srcdir/tests/lib.sh"

if ! command -v nm >/dev/null 2>&1 || ! command -v ar >/dev/null 2>&1; then
	echo "1..0 # SKIP nm or ar missing"
	exit 0
fi
b=$(cd "$top_builddir" && pwd)

# objects LAYER: the object files of a layer, extracted into $TMPD/LAYER
objects() {
	mkdir -p "$TMPD/$1"
	case $1 in
	cli) cp "$b"/src/cli/camtune-*.o "$TMPD/cli/" ;;
	*) (cd "$TMPD/$1" && ar x "$b/libcamtune_$1.a") ;;
	esac
	ls "$TMPD/$1"/*.o
}
rank=0
: >"$TMPD/defs"
: >"$TMPD/uses"
for layer in core io report tui cli; do
	for o in $(objects $layer); do
		m=$(basename "$o" .o)
		nm -g --defined-only "$o" | awk -v l=$layer -v r=$rank -v m="$m" \
			'NF == 3 { print $3, r, l, m }' >>"$TMPD/defs"
		nm -u "$o" | awk -v l=$layer -v r=$rank -v m="$m" \
			'{ print $2, r, l, m }' >>"$TMPD/uses"
	done
	rank=$((rank + 1))
done
sort -k1,1 "$TMPD/defs" >"$TMPD/defs.s"
sort -k1,1 "$TMPD/uses" >"$TMPD/uses.s"
n=$(wc -l <"$TMPD/defs.s")
ok "$([ "$n" -gt 200 ] && echo 0 || echo 1)" "the layers' symbols were read ($n definitions)"
n=$(awk '$3 == "cli"' "$TMPD/defs.s" | wc -l)
ok "$([ "$n" -gt 10 ] && echo 0 || echo 1)" "the binary's own objects were read ($n definitions)"

# symbol user-rank user-layer user-module def-rank def-layer def-module
join "$TMPD/uses.s" "$TMPD/defs.s" >"$TMPD/edges"
up=$(awk '$5 > $2 { printf "%s (%s) uses %s of %s (%s)\n", $4, $3, $1, $7, $6 }' "$TMPD/edges")
is "$up" "" "no layer calls a layer above it"

# The core's calls outside itself: only these.
allow='^(_GLOBAL_OFFSET_TABLE_|__stack_chk_fail|__cpu_indicator_init|__cpu_model|__(asan|ubsan|sanitizer|lsan)_.*|__errno_location|__ctype_b_loc|__ctype_(tolower|toupper)_loc|__assert_fail|malloc|calloc|realloc|free|aligned_alloc|posix_memalign|mem(cpy|move|set|cmp|chr)|bcmp|str(len|nlen|cmp|ncmp|chr|rchr|str|dup|ndup|spn|cspn|tod|tol|toul|toll|toull|tof)|snprintf|vsnprintf|qsort|bsearch|abort|pthread_(create|join|mutex_.*|cond_.*|once)|sysconf|(exp|exp2|expm1|log|log2|log10|log1p|sqrt|cbrt|pow|erf|erfc|lgamma|tgamma|floor|ceil|round|trunc|fabs|fmin|fmax|fmod|nextafter|ldexp|frexp|hypot|sin|cos|tan|atan|atan2)f?)$'
awk '$3 == "core" { print $1 }' "$TMPD/uses.s" | sort -u >"$TMPD/core_uses"
awk '$3 == "core" { print $1 }' "$TMPD/defs.s" | sort -u >"$TMPD/core_defs"
outside=$(comm -23 "$TMPD/core_uses" "$TMPD/core_defs" | grep -Ev "$allow" | tr '\n' ' ')
is "$outside" "" "the core calls nothing outside libc's pure part, libm and pthreads"
n=$(comm -23 "$TMPD/core_uses" "$TMPD/core_defs" | wc -l)
ok "$([ "$n" -gt 5 ] && echo 0 || echo 1)" "the core's outside calls were read ($n)"
done_testing
