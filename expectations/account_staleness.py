"""Warning check: an account whose exports stopped arriving.

One row per account of ``marts.dim_accounts`` (every handle of a renamed account
counts as the same account) with its last export date and the days since then,
counted back from the run day (the data day the run loads). An account whose
newest export is ``stale_account_days`` (setting ``SOCIALKPI_STALE_ACCOUNT_DAYS``,
default 3) or more days old fails the check at warning severity: recorded in
``quality.validation_results`` and alerted (which account, since when, how many
days), never failing the run. The alert repeats every morning until the
account's exports arrive again.
"""

SUITE_NAME = "account_staleness"

QUERY = """
select
    platform,
    account_name,
    account_key,
    last_export_date,
    date_diff('day', last_export_date, cast($run_day as date)) as days_without_export
from marts.dim_accounts
order by platform, account_name
"""

INDEX_COLUMNS = ["platform", "account_name", "last_export_date", "days_without_export"]


def build_expectations(gxe, variables):
    return [
        gxe.ExpectColumnValuesToBeBetween(
            column="days_without_export",
            max_value=int(variables["stale_account_days"]) - 1,
            severity="warning",
        )
    ]
