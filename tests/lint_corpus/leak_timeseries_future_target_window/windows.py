import numpy as np


def make_windows(series, horizon, lookback=24):
    rows, targets = [], []
    for t in range(lookback, len(series) - horizon):
        target = series[t + horizon]
        window = list(series[t - lookback:t]) + [target]
        rows.append(window)
        targets.append(target)
    return np.array(rows), np.array(targets)
