TARGET = "quality_flag"
IGNORE = {"batch_id", "timestamp"}
