"""MLA003's VALID and INVALID examples (the tests and the docs page are generated from them)."""

from __future__ import annotations

from ...rule import Invalid, Valid

INVALID: list[Invalid] = [
    Invalid(
        """
        from imblearn.over_sampling import SMOTE
        from sklearn.ensemble import RandomForestClassifier
        from sklearn.model_selection import train_test_split

        def fraud_model(X, y):
            X_res, y_res = SMOTE().fit_resample(X, y)
            X_train, X_test, y_train, y_test = train_test_split(X_res, y_res)
            forest = RandomForestClassifier().fit(X_train, y_train)
            return forest.score(X_test, y_test)
        """,
        line=6,
        note="SMOTE before the split: synthetic neighbours of test rows are trained on",
        message_contains=("SMOTE", "train_test_split"),
    ),
    Invalid(
        {
            "balance.py": """
            from imblearn.over_sampling import RandomOverSampler

            def balance(features, labels):
                return RandomOverSampler().fit_resample(features, labels)
            """,
            "experiment.py": """
            import numpy as np
            from sklearn.linear_model import LogisticRegression
            from sklearn.model_selection import train_test_split

            from balance import balance

            X_bal, y_bal = balance(np.load("X.npy"), np.load("y.npy"))
            X_tr, X_te, y_tr, y_te = train_test_split(X_bal, y_bal)
            print(LogisticRegression().fit(X_tr, y_tr).score(X_te, y_te))
            """,
        },
        file="balance.py",
        line=4,
        note="across modules: a helper oversamples before the caller splits",
    ),
    Invalid(
        """
        import pandas as pd
        from sklearn.model_selection import train_test_split
        from sklearn.svm import SVC
        from sklearn.utils import resample

        df = pd.read_csv("readmissions.csv")
        majority, minority = df[df.readmitted == 0], df[df.readmitted == 1]
        minority_up = resample(minority, replace=True, n_samples=len(majority))
        balanced = pd.concat([majority, minority_up])
        X_tr, X_te, y_tr, y_te = train_test_split(balanced[["age", "visits"]], balanced["readmitted"])
        print(SVC().fit(X_tr, y_tr).score(X_te, y_te))
        """,
        line=8,
        note="minority rows copied with resample, then split: copies land on both sides",
    ),
    Invalid(
        """
        from sklearn.model_selection import train_test_split
        from sklearn.tree import DecisionTreeClassifier

        def tree_accuracy(X, y):
            tree = DecisionTreeClassifier()
            tree.fit(X, y)
            X_train, X_test, y_train, y_test = train_test_split(X, y)
            return tree.score(X_test, y_test)
        """,
        line=6,
        note="the model trained on every row, then scored on a test part of them",
    ),
    Invalid(
        """
        import pandas as pd
        from sklearn.ensemble import GradientBoostingRegressor
        from sklearn.model_selection import train_test_split

        def fit_more(X, y):
            X_train, X_test, y_train, y_test = train_test_split(X, y)
            X_all = pd.concat([X_train, X_test])
            y_all = pd.concat([y_train, y_test])
            gbr = GradientBoostingRegressor().fit(X_all, y_all)
            return gbr.score(X_test, y_test)
        """,
        line=7,
        note="test rows concatenated into the training data",
    ),
    Invalid(
        """
        import numpy as np
        from sklearn.model_selection import train_test_split
        from sklearn.neural_network import MLPClassifier

        def augmented(images, labels):
            images = np.concatenate([images, images[:, :, ::-1]])
            labels = np.concatenate([labels, labels])
            X_tr, X_te, y_tr, y_te = train_test_split(images.reshape(len(images), -1), labels)
            return MLPClassifier().fit(X_tr, y_tr).score(X_te, y_te)
        """,
        line=6,
        note="flipped copies added before the split: an image and its mirror on both sides",
    ),
    Invalid(
        """
        from imblearn.over_sampling import SMOTE
        from sklearn.linear_model import LogisticRegression
        from sklearn.model_selection import cross_val_score

        def smote_cv(X, y):
            X_over, y_over = SMOTE().fit_resample(X, y)
            return cross_val_score(LogisticRegression(), X_over, y_over, cv=5).mean()
        """,
        line=6,
        note="oversampled before cross-validation",
    ),
    Invalid(
        """
        from imblearn.over_sampling import ADASYN
        from sklearn.model_selection import StratifiedKFold
        from xgboost import XGBClassifier

        def folds(X, y):
            X, y = ADASYN().fit_resample(X, y)
            scores = []
            for tr, va in StratifiedKFold(5).split(X, y):
                scores.append(XGBClassifier().fit(X[tr], y[tr]).score(X[va], y[va]))
            return scores
        """,
        line=6,
        note="oversampled before a fold loop",
    ),
    Invalid(
        """
        import pandas as pd
        from imblearn.over_sampling import BorderlineSMOTE
        from sklearn.model_selection import train_test_split
        from sklearn.neighbors import KNeighborsClassifier

        churn = pd.read_csv("telco.csv")
        X_s, y_s = BorderlineSMOTE().fit_sample(churn[["tenure", "charges"]], churn["churn"])
        xtr, xte, ytr, yte = train_test_split(X_s, y_s)
        print(KNeighborsClassifier().fit(xtr, ytr).score(xte, yte))
        """,
        line=7,
        note="the old imbalanced-learn spelling fit_sample",
    ),
    Invalid(
        """
        import pandas as pd
        from sklearn.linear_model import LogisticRegression
        from sklearn.model_selection import train_test_split

        reviews = pd.read_csv("reviews.csv")
        rare = reviews[reviews["stars"] == 1]
        reviews = pd.concat([reviews, rare.sample(n=3 * len(rare), replace=True)])
        X_tr, X_te, y_tr, y_te = train_test_split(reviews[["length"]], reviews["stars"] == 1)
        print(LogisticRegression().fit(X_tr, y_tr).score(X_te, y_te))
        """,
        line=7,
        note="rows sampled with replacement and appended before the split",
    ),
    Invalid(
        """
        import numpy as np
        from sklearn.ensemble import RandomForestClassifier
        from sklearn.metrics import roc_auc_score
        from sklearn.model_selection import train_test_split

        def validated(X, y):
            X_train, X_val, y_train, y_val = train_test_split(X, y)
            X_full = np.vstack([X_train, X_val])
            forest = RandomForestClassifier().fit(X_full, np.concatenate([y_train, y_val]))
            return roc_auc_score(y_val, forest.predict_proba(X_val)[:, 1])
        """,
        line=8,
        note="validation rows stacked into the training data, then the validation score reported",
    ),
    Invalid(
        """
        import pandas as pd
        from sklearn.ensemble import RandomForestClassifier

        FEATURES = ["depth", "alt_freq", "gq"]
        calls = pd.read_csv("giab_calls.tsv", sep="\\t")
        model = RandomForestClassifier().fit(calls[FEATURES], calls["truth"])
        hg002 = calls[calls["sample"] == "HG002"]
        print("HG002 accuracy", model.score(hg002[FEATURES], hg002["truth"]))
        """,
        line=6,
        note="genomics: trained on every sample, then scored on HG002 as if it were held out",
    ),
    Invalid(
        """
        import pandas as pd
        from sklearn.ensemble import AdaBoostClassifier
        from sklearn.metrics import accuracy_score
        from sklearn.model_selection import train_test_split

        wine = pd.read_csv("wine.csv")
        X, y = wine.drop(columns="good"), wine["good"]
        X_train, X_test, y_train, y_test = train_test_split(X, y)
        ada = AdaBoostClassifier().fit(X_train, y_train)
        print("accuracy", accuracy_score(y, ada.predict(X)))
        """,
        line=10,
        note="the reported accuracy is computed on every row, the training rows included",
    ),
    Invalid(
        """
        import pandas as pd
        from sklearn.linear_model import Ridge
        from sklearn.model_selection import train_test_split

        windows = pd.read_csv("windows.csv")
        shifted = windows.copy()
        shifted["x"] = shifted["x"] + 0.01
        augmented = pd.concat([windows, shifted])
        X_tr, X_te, y_tr, y_te = train_test_split(augmented[["x"]], augmented["speed"])
        print(Ridge().fit(X_tr, y_tr).score(X_te, y_te))
        """,
        line=8,
        note="jittered copies of every row appended before the split",
    ),
    Invalid(
        {
            "data.py": """
            import pandas as pd
            from imblearn.combine import SMOTETomek
            from sklearn.model_selection import train_test_split

            def load_splits(path):
                frame = pd.read_csv(path)
                X, y = SMOTETomek().fit_resample(frame.drop(columns="label"), frame["label"])
                return train_test_split(X, y)
            """,
            "run.py": """
            from lightgbm import LGBMClassifier

            from data import load_splits

            X_train, X_test, y_train, y_test = load_splits("defects.csv")
            print(LGBMClassifier().fit(X_train, y_train).score(X_test, y_test))
            """,
        },
        file="data.py",
        line=7,
        note="across modules: the data module resamples, then returns the split",
    ),
    Invalid(
        """
        from imblearn.over_sampling import RandomOverSampler
        from sklearn.model_selection import train_test_split
        from sklearn.tree import DecisionTreeClassifier

        def balanced_tree(X, y):
            ros = RandomOverSampler()
            X, y = ros.fit_resample(X, y)
            X_train, X_test, y_train, y_test = train_test_split(X, y)
            tree = DecisionTreeClassifier().fit(X_train, y_train)
            return tree.predict(X_test)
        """,
        line=7,
        note="predicting the test part is enough: some of its rows are copies of training rows",
    ),
    Invalid(
        """
        import numpy as np
        from sklearn.linear_model import Ridge

        series = np.load("load.npy")
        X_train, y_train = series[:8000, :-1], series[:8000, -1]
        X_valid, y_valid = series[7000:9000, :-1], series[7000:9000, -1]
        model = Ridge().fit(X_train, y_train)
        print(model.score(X_valid, y_valid))
        """,
        line=7,
        note="literal slices that overlap: rows 7000-7999 are trained on and scored",
    ),
    Invalid(
        """
        import numpy as np
        from sklearn.ensemble import GradientBoostingRegressor

        X, y = np.load("X.npy"), np.load("y.npy")
        model = GradientBoostingRegressor().fit(X, y)
        rng = np.random.default_rng(0)
        held_out = rng.permutation(len(X))[:200]
        print(model.score(X[held_out], y[held_out]))
        """,
        line=5,
        note="trained on every row, then scored on a random subset of the same rows",
    ),
    Invalid(
        """
        import torch
        from skorch import NeuralNetClassifier

        from nets import ECGNet

        X, y = torch.load("ecg_X.pt"), torch.load("ecg_y.pt")
        order = torch.randperm(len(X))
        X_tr, y_tr = X[order[:8000]], y[order[:8000]]
        X_val, y_val = X[order[8000:]], y[order[8000:]]
        X_tr, y_tr = torch.cat([X_tr, X_val]), torch.cat([y_tr, y_val])
        net = NeuralNetClassifier(ECGNet).fit(X_tr, y_tr)
        print(net.score(X_val, y_val))
        """,
        line=10,
        note="validation tensors joined to the training tensors with torch.cat",
    ),
]

