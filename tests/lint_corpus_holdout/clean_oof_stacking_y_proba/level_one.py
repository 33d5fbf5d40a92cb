from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_predict


def out_of_fold_scores(X, y):
    y_proba_rf = cross_val_predict(RandomForestClassifier(), X, y, cv=5, method="predict_proba")[:, 1]
    y_pred_lr = cross_val_predict(LogisticRegression(max_iter=500), X, y, cv=5)
    return y_proba_rf, y_pred_lr
