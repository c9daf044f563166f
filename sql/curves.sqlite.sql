-- curves.sqlite.sql -- sql/curves.sql in SQLite's dialect (3.25 or later:
-- window functions), the same summary (format version 2, see
-- doc/warehouse.md) row for row.  What differs: instr() and substr() for
-- POSITION ... IN and SUBSTRING ... FROM ... FOR, TEXT and REAL for the
-- casts, printf('%!.17g') for the score (SQLite writes 15 digits by
-- default, which can move a threshold: 17 significant digits read back as
-- the same double), and a probability must be stored as a number: a row
-- whose probability is text (an empty field of .import, "NaN") is left
-- out, as the loader leaves out an empty or unparsable one.  Run it with
-- the sqlite3 shell, for instance
--
--   sqlite3 -header -csv -separator ';' alerts.db '.read curves.sqlite.sql' >summary.csv
--
-- with the table named on the line marked "camtune: source".
WITH alerts_in AS (
    SELECT store, video_name, label, probability FROM alerts -- camtune: source
),
typed AS (
    SELECT CAST(store AS TEXT) AS store, CAST(video_name AS TEXT) AS video_name,
        CAST(label AS TEXT) AS label, probability
    FROM alerts_in
    WHERE typeof(probability) IN ('integer', 'real')
),
cams AS (
    SELECT store, label, probability,
        -- camtune: camera begin, with --camera-column: video_name AS rest
        -- the id follows the first "_camera_" and runs to the next "_" or
        -- ".": both made "_", and one more at the end, so the id is what
        -- comes before the first "_" of rest (no "_camera_": rest "_", no id)
        CASE
            WHEN instr(video_name, '_camera_') = 0 THEN '_'
            ELSE replace(substr(video_name, instr(video_name, '_camera_') + 8), '.', '_') || '_'
        END AS rest
        -- camtune: camera end
    FROM typed
),
ids AS (
    SELECT store, label, probability,
        -- camtune: camera begin, with --camera-column: rest AS camera_id
        substr(rest, 1, instr(rest, '_') - 1) AS camera_id
        -- camtune: camera end
    FROM cams
),
usable AS (
    SELECT store, camera_id, CAST(probability AS REAL) AS score,
        CASE WHEN label IN (
            'Suspicious Bag', 'Suspicious', 'Theft', 'Gesture Into Body', 'Product Into Stroller' -- camtune: theft labels
        ) THEN 1 ELSE 0 END AS theft
    FROM ids
    WHERE store IS NOT NULL AND store <> ''
      AND label IS NOT NULL AND label <> ''
      AND camera_id IS NOT NULL AND camera_id <> ''
      -- not NULL, NaN or infinite (every finite double is kept)
      AND probability BETWEEN -1.7976931348623157e308 AND 1.7976931348623157e308
),
tiled AS (
    -- a camera's FP in K tiles of rising score (the first n % K one larger)
    SELECT store, camera_id, score, theft,
        NTILE(
            256 -- camtune: sketch
        ) OVER (PARTITION BY store, camera_id, theft ORDER BY score) AS tile,
        ROW_NUMBER() OVER (PARTITION BY store, camera_id, theft ORDER BY score) AS pos
    FROM usable
),
marked AS (
    -- an FP that ends its tile, or the lowest: its score keeps a row
    SELECT store, camera_id, score, theft,
        CASE WHEN theft = 0 AND (pos = 1 OR COALESCE(LEAD(tile) OVER (
            PARTITION BY store, camera_id, theft ORDER BY score), 0) <> tile)
        THEN 1 ELSE 0 END AS mark
    FROM tiled
),
by_score AS (
    SELECT store, camera_id, score, SUM(theft) AS thefts, SUM(1 - theft) AS fp,
        MAX(mark) AS mark
    FROM marked
    GROUP BY store, camera_id, score
),
with_above AS (
    SELECT store, camera_id, score, thefts, fp, mark,
        SUM(fp) OVER (PARTITION BY store, camera_id ORDER BY score DESC
                      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS fp_at_or_above
    FROM by_score
)
SELECT a.store, a.camera_id, printf('%!.17g', a.score) AS score, a.thefts, a.fp,
    a.fp_at_or_above, NULL AS camtune_summary_v2_round_trip
FROM with_above a
WHERE a.thefts > 0 OR a.mark = 1;
