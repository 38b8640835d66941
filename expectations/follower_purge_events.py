"""Warning check: a follower purge in the run's window.

Validates one row per account tracked in the run's window, with the purge
events of ``marts.fct_follower_purge_events`` that end in the window (an
account with none has one row losing 0 followers). It fails, at warning
severity (recorded, alerted, never failing the run), when an account lost
followers to a purge, and records for each event the account, its days, the
followers lost, the share of the audience and the scope (platform-wide purge
or account-specific drop). The window includes the run's lookback days, so a
purge revealed by late or restated exports is not missed (and an event stays
in the warning for those days).
"""

SUITE_NAME = "follower_purge_events"

QUERY = """
with tracked_accounts as (
    select distinct account_key, platform, account_name
    from marts.fct_account_daily
    where activity_date >= $window_start and activity_date < $window_end
),
purges_in_window as (
    select * from marts.fct_follower_purge_events
    where last_date >= $window_start and last_date < $window_end
)
select
    coalesce(purges_in_window.platform, tracked_accounts.platform) as platform,
    coalesce(purges_in_window.account_name, tracked_accounts.account_name) as account_name,
    purges_in_window.event_id,
    purges_in_window.scope,
    purges_in_window.severity,
    purges_in_window.first_date,
    purges_in_window.last_date,
    purges_in_window.followers_before,
    purges_in_window.followers_after,
    coalesce(purges_in_window.followers_lost, 0) as followers_lost,
    round(100 * purges_in_window.loss_pct, 2) as loss_pct
from tracked_accounts
full outer join purges_in_window
    on tracked_accounts.account_key = purges_in_window.account_key
order by platform, account_name, first_date
"""

INDEX_COLUMNS = [
    "platform",
    "account_name",
    "scope",
    "first_date",
    "last_date",
    "followers_lost",
    "loss_pct",
    "followers_before",
    "followers_after",
    "severity",
    "event_id",
]


def build_expectations(gxe, variables):
    return [
        gxe.ExpectColumnValuesToBeBetween(
            column="followers_lost", min_value=0, max_value=0, severity="warning"
        )
    ]
