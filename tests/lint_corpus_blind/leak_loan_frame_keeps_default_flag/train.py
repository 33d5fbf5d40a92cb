from sklearn.ensemble import GradientBoostingClassifier

from prep import load_applications, without_ids


def train(path):
    apps = load_applications(path)
    defaulted = apps["defaulted_within_12m"]
    X = without_ids(apps)
    clf = GradientBoostingClassifier(n_estimators=300, max_depth=3)
    clf.fit(X, defaulted)
    return clf
