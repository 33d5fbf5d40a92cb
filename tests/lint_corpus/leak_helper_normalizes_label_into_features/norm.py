def zscore(values):
    mu = values.mean()
    sd = values.std() + 1e-8
    return (values - mu) / sd
