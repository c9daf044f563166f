#!/bin/sh
# after.sh -- after deployment (doc/domain.md "After deployment"), on
# month-ahead synthetic fleets where 5 of 45 cameras broke (synth
# --break-cameras 5: normal alerts 1.5 logit higher, twice as many):
#  - monitor flags at least 4 of the 5 broken cameras and at most 3 of
#    the other 40, on each fleet;
#  - thresholds tuned on month 1 and re-tuned on month 2 with
#    --max-changes 5 change at most 5 cameras; where the untouched month-1
#    thresholds miss the FP target on month 3, the re-tuned ones meet it,
#    losing at most 20 % (+2) more of month 3's thefts than a full re-tune.
# The broken cameras are told by the data: their FP count against the
# same month drawn without the break.  Needs python3 to read the JSON.
. "${top_srcdir:-.}/tests/lib.sh"
command -v python3 >/dev/null 2>&1 || skip_all "python3 not found (reads the JSON)"
CAMTUNE=$(cd "$(dirname "$CAMTUNE")" && pwd)/$(basename "$CAMTUNE")
export CAMTUNE TMPD
python3 - "$@" >"$TMPD/report" <<'PY'
import json, os, subprocess
C, D = os.environ['CAMTUNE'], os.environ['TMPD']
def run(*a):
    return subprocess.run([C, *a], capture_output=True, text=True)
def js(*a):
    r = run(*a)
    return json.loads(r.stdout)
def fp_by_camera(thresholds, data):
    return {(c['store'], c['camera_id']): c['fp_kept']
            for c in js('eval', '-q', '--json', '-T', thresholds, data)['cameras']}
def m3(thresholds, seed):
    t = js('eval', '-q', '--json', '-T', thresholds, f'{D}/s{seed}m3.csv')['totals']
    return 100.0 * t['fp_saved'] / t['baseline_fp'], t['tp_lost']
for seed in (1, 2, 3):
    for m in (1, 2, 3):
        brk = [] if m == 1 else ['--break-cameras', '5']
        run('synth', '-s', str(seed), '--month', str(m), *brk, '-o', f'{D}/s{seed}m{m}.csv')
    run('synth', '-s', str(seed), '--month', '2', '-o', f'{D}/s{seed}clean.csv')
    run('optimize', '-q', '-t', '0', '-o', f'{D}/s{seed}t0.json', f'{D}/s{seed}m1.csv')
    a = fp_by_camera(f'{D}/s{seed}t0.json', f'{D}/s{seed}m2.csv')
    b = fp_by_camera(f'{D}/s{seed}t0.json', f'{D}/s{seed}clean.csv')
    broken = {k for k in a if a[k] > 1.5 * b.get(k, 1e18)}
    for target in ('30%', '50%', '70%'):
        t1 = f'{D}/s{seed}t1_{target}.json'
        run('optimize', '-q', '-t', target, '-o', t1, f'{D}/s{seed}m1.csv')
        mon = js('monitor', '-q', '--json', '-T', t1, f'{D}/s{seed}m2.csv')
        flagged = {(c['store'], c['camera_id']) for c in mon['cameras'] if c['verdict'] == 'drifted'}
        print(f'MONITOR seed={seed} target={target} broken={len(broken)} '
              f'hit={len(broken & flagged)} false={len(flagged - broken)} others={45 - len(broken)}')
        t2, tf = f'{D}/s{seed}t2_{target}.json', f'{D}/s{seed}tf_{target}.json'
        r = run('optimize', '-q', '-t', target, '--from', t1, '--max-changes', '5', '-o', t2,
                f'{D}/s{seed}m2.csv')
        run('optimize', '-q', '-t', target, '-o', tf, f'{D}/s{seed}m2.csv')
        changed = json.load(open(t2))['from']['changed'] if os.path.exists(t2) else -1
        (s1, l1), (s2, l2), (sf, lf) = m3(t1, seed), m3(t2, seed), m3(tf, seed)
        goal = float(target[:-1])
        print(f'RETUNE seed={seed} target={target} rc={r.returncode} changed={changed} '
              f'untouched_met={int(s1 >= goal)} retuned_met={int(s2 >= goal)} '
              f'retuned_lost={l2} full_lost={lf} untouched={s1:.2f} retuned={s2:.2f} full={sf:.2f}')
PY
sed 's/^/# /' "$TMPD/report"
n=$(grep -c '^MONITOR' "$TMPD/report")
is "$n" 9 "monitor judged 3 fleets at 3 targets"
bad=$(awk '/^MONITOR/ { split($4, b, "="); split($5, h, "="); split($6, f, "=");
	if (b[2] != 5 || h[2] < 4 || f[2] > 3) print }' "$TMPD/report")
is "$bad" "" "monitor flags >= 4 of the 5 broken cameras and <= 3 of the other 40"
bad=$(awk '/^RETUNE/ { split($4, r, "="); split($5, c, "=");
	if (r[2] != 0 || c[2] > 5 || c[2] < 0) print }' "$TMPD/report")
is "$bad" "" "--max-changes 5: exit 0, at most 5 cameras changed"
bad=$(awk '/^RETUNE/ { split($6, u, "="); split($7, k, "="); split($8, l, "="); split($9, f, "=");
	if (u[2] == 0 && (k[2] != 1 || l[2] > 1.2 * f[2] + 2)) print }' "$TMPD/report")
is "$bad" "" "where the untouched thresholds miss month 3's target, the re-tuned meet it, within 20 % (+2) of a full re-tune's thefts lost"
missed=$(awk '/^RETUNE/ && /untouched_met=0/' "$TMPD/report" | wc -l)
ok $([ "$missed" -ge 1 ] && echo 0 || echo 1) "the untouched month-1 thresholds miss month 3's target somewhere ($missed of 9)"
done_testing
