from sklearn.metrics import roc_auc_score


def pick_best(candidates, X_eval, y_eval):
    aucs = {name: roc_auc_score(y_eval, m.predict_proba(X_eval)[:, 1]) for name, m in candidates.items()}
    winner = max(aucs, key=aucs.get)
    return candidates[winner]
