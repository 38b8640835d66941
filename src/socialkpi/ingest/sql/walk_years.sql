-- Year-less month-day dates (in 2000, a leap year) of each file, dated by walking its rows: the
-- rows of a daily export follow each other, forward in time or, when the file lists the newest
-- day first, backward (the direction whose steps are shorter), so each step from December to
-- January (forward) or from January to December (backward) crosses a year, and the newest row
-- is the latest such day on or before the export date. A window of up to 366 days is thus dated
-- exactly, where mapping each day to its latest past date would put the first row of a 365-day
-- export a year late.
-- Placeholders, each replaced by a quoted identifier (socialkpi.ingest.load.Loader):
-- {parsed} the parsed date column of _cells, {cell} its text column.
create or replace temp table _cells as
with ordered as (
    select c.*, m.export_date as _walk_export,
        lag(c.{parsed} ignore nulls) over w as _walk_prev
    from _cells c join _chunk_meta m on m.seq = c._seq
    window w as (partition by c._seq order by c._source_row)
), stepped as (
    select *, coalesce(({parsed} < _walk_prev)::int, 0) as _walk_down,
        coalesce(({parsed} > _walk_prev)::int, 0) as _walk_up,
        -- Days from the previous row to this one, going forward and going backward in time.
        (date_diff('day', _walk_prev, {parsed}) + 366) % 366 as _walk_forward_days,
        (date_diff('day', {parsed}, _walk_prev) + 366) % 366 as _walk_backward_days
    from ordered
), counted as (
    select *,
        sum(_walk_down) over f as _walk_downs,
        sum(_walk_forward_days) over f < sum(_walk_backward_days) over f as _walk_forward,
        sum(_walk_down) over r as _walk_downs_through, sum(_walk_up) over r as _walk_ups_through,
        first_value({parsed} ignore nulls) over f as _walk_first,
        last_value({parsed} ignore nulls) over f as _walk_last
    from stepped
    window f as (partition by _seq order by _source_row
                 rows between unbounded preceding and unbounded following),
           r as (partition by _seq order by _source_row
                 rows between unbounded preceding and current row)
), anchored as (
    select *, not coalesce(_walk_forward, true) as _walk_backward,
        case when coalesce(_walk_forward, true) then _walk_last else _walk_first end
            as _walk_anchor
    from counted
), dated as (
    select *, case
        when sk_make_date(year(_walk_export), month(_walk_anchor), day(_walk_anchor))
            <= _walk_export then year(_walk_export)
        else year(_walk_export) - 1 end as _walk_anchor_year
    from anchored
)
select * exclude (_walk_export, _walk_prev, _walk_down, _walk_up, _walk_forward_days,
        _walk_backward_days, _walk_downs, _walk_forward, _walk_downs_through, _walk_ups_through,
        _walk_first, _walk_last, _walk_backward, _walk_anchor, _walk_anchor_year)
    replace (coalesce(sk_dated({cell}), sk_make_date(
        _walk_anchor_year - case when _walk_backward then _walk_ups_through
                                 else _walk_downs - _walk_downs_through end,
        month({parsed}), day({parsed}))) as {parsed})
from dated
