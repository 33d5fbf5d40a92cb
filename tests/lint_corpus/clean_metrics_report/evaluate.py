from sklearn.metrics import classification_report, f1_score, precision_recall_curve


def evaluate(model, X_test, y_test):
    y_pred = model.predict(X_test)
    y_score = model.predict_proba(X_test)[:, 1]
    precision, recall, _ = precision_recall_curve(y_test, y_score)
    return {
        "f1": f1_score(y_test, y_pred),
        "report": classification_report(y_test, y_pred, output_dict=True),
        "best_recall": float(recall.max()),
    }
