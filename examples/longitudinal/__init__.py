"""The seed paper's longitudinal setting at small scale (see test_longitudinal.py and
benchmarks/longitudinal_table.py)."""
