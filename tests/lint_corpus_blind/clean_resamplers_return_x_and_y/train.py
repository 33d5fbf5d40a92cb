from sklearn.ensemble import GradientBoostingClassifier
from sklearn.model_selection import train_test_split

from balance import bootstrap, oversample, smote


def train(X, y):
    X_train, X_test, y_train, y_test = train_test_split(X, y, stratify=y, random_state=1)
    X_sm, y_sm = smote(X_train, y_train)
    model = GradientBoostingClassifier().fit(X_sm, y_sm)
    X_os, y_os = oversample(X_train, y_train)
    model_os = GradientBoostingClassifier().fit(X_os, y_os)
    X_bs, y_bs = bootstrap(X_train, y_train)
    model_bs = GradientBoostingClassifier().fit(X_bs, y_bs)
    return [m.score(X_test, y_test) for m in (model, model_os, model_bs)]
