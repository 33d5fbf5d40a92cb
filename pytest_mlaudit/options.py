"""Names of the command-line options and the marker, shared by the plugin and its tests.

Keeping them here (and nowhere else as string literals) means a renamed option breaks the tests
instead of silently leaving them testing nothing.
"""

FLAG = "--mlaudit"
SEEDS = "--mlaudit-seeds"
WORKERS = "--mlaudit-workers"
EXECUTOR = "--mlaudit-executor"
REPORT = "--mlaudit-report"
DETERMINISTIC = "--mlaudit-deterministic"
RESUME = "--mlaudit-resume"
RAY_ADDRESS = "--mlaudit-ray-address"
RETRIES = "--mlaudit-retries"
REPORT_OVERWRITE = "--mlaudit-report-overwrite"
MLFLOW = "--mlaudit-mlflow"

# Attribute names on pytest's config.option namespace (argparse dest).
DEST_FLAG = "mlaudit"
DEST_SEEDS = "mlaudit_seeds"
DEST_WORKERS = "mlaudit_workers"
DEST_EXECUTOR = "mlaudit_executor"
DEST_REPORT = "mlaudit_report"
DEST_DETERMINISTIC = "mlaudit_deterministic"
DEST_RESUME = "mlaudit_resume"
DEST_RAY_ADDRESS = "mlaudit_ray_address"
DEST_RETRIES = "mlaudit_retries"
DEST_REPORT_OVERWRITE = "mlaudit_report_overwrite"
DEST_MLFLOW = "mlaudit_mlflow"

MARKER = "mlaudit"
MARKER_HELP = "mlaudit: a sweep test (added by @seed_sweep and friends); runs only with --mlaudit"

# Key under which a test's sweep outcome travels in report.user_properties (survives xdist and
# --junit-xml, which serialise user_properties).
USER_PROPERTY = "mlaudit_sweep"

SKIP_REASON = "mlaudit sweep: runs only with --mlaudit"
