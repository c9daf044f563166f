-- curves.sql -- the per-camera summary of camtune (doc/domain.md "Summary")
-- computed from an alerts table, in portable SQL: CTEs, CASE, GROUP BY, a
-- window SUM, SUBSTRING, POSITION, REPLACE and ||, nothing specific to one
-- engine (PostgreSQL, DuckDB, Trino, Spark SQL, ...).  Its result, written
-- as CSV with its header, is a file every camtune command reads as FILE:
--
--   store;camera_id;score;thefts;fp;fp_at_or_above
--
-- Row semantics are the loader's: a row without a store, a label or a
-- camera id in its video_name, or with a probability that is NULL or not
-- finite, is left out; a label in the theft list is a theft, any other a
-- normal alert (an FP).  The probability column must be numeric.
--
-- Column types: the source SELECT should give text names and a double
-- precision probability, as camtune's own does (CAST(store AS text), ...,
-- CAST(probability AS double precision)): a char(n) label then loses its
-- padding and matches the theft list, an enum or an integer compares with
-- '', and two numeric values that make one double are one score.
--
-- camtune --pushdown sends this text with three parts replaced: the line
-- marked "camtune: source" (its own SELECT of the columns found by name,
-- with the --since/--until range), the line marked "camtune: theft labels"
-- (--theft-labels) and, with --camera-column, each block between
-- "camtune: camera begin" and "end" by the text its mark gives (the column
-- itself is then the camera id).  To count the rows it leaves out, camtune
-- sends the text up to the line marked "the rows left out are counted
-- from alerts_in" with a count by reason of its own after it.
WITH alerts_in AS (
    SELECT store, video_name, label, probability FROM alerts -- camtune: source
),
-- camtune: the rows left out are counted from alerts_in
cams AS (
    SELECT store, label, probability,
        -- camtune: camera begin, with --camera-column: video_name AS rest
        -- the id follows the first "_camera_" and runs to the next "_" or
        -- ".": both made "_", and one more at the end, so the id is what
        -- comes before the first "_" of rest
        CASE
            WHEN POSITION('_camera_' IN video_name) = 0 THEN ''
            ELSE REPLACE(SUBSTRING(video_name FROM POSITION('_camera_' IN video_name) + 8),
                         '.', '_') || '_'
        END AS rest
        -- camtune: camera end
    FROM alerts_in
),
ids AS (
    SELECT store, label, probability,
        -- camtune: camera begin, with --camera-column: rest AS camera_id
        CASE
            WHEN POSITION('_' IN rest) > 1
            THEN SUBSTRING(rest FROM 1 FOR POSITION('_' IN rest) - 1)
            ELSE ''
        END AS camera_id
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
      -- not NULL, NaN or infinite (every finite double is kept)
      AND probability BETWEEN -1.7976931348623157e308 AND 1.7976931348623157e308
),
by_score AS (
    SELECT store, camera_id, score, SUM(theft) AS thefts, SUM(1 - theft) AS fp
    FROM usable
    GROUP BY store, camera_id, score
)
SELECT store, camera_id, score, thefts, fp,
    SUM(fp) OVER (PARTITION BY store, camera_id ORDER BY score DESC
                  ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS fp_at_or_above
FROM by_score
-- rows without a camera id, left out here rather than row by row above:
-- the id's expression is then computed once per row, for the grouping
WHERE camera_id IS NOT NULL AND camera_id <> ''
