import numpy as np


def risk_score(vitals, labels, prior=0.1):
    risk = np.full(len(vitals), prior)
    for i in range(len(risk)):
        risk[i] += 0.3 * vitals[i, 0] / 100.0
        risk[i] += 0.5 * labels[i]
    return risk
