from sklearn.metrics import f1_score

from holdout import X_HOLDOUT, Y_HOLDOUT


def holdout_f1(model):
    return f1_score(Y_HOLDOUT, model.predict(X_HOLDOUT), average="macro")
