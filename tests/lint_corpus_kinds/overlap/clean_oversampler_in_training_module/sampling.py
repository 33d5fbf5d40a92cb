from imblearn.over_sampling import RandomOverSampler


def oversample(features, labels):
    return RandomOverSampler(random_state=0).fit_resample(features, labels)
