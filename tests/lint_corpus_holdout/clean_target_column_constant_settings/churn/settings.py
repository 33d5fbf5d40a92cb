TARGET = "churned_90d"
ID_COLUMNS = ["account_id", "snapshot_date"]
