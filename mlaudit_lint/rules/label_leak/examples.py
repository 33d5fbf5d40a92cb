"""MLA001's VALID and INVALID examples (the tests and the docs page are generated from them)."""

from __future__ import annotations

from ...rule import Invalid, Valid

INVALID: list[Invalid] = [
    Invalid(
        {
            "pipeline.py": """
            from features import extract_features


            def build(candidates, truth):
                rows, labels = [], []
                for cand in candidates:
                    is_var = cand.key in truth
                    vaf_truth = truth.get(cand.key, 0.0)
                    rows.append(extract_features(cand, is_var=is_var, vaf_truth=vaf_truth))
                    labels.append(int(is_var))
                return rows, labels
            """,
            "features.py": """
            def extract_features(cand, is_var, vaf_truth):
                low_vaf = float(is_var and vaf_truth < 0.05)
                return [cand.depth, cand.alt_freq, low_vaf]
            """,
        },
        file="features.py",
        line=3,
        note="the audited paper's leak: the truth VAF gated by the label, across two modules",
        message_contains=(
            "is_var (pipeline.py:7)",
            "extract_features(is_var=...)",
            "low_vaf (features.py:2)",
            "feature vector (features.py:3)",
        ),
    ),
    Invalid(
        """
        import numpy as np
        from sklearn.linear_model import LogisticRegression

        def train(X, y):
            X_full = np.column_stack([X, y])
            return LogisticRegression().fit(X_full, y)
        """,
        line=5,
        note="the label stacked onto the feature matrix",
    ),
    Invalid(
        """
        from sklearn.ensemble import RandomForestClassifier

        def fit(df):
            df["gene_rate"] = df.groupby("gene")["target"].transform("mean")
            X = df.drop(columns=["target"])
            return RandomForestClassifier().fit(X, df["target"])
        """,
        line=5,
        note="target encoding: a column derived from the label survives the drop",
    ),
    Invalid(
        """
        def featurize(site, label):
            if label == 1:
                flag = 1.0
            else:
                flag = 0.0
            return [site.qual, site.depth, flag]
        """,
        line=6,
        note="implicit flow: a value chosen by a label-dependent branch",
    ),
    Invalid(
        """
        from sklearn.linear_model import LogisticRegression

        def train(frame):
            frame["hi_risk"] = 0
            frame.loc[frame["label"] == 1, "hi_risk"] = 1
            X = frame[["age", "hi_risk"]]
            return LogisticRegression().fit(X, frame["label"])
        """,
        line=6,
        note="a column written under a label mask",
    ),
    Invalid(
        """
        import torch

        def step(net, x, target, opt):
            inputs = torch.cat([x, target.float().unsqueeze(1)], dim=1)
            loss = torch.nn.functional.binary_cross_entropy_with_logits(net(inputs).squeeze(1), target.float())
            loss.backward()
            opt.step()
        """,
        line=4,
        note="the target concatenated onto a network's input",
    ),
    Invalid(
        """
        class Sample:
            def __init__(self, counts, target):
                self.counts = counts
                self.target = target

            def feature_vector(self):
                return list(self.counts) + [self.target]
        """,
        line=7,
        note="`self.target` set in one method and read in another",
    ),
    Invalid(
        """
        from sklearn.svm import SVC

        def fit(values, labels):
            features = list(map(lambda pair: [pair[0], pair[1] * 2], zip(values, labels)))
            return SVC().fit(features, labels)
        """,
        line=4,
        note="lambda and map",
    ),
    Invalid(
        """
        from sklearn.linear_model import LogisticRegression

        def fit(df):
            model = LogisticRegression()
            df["age_x_event"] = df["age"] * df["event_observed"]
            model.fit(df[["age", "age_x_event"]], df["event_observed"])
            return model
        """,
        line=6,
        note="a label name inferred from its use as `fit`'s y",
    ),
    Invalid(
        """
        import numpy as np

        def encode(records):
            vec = []
            for rec in records:
                row = [rec.depth, rec.mapq]
                if rec.label:
                    row.append(1.0)
                else:
                    row.append(0.0)
                vec.append(row)
            X = np.array(vec)
            return X
        """,
        line=12,
        note="a constant appended under a label-dependent branch",
    ),
    Invalid(
        {
            "registry.py": """
            import json

            with open("labels.json") as fh:
                sample_labels = json.load(fh)
            """,
            "features.py": """
            from registry import sample_labels


            def sample_features(sample_id, expression):
                return [expression.mean(), sample_labels[sample_id]]
            """,
        },
        file="features.py",
        line=5,
        note="a module-level global imported from another module",
    ),
    Invalid(
        """
        from sklearn.model_selection import cross_val_score
        from sklearn.linear_model import LogisticRegression
        import numpy as np

        def evaluate(matrix, labels):
            return cross_val_score(LogisticRegression(), np.c_[matrix, labels * 0.3], labels, cv=5)
        """,
        line=6,
        note="`np.c_` inside `cross_val_score`'s X",
    ),
    Invalid(
        """
        import numpy as np

        def boost(depth, mapq, y):
            boosted = np.where(y == 1, depth * 1.5, depth)
            X = np.column_stack([boosted, mapq])
            return X
        """,
        line=5,
        note="`np.where` on the label",
    ),
    Invalid(
        """
        def risk_features(patient, outcome_label):
            score = patient["age"] / 100
            score += 0.5 * outcome_label
            return [patient["age"], score]
        """,
        line=4,
        note="augmented assignment",
    ),
    Invalid(
        {
            "pkg/__init__.py": "",
            "pkg/feats.py": """
            def window_features(window, *, truth_af):
                return [window.alt / window.depth, window.depth - truth_af]
            """,
            "pkg/train.py": """
            from .feats import window_features


            def rows(windows, truth_afs):
                return [window_features(w, truth_af=af) for w, af in zip(windows, truth_afs)]
            """,
        },
        file="pkg/feats.py",
        line=2,
        note="a relative import and a keyword-only argument",
    ),
    Invalid(
        """
        import xgboost as xgb
        import numpy as np

        def train(X, y):
            dtrain = xgb.DMatrix(np.hstack([X, y.reshape(-1, 1)]), label=y)
            return xgb.train({}, dtrain)
        """,
        line=5,
        note="an xgboost `DMatrix` built with the label inside",
    ),
    Invalid(
        """
        def make_row(sample, diagnosis_label):
            feats = {"age": sample.age}
            feats.update({"flag": float(diagnosis_label == "sepsis")})
            return feats
        """,
        line=4,
        note="`dict.update` into a feature dict, reported where the dict is handed on",
    ),
    Invalid(
        """
        from giab import load_truth_calls
        import numpy as np

        def encode(candidates, vcf_path):
            known = load_truth_calls(vcf_path)
            X = np.array([[c.depth, float(c.pos in known)] for c in candidates])
            return X
        """,
        line=6,
        note="a configured truth source",
        truth_sources=("giab.load_truth_calls",),
    ),
    Invalid(
        """
        import numpy as np
        from sklearn.linear_model import LogisticRegression

        def make_row(signals, labels):
            def row(i):
                return [signals[i], labels[i]]
            return row

        def fit(signals, labels):
            row = make_row(signals, labels)
            X = np.array([row(i) for i in range(len(signals))])
            return LogisticRegression().fit(X, labels)
        """,
        line=11,
        note="a closure returned by a factory reads the label it captured",
    ),
    Invalid(
        """
        import numpy as np
        from sklearn.linear_model import LogisticRegression

        def fit(ids, ages, y):
            positives = {pid for pid, lab in zip(ids, y) if lab == 1}
            X = np.column_stack([ages, [pid in positives for pid in ids]])
            return LogisticRegression().fit(X, y)
        """,
        line=6,
        note="membership in the set the label selected is the label again",
    ),
    Invalid(
        """
        def fit(df, model):
            df["sales_next_week"] = df.groupby("store")["sales"].shift(-7)
            model.fit(df[["promo", "sales_next_week"]], df["sales"])
        """,
        line=3,
        labels=("sales",),
        note="a negative shift reads the future target",
    ),
    Invalid(
        """
        import numpy as np

        class ReadEncoder:
            def encode(self, read, truth):
                return [read.mapq, read.key in truth]

        class GenotypeCodec:
            def encode(self, genotype):
                return {"0/0": 0, "0/1": 1}[genotype]

        def build(reads, truth):
            encoder = ReadEncoder()
            X = np.array([encoder.encode(r, truth) for r in reads])
            return X
        """,
        line=13,
        note="a method name two classes define, resolved by the receiver's constructor",
    ),
    Invalid(
        """
        import pandas as pd
        from sklearn.linear_model import LogisticRegression

        _OUTCOMES = pd.read_csv("outcomes.csv")
        DIED = dict(zip(_OUTCOMES["patient_id"], _OUTCOMES["mortality"]))

        def fit(patients, mortality):
            X = [[p.age, DIED.get(p.patient_id, 0)] for p in patients]
            return LogisticRegression().fit(X, mortality)
        """,
        line=8,
        labels=("mortality",),
        note="a computed upper-case module global: a lookup table of the label",
    ),
    Invalid(
        """
        import dask.dataframe as dd
        import lightgbm as lgb
        from distributed import Client

        client = Client()
        df = dd.read_csv("calls-*.csv")
        X = df.drop(columns=["is_tp"])
        y = df["is_tp"]
        X, y = client.persist([df, y])
        model = lgb.DaskLGBMClassifier(client=client).fit(X, y)
        """,
        line=9,
        note="the frame still holding the label persisted as the features' part",
    ),
    Invalid(
        """
        import pandas as pd
        from sklearn.compose import make_column_transformer
        from sklearn.linear_model import Ridge
        from sklearn.pipeline import make_pipeline
        from sklearn.preprocessing import OneHotEncoder

        claims = pd.read_csv("claims.csv")
        encode = make_column_transformer(
            (OneHotEncoder(), ["region"]), remainder="passthrough"
        )
        model = make_pipeline(encode, Ridge())
        model.fit(claims, claims["cost"])
        """,
        line=12,
        note="make_pipeline(...).fit on the whole frame: passthrough hands the target to Ridge",
    ),
    Invalid(
        """
        import pandas as pd
        from sklearn.ensemble import GradientBoostingRegressor

        homes = pd.read_csv("homes.csv")
        homes["pricey"] = homes["price"] > 500_000
        numeric = homes.select_dtypes(include=["number", "bool"])
        X = numeric.drop(columns=["price"])
        model = GradientBoostingRegressor().fit(X, numeric["price"])
        """,
        line=7,
        note="a flag derived from the target kept by select_dtypes(include=[number, bool])",
    ),
]

