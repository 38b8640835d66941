"""Critical checks on the account x day mart: grain and counts that can never be negative.

TikTok's daily comments are net of deleted comments, negative on days when more were
deleted than written (a platform fact the mart keeps), and its engagements follow: for
TikTok those two are exempt.
"""

SUITE_NAME = "fct_account_daily_integrity"

QUERY = "select * from marts.fct_account_daily"

INDEX_COLUMNS = ["platform", "account_name", "activity_date"]

NON_NEGATIVE_COUNTS = ["followers_total", "video_views", "likes", "shares"]
# Non-negative except where the platform reports them net (TikTok).
NON_NEGATIVE_EXCEPT_TIKTOK = ["comments", "engagements"]


def build_expectations(gxe, variables):
    expectations = [
        gxe.ExpectCompoundColumnsToBeUnique(
            column_list=["account_key", "activity_date"], severity="critical"
        ),
        gxe.ExpectColumnValuesToNotBeNull(column="account_key", severity="critical"),
        gxe.ExpectColumnValuesToNotBeNull(column="activity_date", severity="critical"),
    ]
    expectations += [
        gxe.ExpectColumnValuesToBeBetween(column=column, min_value=0, severity="critical")
        for column in NON_NEGATIVE_COUNTS
    ]
    expectations += [
        gxe.ExpectColumnValuesToBeBetween(
            column=column,
            min_value=0,
            severity="critical",
            row_condition='platform != "tiktok"',
            condition_parser="pandas",
        )
        for column in NON_NEGATIVE_EXCEPT_TIKTOK
    ]
    return expectations
