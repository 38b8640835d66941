"""Warning check: a sudden day-over-day follower drop in the run's window.

It fails (at warning severity: recorded, alerted, never failing the run) when
an account's follower total fell by more than ``sudden_drop_threshold``
(relative, default -5%) on a day of the run's window, and records which
account, which day and how many followers for each such day.
"""

SUITE_NAME = "sudden_follower_drop"

QUERY = """
select
    platform, account_name, activity_date,
    followers_total, followers_net_change, followers_relative_change
from marts.fct_account_daily
where activity_date >= $window_start and activity_date < $window_end
"""

INDEX_COLUMNS = [
    "platform",
    "account_name",
    "activity_date",
    "followers_net_change",
    "followers_total",
]


def build_expectations(gxe, variables):
    return [
        gxe.ExpectColumnValuesToBeBetween(
            column="followers_relative_change",
            min_value=variables["sudden_drop_threshold"],
            severity="warning",
        )
    ]
