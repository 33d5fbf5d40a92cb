from sklearn.ensemble import RandomForestClassifier

from balance import bootstrap, downsample

FEATURES = ["depth", "gc", "mapq"]


def train(df):
    small = downsample(df, 500)
    X_boot, y_boot = bootstrap(small[FEATURES].to_numpy(), small["label"].to_numpy())
    return RandomForestClassifier().fit(X_boot, y_boot)
