from imblearn.over_sampling import RandomOverSampler


def balance_classes(features, labels, seed=0):
    sampler = RandomOverSampler(random_state=seed)
    return sampler.fit_resample(features, labels)
