-- Numeric dates re-typed by a spreadsheet, per file: a first part above 12 says day-first, a
-- second part above 12 says month-first (both: the file contradicts itself); otherwise the
-- reading whose consecutive rows lie closer together wins (1/2, 1/3, 1/4 are days apart read
-- month-first and months apart read day-first); a tie leaves the cells unread, with the reason.
-- Placeholders, each replaced by a quoted identifier (socialkpi.ingest.load.Loader):
-- {parsed} the parsed date column of _cells, {cell} its text column, {why} the column
-- saying why a cell stays NULL; the pattern placeholder becomes load.NUMERIC_DATE_PATTERN.
create or replace temp table _cells as
with parts as (
    select _seq, _source_row,
        try_cast(regexp_extract(trim({cell}), '{pattern}', 1) as integer) as _nd_a,
        try_cast(regexp_extract(trim({cell}), '{pattern}', 2) as integer) as _nd_b,
        try_cast(regexp_extract(trim({cell}), '{pattern}', 3) as integer) as _nd_y
    from _cells
    where {parsed} is null and regexp_full_match(trim({cell}), '{pattern}')
), readings as (
    select *,
        sk_make_date(case when _nd_y < 100 then 2000 + _nd_y else _nd_y end, _nd_a, _nd_b)
            as _nd_month_first,
        sk_make_date(case when _nd_y < 100 then 2000 + _nd_y else _nd_y end, _nd_b, _nd_a)
            as _nd_day_first
    from parts
), steps as (
    select *,
        abs(date_diff('day', lag(_nd_month_first) over w, _nd_month_first)) as _nd_mf_step,
        abs(date_diff('day', lag(_nd_day_first) over w, _nd_day_first)) as _nd_df_step
    from readings
    window w as (partition by _seq order by _source_row)
), orders as (
    select _seq, case
        when max(_nd_a) > 12 and max(_nd_b) > 12 then null
        when max(_nd_a) > 12 then 'day_first'
        when max(_nd_b) > 12 then 'month_first'
        when bool_and(_nd_a = _nd_b) then 'month_first'
        when sum(_nd_mf_step) < sum(_nd_df_step) then 'month_first'
        when sum(_nd_df_step) < sum(_nd_mf_step) then 'day_first'
        end as _nd_order,
        case when max(_nd_a) > 12 and max(_nd_b) > 12
            then 'its numeric dates are read day-first by some rows and month-first by others'
            else 'day/month or month/day: no other date of the file decides' end as _nd_why
    from steps group by _seq
)
select c.* replace (coalesce(c.{parsed}, case o._nd_order
        when 'month_first' then r._nd_month_first when 'day_first' then r._nd_day_first end)
        as {parsed}),
    case when r._seq is not null and o._nd_order is null then o._nd_why end as {why}
from _cells c
left join readings r on r._seq = c._seq and r._source_row = c._source_row
left join orders o on o._seq = c._seq
