import numpy as np


def assemble(*, rr_intervals, qrs_width, rhythm_label=None):
    columns = [rr_intervals.mean(axis=1), rr_intervals.std(axis=1), qrs_width]
    if rhythm_label is not None:
        columns.append(rhythm_label == "AF")
    return np.stack(columns, axis=1)
