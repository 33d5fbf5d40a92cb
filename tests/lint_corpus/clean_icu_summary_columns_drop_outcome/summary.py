import numpy as np


def summarise(stays):
    return {
        "mean_hr": np.array([s.heart_rate.mean() for s in stays]),
        "max_lactate": np.array([s.lactate.max() for s in stays]),
        "died_in_icu": np.array([s.discharge_status == "expired" for s in stays]),
    }
