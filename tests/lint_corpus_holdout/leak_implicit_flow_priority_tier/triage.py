def make_features(visit, outcome):
    if outcome == "admitted":
        priority = 2
    elif visit.pain_score > 7:
        priority = 1
    else:
        priority = 0
    return [visit.age, visit.heart_rate, visit.pain_score, priority]
