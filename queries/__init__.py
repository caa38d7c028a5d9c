"""Read side: functions (conn, **filters) -> figures or DataFrames, one module per screen."""
