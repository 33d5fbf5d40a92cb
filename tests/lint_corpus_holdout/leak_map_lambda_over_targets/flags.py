def positive_flags(targets, cutoff=0.5):
    return list(map(lambda t: 1.0 if t >= cutoff else 0.0, targets))
