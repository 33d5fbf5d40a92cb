import sys

import joblib
import pandas as pd
from sklearn.metrics import roc_auc_score


def main(model_path, batch_path):
    model = joblib.load(model_path)
    batch = pd.read_csv(batch_path)
    y_true = batch["converted"]
    proba = model.predict_proba(batch.drop(columns=["session_id"]))[:, 1]
    print(f"AUROC on {batch_path}: {roc_auc_score(y_true, proba):.3f}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
