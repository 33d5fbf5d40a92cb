def risk_features(patient, outcome):
    score = patient["age"] / 100
    score += 0.5 * outcome
    return [patient["age"], patient["creatinine"], score]
