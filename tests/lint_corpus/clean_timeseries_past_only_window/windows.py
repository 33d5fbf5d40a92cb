import numpy as np


def make_windows(series, horizon, lookback=24):
    rows, targets = [], []
    for t in range(lookback, len(series) - horizon):
        rows.append(series[t - lookback:t])
        targets.append(series[t + horizon])
    return np.array(rows), np.array(targets)
