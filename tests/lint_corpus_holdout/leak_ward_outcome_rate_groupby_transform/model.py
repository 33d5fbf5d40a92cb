from sklearn.ensemble import GradientBoostingClassifier

from prep import load_admissions


def fit_readmission_model(path):
    admissions = load_admissions(path)
    X = admissions.drop(columns=["readmitted", "ward", "admitted_at", "discharged_at"])
    y = admissions["readmitted"]
    return GradientBoostingClassifier().fit(X, y)
