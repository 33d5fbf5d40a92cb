from sklearn.linear_model import LogisticRegression

from records import Visit


def fit(visits: list[Visit]):
    X = [[v.age, v.bmi, v.hba1c, v.diabetic] for v in visits]
    y = [v.diabetic for v in visits]
    return LogisticRegression().fit(X, y)
