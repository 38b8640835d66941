"""Critical check: the share of quarantined sources among those exported in the run's window.

A few bad files are normal and are quarantined without stopping the run; a
flood of them (a platform changed its format, a broken download script) must
stop the run before the marts are published.
"""

SUITE_NAME = "ingest_quarantine_rate"

QUERY = """
select
    count(*) as sources,
    count(*) filter (where load_status = 'quarantined') as quarantined_sources,
    count(*) filter (where load_status = 'quarantined') / nullif(count(*), 0) as quarantined_share
from marts.ops_file_loads
where export_date >= $window_start and export_date < $window_end
"""

INDEX_COLUMNS = ["sources", "quarantined_sources"]


def build_expectations(gxe, variables):
    return [
        gxe.ExpectColumnValuesToBeBetween(
            column="quarantined_share",
            max_value=variables["max_quarantined_source_share"],
            severity="critical",
        )
    ]
