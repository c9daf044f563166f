-- curves.sql -- camtune's per-camera summary (format version 2, see
-- doc/warehouse.md) computed from an alerts table where the table lives,
-- in standard SQL: CTEs, CAST, CASE, GROUP BY and the window functions
-- NTILE, ROW_NUMBER, LEAD and SUM.  It runs unchanged on PostgreSQL and
-- DuckDB (tested); sql/curves.sqlite.sql is SQLite's dialect, and
-- doc/warehouse.md says what to change for Trino, Spark SQL and BigQuery.
-- Its result, written as CSV with its header, is a file every camtune
-- command reads as FILE:
--
--   store;camera_id;score;thefts;fp;fp_at_or_above;camtune_summary_v2_round_trip
--
-- Per camera, a row at each distinct theft score, at its lowest FP score
-- and at the highest FP score of each of K tiles of its FP (NTILE(K), K on
-- the line marked "camtune: sketch"; 1 gives the highest FP alone, as
-- `camtune summarize --sketch 0`): the thefts and FP scoring exactly that
-- score and the camera's FP at or above it.  At most thefts + K + 1 rows a
-- camera; counts at a theft's score are exact, FP elsewhere within 1/K.
--
-- The last column is always empty: its name says the version and that the
-- scores are written with round-trip digits.  Here that is CAST(score AS
-- VARCHAR), which PostgreSQL (12 and later, extra_float_digits >= 1, the
-- default) and DuckDB write in the shortest form that reads back as the
-- same double; an engine that writes 15 digits must format the score
-- itself or drop "_round_trip" from the name (camtune then warns).
--
-- Row rules are the loader's: the columns are cast to text and the
-- probability to double precision (a char(n) label loses its padding and
-- matches the theft list, an enum or an integer compares with '', two
-- numeric values that make one double are one score); a row without a store, a label or a camera id in its
-- video_name (after the first "_camera_", up to the next "_" or "."), or
-- with a probability that is NULL or not finite, is left out; a label in
-- the theft list is a theft, any other a normal alert (an FP).
--
-- camtune --pushdown sends this text with parts replaced: the line marked
-- "camtune: source" (its own SELECT of the columns found by name, with the
-- --since/--until range, already cast as below), the line marked
-- "camtune: theft labels" (--theft-labels) and, with --camera-column, each
-- block between "camtune: camera begin" and "end" by the text its mark
-- gives (the column itself is then the camera id).  To count the rows it
-- leaves out, camtune sends the text up to the line marked "the rows left
-- out are counted from alerts_in" with a count by reason of its own after
-- it.
WITH alerts_in AS (
    SELECT store, video_name, label, probability FROM alerts -- camtune: source
),
-- camtune: the rows left out are counted from alerts_in
typed AS (
    SELECT CAST(store AS VARCHAR) AS store, CAST(video_name AS VARCHAR) AS video_name,
        CAST(label AS VARCHAR) AS label, CAST(probability AS DOUBLE PRECISION) AS probability
    FROM alerts_in
),
cams AS (
    SELECT store, label, probability,
        -- camtune: camera begin, with --camera-column: video_name AS rest
        -- the id follows the first "_camera_" and runs to the next "_" or
        -- ".": both made "_", and one more at the end, so the id is what
        -- comes before the first "_" of rest (no "_camera_": rest "_", no id)
        CASE
            WHEN POSITION('_camera_' IN video_name) = 0 THEN '_'
            ELSE REPLACE(SUBSTRING(video_name FROM POSITION('_camera_' IN video_name) + 8),
                         '.', '_') || '_'
        END AS rest
        -- camtune: camera end
    FROM typed
),
ids AS (
    SELECT store, label, probability,
        -- camtune: camera begin, with --camera-column: rest AS camera_id
        SUBSTRING(rest FROM 1 FOR POSITION('_' IN rest) - 1) AS camera_id
        -- camtune: camera end
    FROM cams
),
usable AS (
    SELECT store, camera_id, probability AS score,
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
SELECT a.store, a.camera_id, CAST(a.score AS VARCHAR) AS score, a.thefts, a.fp,
    a.fp_at_or_above, CAST(NULL AS VARCHAR) AS camtune_summary_v2_round_trip
FROM with_above a
WHERE a.thefts > 0 OR a.mark = 1
