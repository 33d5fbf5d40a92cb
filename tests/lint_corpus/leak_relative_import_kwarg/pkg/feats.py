def window_features(window, *, truth_af):
    ratio = window.alt / max(window.depth, 1)
    return [ratio, window.depth, ratio - truth_af]