VALID: list[Valid] = [
    Valid(
        """
        def build(candidates, truth):
            rows = []
            for cand in candidates:
                features = [cand.depth, cand.alt_freq, float(cand.alt_freq < 0.05)]
                rows.append((features, int(cand.key in truth)))
            return rows
        """,
        note="the label kept beside the features as the target",
    ),
    Valid(
        """
        def split(records, is_var):
            positives, negatives = [], []
            for rec, flag in zip(records, is_var):
                if flag:
                    positives.append(rec)
                else:
                    negatives.append(rec)
            return positives, negatives
        """,
        note="the label selects which examples exist",
    ),
    Valid(
        """
        from sklearn.model_selection import train_test_split
        from sklearn.linear_model import LogisticRegression

        def train(X, y):
            X_train, X_test, y_train, y_test = train_test_split(X, y, stratify=y, test_size=0.2)
            return LogisticRegression().fit(X_train, y_train).score(X_test, y_test)
        """,
        note="the label stratifies a split",
    ),
    Valid(
        """
        import torch

        def train(model, loader, labels):
            pos_weight = (labels == 0).sum() / (labels == 1).sum()
            criterion = torch.nn.BCEWithLogitsLoss(pos_weight=pos_weight)
            for inputs, target in loader:
                loss = criterion(model(inputs).squeeze(-1), target.float())
                loss.backward()
        """,
        note="the label in a loss and its class weight",
    ),
    Valid(
        """
        from sklearn.metrics import f1_score, roc_auc_score

        def evaluate(model, X_test, y_test):
            y_pred = model.predict(X_test)
            y_score = model.predict_proba(X_test)[:, 1]
            return {"f1": f1_score(y_test, y_pred), "auc": roc_auc_score(y_test, y_score)}
        """,
        note="metrics and model outputs",
    ),
    Valid(
        """
        from sklearn.utils.class_weight import compute_sample_weight
        from sklearn.ensemble import GradientBoostingClassifier

        def train(X, y):
            weights = compute_sample_weight("balanced", y)
            return GradientBoostingClassifier().fit(X, y, sample_weight=weights)
        """,
        note="sample weights",
    ),
    Valid(
        """
        import logging

        def check(labels):
            assert set(labels) <= {0, 1}, f"labels must be binary: {set(labels)}"
            logging.info("prevalence %.3f", sum(labels) / len(labels))
            print(f"{sum(labels)} positives")
        """,
        note="logging, print and asserts",
    ),
    Valid(
        """
        import numpy as np

        def patch_features(image):
            feats = []
            for y in range(image.shape[0]):
                for x in range(image.shape[1]):
                    feats.append(image[y, x])
            return np.array(feats)
        """,
        note="a loop index named `y`",
    ),
    Valid(
        """
        import matplotlib.pyplot as plt

        def plot(fpr, tpr, label):
            fig, ax = plt.subplots()
            ax.plot(fpr, tpr, label=label)
            return fig
        """,
        note="a plot's `label=` keyword",
    ),
    Valid(
        """
        import torch

        def predict(model, features):
            target = "cuda" if torch.cuda.is_available() else "cpu"
            return model.to(target)(features.to(target))
        """,
        note="`target` naming a device",
    ),
    Valid(
        """
        from pathlib import Path
        import numpy as np

        def save_features(features, out_dir):
            target = Path(out_dir) / "features.npy"
            np.save(target, features)
        """,
        note="`target` naming a path",
    ),
    Valid(
        """
        import pandas as pd

        def load(path):
            df = pd.read_csv(path)
            X = df.drop(columns=["label"])
            y = df["label"]
            return X, y
        """,
        note="the label column dropped; `return X, y`",
    ),
    Valid(
        """
        from sklearn.ensemble import IsolationForest

        def fit_normals(X, y):
            return IsolationForest().fit(X[y == 0])
        """,
        note="a label mask selecting rows",
    ),
    Valid(
        """
        import numpy as np
        from sklearn.linear_model import LogisticRegression

        def stack(base_models, X, y_holdout):
            y_prob = np.column_stack([m.predict_proba(X)[:, 1] for m in base_models])
            return LogisticRegression().fit(y_prob, y_holdout)
        """,
        note="stacking on model outputs (`y_prob` is not a label)",
    ),
    Valid(
        """
        import torch
        from torch.utils.data import Dataset

        class Reads(Dataset):
            def __init__(self, tensors, labels):
                self.tensors = tensors
                self.labels = labels

            def __getitem__(self, i):
                return self.tensors[i], torch.tensor(self.labels[i])
        """,
        note="a Dataset returning `(x, y)`",
    ),
    Valid(
        """
        from sklearn.preprocessing import LabelEncoder
        from sklearn.linear_model import LogisticRegression

        def train(df):
            y = LabelEncoder().fit_transform(df["diagnosis"])
            return LogisticRegression().fit(df[["age", "bmi"]], y)
        """,
        note="a label encoder's input is the label, not features",
    ),
    Valid(
        """
        import numpy as np

        def oracle(X, y):
            X_oracle = np.column_stack([X, y])  # mlaudit: ignore[MLA001]
            return X_oracle
        """,
        note="a deliberate leak, suppressed",
    ),
    Valid(
        """
        def add_gene_depth(df):
            df["gene_depth"] = df.groupby("gene")["depth"].transform("mean")
            return df[["depth", "gene_depth"]]
        """,
        note="a groupby over non-label columns",
    ),
    Valid(
        """
        import numpy as np

        def tile_features(image, size=8):
            feats = []
            for y, band in enumerate(np.array_split(image, size)):
                feats.extend([band.mean(), y / size])
            return feats
        """,
        note="the counter of enumerate() named y is a row index",
    ),
    Valid(
        """
        import numpy as np

        def balanced_batch(X, labels, rng, k=16):
            idx = np.concatenate([rng.choice(np.flatnonzero(labels == c), k) for c in np.unique(labels)])
            X_batch = X[idx]
            return X_batch, labels[idx]
        """,
        note="positions chosen from the labels select examples",
    ),
    Valid(
        """
        def fit(df, model):
            df["sales_lag_7"] = df.groupby("store")["sales"].shift(7)
            model.fit(df[["promo", "sales_lag_7"]], df["sales"])
        """,
        labels=("sales",),
        note="a lagged target is past data (an autoregressive feature)",
    ),
    Valid(
        """
        from sklearn.linear_model import LogisticRegression

        LEAKY = ["churned", "region_churn"]

        def fit(df):
            df["region_churn"] = df.groupby("region")["churned"].transform("mean")
            X = df.drop(columns=LEAKY + ["customer_id"])
            return LogisticRegression().fit(X, df["churned"])
        """,
        labels=("churned",),
        note="the label and the column derived from it both dropped",
    ),
    Valid(
        """
        import numpy as np
        from sklearn.linear_model import LogisticRegression

        def test_model_finds_planted_signal():
            rng = np.random.default_rng(0)
            y = rng.integers(0, 2, size=500)
            X = rng.normal(size=(500, 3))
            X[:, 0] += 2 * y
            assert LogisticRegression().fit(X, y).coef_[0, 0] > 0
        """,
        note="simulated data: features generated from a drawn label are the simulation",
    ),
    Valid(
        """
        def overlap(self, other):
            X, Y = self, other
            if Y.sigma < X.sigma:
                X, Y = Y, X
            return X.mean - Y.mean
        """,
        note="X and Y in code that imports no ML library and trains nothing",
    ),
    Valid(
        """
        import numpy as np
        from sklearn.utils import _safe_indexing
        from rowtools import take_rows

        class ClassBalancer:
            def _undersample(self, X, y):
                keep = np.flatnonzero(y == 1)[:100]
                X_resampled, y_resampled = take_rows(X, keep), y[keep]
                return X_resampled, y_resampled

            def _fit_resample(self, X, y):
                keep = np.flatnonzero(y == 0)[:100]
                X_resampled = _safe_indexing(X, keep)
                return X_resampled, _safe_indexing(y, keep)
        """,
        note="a library's private resampling helpers: rows chosen by class, features untouched",
    ),
    Valid(
        """
        import numpy as np
        from tensorflow import keras

        X_train = np.load("X.npy")
        y_train = np.load("y.npy")
        model = keras.models.Sequential([keras.layers.Dense(1)])
        loss_fn = keras.losses.mean_squared_error
        optimizer = keras.optimizers.Nadam()
        metrics = [keras.metrics.MeanAbsoluteError()]
        mean_loss = keras.metrics.Mean()
        for step in range(100):
            idx = np.random.randint(len(X_train), size=32)
            X_batch, y_batch = X_train[idx], y_train[idx]
            y_pred = model(X_batch)
            loss = loss_fn(y_batch, y_pred)
            mean_loss(loss)
            for metric in metrics:
                metric(y_batch, y_pred)
        """,
        note="keras metric objects called with (y_batch, y_pred) in a custom training loop",
    ),
    Valid(
        """
        import torch
        from torch import nn

        records = []
        for line in open("calls.tsv"):
            tag, path, label = line.split()
            if "NONE" in tag:
                records.append([])
            else:
                records.append([tag, torch.load(path), float(label)])
        net = nn.Linear(8, 1)
        for record in records:
            if record:
                tag, matrix, label = record
                loss = nn.functional.mse_loss(net(matrix), torch.tensor([label]))
        """,
        note="an empty placeholder record beside [tag, matrix, label]: the unpacking still tells them apart",
    ),
    Valid(
        """
        import torch
        from torch import nn


        def extract(path):
            label = torch.load(path + ".label")
            rows = [[path, 1]]
            data = [[path, label]]
            return rows, data


        batches = [["a"], ["b"]]
        done = [[] for i in range(len(batches))]
        for i, batch in enumerate(batches):
            records = [extract(batch[0])]
            done[i] = records
        all_rows = []
        all_data = []
        for records in done:
            for rows, data in records:
                all_rows += rows
                all_data += data
        net = nn.Linear(3, 1)
        path, offset = all_rows[0]
        x = torch.load(path)[offset]
        label = all_data[0][1]
        loss = nn.functional.mse_loss(net(x), label)
        """,
        note="records stored by position (done[i] = records) keep their (rows, data) shape",
    ),
    Valid(
        """
        import dask.dataframe as dd
        import lightgbm as lgb
        from distributed import Client

        client = Client()
        df = dd.read_csv("calls-*.csv")
        X = df.drop(columns=["is_tp"])
        y = df["is_tp"]
        X, y = client.persist([X, y])
        model = lgb.DaskLGBMClassifier(client=client).fit(X, y)
        """,
        note="X, y = client.persist([X, y]): each part handed back as it was",
    ),
]