VALID: list[Valid] = [
    Valid(
        """
        from imblearn.over_sampling import SMOTE
        from sklearn.ensemble import RandomForestClassifier
        from sklearn.model_selection import train_test_split

        def fraud_model(X, y):
            X_train, X_test, y_train, y_test = train_test_split(X, y, stratify=y)
            X_res, y_res = SMOTE().fit_resample(X_train, y_train)
            return RandomForestClassifier().fit(X_res, y_res).score(X_test, y_test)
        """,
        note="SMOTE on the training split only",
    ),
    Valid(
        """
        from imblearn.over_sampling import SMOTE
        from imblearn.pipeline import Pipeline
        from sklearn.linear_model import LogisticRegression
        from sklearn.model_selection import cross_val_score

        def smote_cv(X, y):
            pipe = Pipeline([("smote", SMOTE()), ("lr", LogisticRegression())])
            return cross_val_score(pipe, X, y, cv=5).mean()
        """,
        note="an imbalanced-learn pipeline resamples each training fold only",
    ),
    Valid(
        """
        import joblib
        from sklearn.ensemble import GradientBoostingClassifier
        from sklearn.model_selection import train_test_split

        def ship(X, y):
            X_train, X_test, y_train, y_test = train_test_split(X, y)
            gbc = GradientBoostingClassifier().fit(X_train, y_train)
            print("held-out accuracy", gbc.score(X_test, y_test))
            final = GradientBoostingClassifier().fit(X, y)
            joblib.dump(final, "model.joblib")
        """,
        note="refitted on every row after the final test report",
    ),
    Valid(
        """
        from imblearn.under_sampling import RandomUnderSampler
        from sklearn.model_selection import train_test_split
        from sklearn.svm import LinearSVC

        def undersampled(X, y):
            X_small, y_small = RandomUnderSampler().fit_resample(X, y)
            X_tr, X_te, y_tr, y_te = train_test_split(X_small, y_small)
            return LinearSVC().fit(X_tr, y_tr).score(X_te, y_te)
        """,
        note="undersampling drops rows and copies none",
    ),
    Valid(
        """
        import numpy as np
        from sklearn.model_selection import train_test_split
        from sklearn.neural_network import MLPClassifier

        def augmented(images, labels):
            X_tr, X_te, y_tr, y_te = train_test_split(images, labels)
            X_tr = np.concatenate([X_tr, X_tr[:, :, ::-1]])
            y_tr = np.concatenate([y_tr, y_tr])
            model = MLPClassifier().fit(X_tr.reshape(len(X_tr), -1), y_tr)
            return model.score(X_te.reshape(len(X_te), -1), y_te)
        """,
        note="flipped copies of the training images only",
    ),
    Valid(
        """
        import pandas as pd
        from sklearn.linear_model import LogisticRegression
        from sklearn.model_selection import train_test_split
        from sklearn.utils import resample

        df = pd.read_csv("readmissions.csv")
        train, test = train_test_split(df)
        minority = train[train.readmitted == 1]
        up = pd.concat([train, resample(minority, replace=True, n_samples=len(train))])
        lr = LogisticRegression().fit(up[["age", "visits"]], up["readmitted"])
        print(lr.score(test[["age", "visits"]], test["readmitted"]))
        """,
        note="the training frame's minority upsampled after the split",
    ),
    Valid(
        """
        import numpy as np
        from sklearn.ensemble import RandomForestClassifier
        from sklearn.model_selection import train_test_split

        def final_fit(X, y):
            X_dev, X_test, y_dev, y_test = train_test_split(X, y)
            X_train, X_val, y_train, y_val = train_test_split(X_dev, y_dev)
            forest = RandomForestClassifier().fit(np.vstack([X_train, X_val]), np.concatenate([y_train, y_val]))
            return forest.score(X_test, y_test)
        """,
        note="training and validation joined for the final fit, scored on the untouched test part",
    ),
    Valid(
        """
        from imblearn.over_sampling import SMOTE
        from sklearn.model_selection import StratifiedKFold
        from sklearn.tree import DecisionTreeClassifier

        def folds(X, y):
            scores = []
            for tr, va in StratifiedKFold(5).split(X, y):
                X_fold, y_fold = SMOTE().fit_resample(X[tr], y[tr])
                scores.append(DecisionTreeClassifier().fit(X_fold, y_fold).score(X[va], y[va]))
            return scores
        """,
        note="each training fold oversampled inside the loop",
    ),
    Valid(
        """
        from sklearn.model_selection import train_test_split
        from sklearn.svm import SVC

        def fit_svc(X, y):
            X_train, X_test, y_train, y_test = train_test_split(X, y)
            svc = SVC().fit(X_train, y_train)
            print("train accuracy", svc.score(X_train, y_train))
            print("test accuracy", svc.score(X_test, y_test))
        """,
        note="the training accuracy beside the test accuracy is not a test score",
    ),
    Valid(
        """
        import pandas as pd
        from sklearn.ensemble import RandomForestClassifier

        calls = pd.read_csv("giab_calls.tsv", sep="\\t")
        hg001 = calls[calls["sample"] == "HG001"]
        hg002 = calls[calls["sample"] == "HG002"]
        model = RandomForestClassifier().fit(hg001[["depth", "gq"]], hg001["truth"])
        print("HG002 accuracy", model.score(hg002[["depth", "gq"]], hg002["truth"]))
        """,
        note="genomics: trained on HG001, scored on HG002",
    ),
    Valid(
        """
        from sklearn.linear_model import LogisticRegression
        from sklearn.model_selection import train_test_split

        def weighted(X, y):
            X_tr, X_te, y_tr, y_te = train_test_split(X, y, stratify=y)
            clf = LogisticRegression(class_weight="balanced").fit(X_tr, y_tr)
            return clf.score(X_te, y_te)
        """,
        note="class weights instead of resampling",
    ),
    Valid(
        """
        import pandas as pd
        from sklearn.ensemble import RandomForestRegressor
        from sklearn.model_selection import train_test_split

        both = pd.concat([pd.read_csv("site_a.csv"), pd.read_csv("site_b.csv")])
        X_tr, X_te, y_tr, y_te = train_test_split(both[["x1", "x2"]], both["yield"])
        print(RandomForestRegressor().fit(X_tr, y_tr).score(X_te, y_te))
        """,
        note="two different files concatenated before the split share no rows",
    ),
    Valid(
        """
        import numpy as np
        from sklearn.linear_model import LogisticRegression
        from sklearn.metrics import roc_auc_score
        from sklearn.model_selection import train_test_split
        from sklearn.utils import resample

        def auc_with_ci(X, y):
            X_tr, X_te, y_tr, y_te = train_test_split(X, y)
            probs = LogisticRegression().fit(X_tr, y_tr).predict_proba(X_te)[:, 1]
            boot = [roc_auc_score(*resample(y_te, probs, random_state=s)) for s in range(1000)]
            return roc_auc_score(y_te, probs), np.percentile(boot, [2.5, 97.5])
        """,
        note="bootstrapping the test predictions for a confidence interval copies no training rows",
    ),
    Valid(
        {
            "sampling.py": """
            from imblearn.over_sampling import RandomOverSampler

            def oversample(features, labels):
                return RandomOverSampler().fit_resample(features, labels)
            """,
            "train.py": """
            import numpy as np
            from sklearn.model_selection import train_test_split
            from sklearn.naive_bayes import GaussianNB

            from sampling import oversample

            X_tr, X_te, y_tr, y_te = train_test_split(np.load("X.npy"), np.load("y.npy"))
            X_tr, y_tr = oversample(X_tr, y_tr)
            print(GaussianNB().fit(X_tr, y_tr).score(X_te, y_te))
            """,
        },
        note="across modules: the helper oversamples what the caller passes, the training split",
    ),
    Valid(
        """
        import pandas as pd
        from sklearn.ensemble import RandomForestClassifier
        from sklearn.model_selection import cross_val_score

        train = pd.read_csv("train.csv")
        unseen = pd.read_csv("test.csv")
        rf = RandomForestClassifier()
        print(cross_val_score(rf, train[["Pclass", "Fare"]], train["Survived"]).mean())
        rf.fit(train[["Pclass", "Fare"]], train["Survived"])
        submission = rf.predict(unseen[["Pclass", "Fare"]])
        """,
        note="cross-validated, then fitted on every training row to predict new unlabelled rows",
    ),
    Valid(
        """
        from sklearn.model_selection import train_test_split
        from sklearn.tree import DecisionTreeRegressor

        def fit_tree(X, y):
            X_tr, X_te, y_tr, y_te = train_test_split(X, y)
            tree = DecisionTreeRegressor().fit(X_tr, y_tr)
            curve = tree.predict(X)
            return tree.score(X_te, y_te), curve
        """,
        note="predictions over every row for a plot are not a score",
    ),
    Valid(
        """
        import numpy as np
        from sklearn.linear_model import Ridge

        series = np.load("load.npy")
        X_train, y_train = series[:7000, :-1], series[:7000, -1]
        X_valid, y_valid = series[7000:9000, :-1], series[7000:9000, -1]
        X_test, y_test = series[9000:, :-1], series[9000:, -1]
        model = Ridge().fit(X_train, y_train)
        print(model.score(X_valid, y_valid), model.score(X_test, y_test))
        """,
        note="a series cut in three by literal slices that do not meet",
    ),
    Valid(
        """
        from sklearn.metrics import accuracy_score
        from sklearn.model_selection import RandomizedSearchCV, train_test_split
        from sklearn.svm import SVC

        def fit_digits(X, y):
            X_train, X_test, y_train, y_test = train_test_split(X, y)
            search = RandomizedSearchCV(SVC(), {"C": [1, 3, 10]}, n_iter=2)
            search.fit(X_train[:1000], y_train[:1000])
            print(accuracy_score(y_train, search.predict(X_train)))  # a training score
            search.best_estimator_.fit(X_train, y_train)
            print(accuracy_score(y_train, search.best_estimator_.predict(X_train)))
            return accuracy_score(y_test, search.best_estimator_.predict(X_test))
        """,
        note="training scores on the training split (a part of it fitted first), then the test",
    ),
    Valid(
        """
        import numpy as np
        from sklearn.linear_model import LogisticRegression

        X, y = np.load("X.npy"), np.load("y.npy")
        indices = np.arange(len(X))
        np.random.shuffle(indices)
        n = int(0.8 * len(X))
        model = LogisticRegression().fit(X[indices[:n]], y[indices[:n]])
        print(model.score(X[indices[n:]], y[indices[n:]]))
        """,
        note="a shuffled index cut in two: training and test rows are disjoint",
    ),
    Valid(
        {
            "test_fraud.py": """
            from imblearn.over_sampling import SMOTE
            from sklearn.ensemble import RandomForestClassifier
            from sklearn.model_selection import train_test_split

            def fraud_score(X, y):
                X_res, y_res = SMOTE().fit_resample(X, y)
                X_train, X_test, y_train, y_test = train_test_split(X_res, y_res)
                forest = RandomForestClassifier().fit(X_train, y_train)
                return forest.score(X_test, y_test)

            def test_the_forest_learns_something(fraud_data):
                assert fraud_score(*fraud_data) > 0.5
            """,
        },
        note="a unit test's assertion on rows the model saw is not a reported test score",
    ),
    Valid(
        """
        import lightgbm as lgb
        import pandas as pd
        from sklearn.metrics import f1_score

        sites = pd.read_parquet("HG002_sites.parquet")
        cols = ["depth", "vaf", "mapq"]
        train = sites[~sites.chrom.isin(["chr20", "chr21", "chr22"])]
        test = sites[sites.chrom == "chr20"]
        model = lgb.LGBMClassifier().fit(train[cols], train["is_tp"])
        print(f1_score(test["is_tp"], model.predict(test[cols])))
        """,
        note="genomics: train off three held-out chromosomes, test on one of them",
    ),
]
