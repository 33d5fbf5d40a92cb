"""MLA004's VALID and INVALID examples (the tests and the docs page are generated from them)."""

from __future__ import annotations

from ...rule import Invalid, Valid

INVALID: list[Invalid] = [
    Invalid(
        """
        from sklearn.metrics import accuracy_score
        from sklearn.model_selection import train_test_split

        def best_model(models, X, y):
            X_train, X_test, y_train, y_test = train_test_split(X, y)
            results = {}
            for name, model in models.items():
                model.fit(X_train, y_train)
                results[name] = accuracy_score(y_test, model.predict(X_test))
            best = max(results, key=results.get)
            print(best, results[best])
        """,
        line=10,
        note="the model with the best test accuracy, and that accuracy reported",
        message_contains=("train_test_split", "max"),
    ),
    Invalid(
        """
        from sklearn.model_selection import train_test_split
        from sklearn.neighbors import KNeighborsClassifier

        def tune_k(X, y):
            X_train, X_test, y_train, y_test = train_test_split(X, y)
            best_k, best = None, 0.0
            for k in range(1, 31):
                score = KNeighborsClassifier(k).fit(X_train, y_train).score(X_test, y_test)
                if score > best:
                    best_k, best = k, score
            return best_k, best
        """,
        line=9,
        note="a hyperparameter loop keyed on the test score",
    ),
    Invalid(
        """
        import numpy as np
        from sklearn.linear_model import Ridge
        from sklearn.model_selection import train_test_split

        def tune_alpha(X, y, alphas):
            X_tr, X_te, y_tr, y_te = train_test_split(X, y)
            scores = [Ridge(alpha=a).fit(X_tr, y_tr).score(X_te, y_te) for a in alphas]
            best_alpha = alphas[np.argmax(scores)]
            return best_alpha, max(scores)
        """,
        line=8,
        note="argmax over test scores",
    ),
    Invalid(
        """
        import numpy as np
        from sklearn.metrics import f1_score, roc_curve
        from sklearn.model_selection import train_test_split

        def thresholded_f1(model, X, y):
            X_tr, X_te, y_tr, y_te = train_test_split(X, y)
            p = model.fit(X_tr, y_tr).predict_proba(X_te)[:, 1]
            fpr, tpr, thresholds = roc_curve(y_te, p)
            cut = thresholds[np.argmax(tpr - fpr)]
            return f1_score(y_te, p >= cut)
        """,
        line=9,
        note="a decision threshold chosen from the test labels, then the test F1 reported",
    ),
    Invalid(
        """
        from sklearn.model_selection import train_test_split
        from xgboost import XGBClassifier

        def boosted(X, y):
            X_train, X_test, y_train, y_test = train_test_split(X, y)
            xgb = XGBClassifier(n_estimators=2000, early_stopping_rounds=50)
            xgb.fit(X_train, y_train, eval_set=[(X_test, y_test)])
            return xgb.score(X_test, y_test)
        """,
        line=7,
        note="early stopping watches the test split",
    ),
    Invalid(
        """
        from sklearn.model_selection import train_test_split
        from tensorflow import keras

        def train_net(net, X, y):
            X_train, X_test, y_train, y_test = train_test_split(X, y)
            stop = keras.callbacks.EarlyStopping(patience=5, restore_best_weights=True)
            net.fit(X_train, y_train, epochs=100, validation_data=(X_test, y_test), callbacks=[stop])
            return net.evaluate(X_test, y_test)
        """,
        line=7,
        note="Keras restores the epoch that did best on the test data",
    ),
    Invalid(
        """
        from sklearn.model_selection import GridSearchCV, train_test_split
        from sklearn.svm import SVC

        def tuned(X, y):
            X_train, X_test, y_train, y_test = train_test_split(X, y)
            search = GridSearchCV(SVC(), {"C": [0.1, 1, 10]}).fit(X, y)
            final = SVC(**search.best_params_).fit(X_train, y_train)
            return final.score(X_test, y_test)
        """,
        line=6,
        note="hyperparameters searched on every row, the test rows included",
    ),
    Invalid(
        """
        import pandas as pd
        from sklearn.ensemble import RandomForestClassifier
        from sklearn.metrics import f1_score
        from sklearn.model_selection import train_test_split

        def leaderboard(X, y):
            X_tr, X_te, y_tr, y_te = train_test_split(X, y)
            rows = []
            for trees in (100, 300, 1000):
                rf = RandomForestClassifier(n_estimators=trees).fit(X_tr, y_tr)
                rows.append({"trees": trees, "f1": f1_score(y_te, rf.predict(X_te))})
            table = pd.DataFrame(rows).sort_values("f1", ascending=False)
            return table.iloc[0]
        """,
        line=12,
        note="results sorted by test F1 and the top row reported",
    ),
    Invalid(
        """
        from itertools import combinations

        from sklearn.linear_model import LinearRegression
        from sklearn.model_selection import train_test_split

        def best_subset(frame, target, cols):
            X_tr, X_te, y_tr, y_te = train_test_split(frame[cols], target)
            best = (-1.0, None)
            for subset in combinations(cols, 3):
                r2 = LinearRegression().fit(X_tr[list(subset)], y_tr).score(X_te[list(subset)], y_te)
                if r2 > best[0]:
                    best = (r2, subset)
            return best
        """,
        line=11,
        note="a feature subset chosen by its test score",
    ),
    Invalid(
        """
        import lightgbm as lgb
        from sklearn.model_selection import train_test_split

        def boosted(X, y):
            X_tr, X_te, y_tr, y_te = train_test_split(X, y)
            booster = lgb.train({}, lgb.Dataset(X_tr, y_tr), valid_sets=[lgb.Dataset(X_te, y_te)], callbacks=[lgb.early_stopping(100)])
            return ((booster.predict(X_te) - y_te) ** 2).mean()
        """,
        line=6,
        note="LightGBM's early-stopping callback on the test set",
    ),
    Invalid(
        """
        import torch
        from torch.utils.data import DataLoader, random_split

        def train_epochs(net, opt, loss_fn, dataset):
            train_set, test_set = random_split(dataset, [0.8, 0.2])
            best = 0.0
            for epoch in range(50):
                for xb, yb in DataLoader(train_set, batch_size=64):
                    opt.zero_grad()
                    loss_fn(net(xb), yb).backward()
                    opt.step()
                xt, yt = next(iter(DataLoader(test_set, batch_size=len(test_set))))
                acc = (net(xt).argmax(1) == yt).float().mean().item()
                if acc > best:
                    best = acc
            print("best test accuracy", best)
        """,
        line=14,
        note="PyTorch: the best epoch picked on the test part of a random_split",
    ),
    Invalid(
        """
        import numpy as np
        import pandas as pd
        from sklearn.metrics import f1_score

        calls = pd.read_csv("hg002_calls_vs_truth.tsv", sep="\\t")
        cutoffs = np.arange(0, 60, 5)
        f1s = [f1_score(calls["is_tp"], calls["GQ"] >= c) for c in cutoffs]
        chosen = cutoffs[int(np.argmax(f1s))]
        print("HG002 F1 at GQ >=", chosen, max(f1s))
        """,
        line=8,
        note="genomics: the GQ filter tuned on the held-out evaluation sample",
    ),
    Invalid(
        {
            "selection.py": """
            from sklearn.metrics import roc_auc_score

            def pick_best(candidates, X_eval, y_eval):
                aucs = {n: roc_auc_score(y_eval, m.predict_proba(X_eval)[:, 1]) for n, m in candidates.items()}
                winner = max(aucs, key=aucs.get)
                return candidates[winner], aucs[winner]
            """,
            "main.py": """
            from sklearn.ensemble import GradientBoostingClassifier, RandomForestClassifier
            from sklearn.model_selection import train_test_split

            from selection import pick_best

            def run(X, y):
                X_tr, X_te, y_tr, y_te = train_test_split(X, y)
                models = {"rf": RandomForestClassifier().fit(X_tr, y_tr), "gb": GradientBoostingClassifier().fit(X_tr, y_tr)}
                model, auc = pick_best(models, X_te, y_te)
                print("test AUC", auc)
            """,
        },
        file="selection.py",
        line=5,
        note="across modules: the caller passes its test split to a selection helper",
    ),
    Invalid(
        """
        import pandas as pd
        from sklearn.ensemble import RandomForestClassifier

        sites = pd.read_csv("hg001_sites.tsv", sep="\\t")
        train = sites[sites["chrom"] != "chr20"]
        test = sites[sites["chrom"] == "chr20"]
        best = (0.0, None)
        for leaf in (1, 5, 20):
            rf = RandomForestClassifier(min_samples_leaf=leaf).fit(train[["depth"]], train["truth"])
            best = max(best, (rf.score(test[["depth"]], test["truth"]), leaf))
        print("chr20 accuracy and leaf size", best)
        """,
        line=10,
        note="genomics: tuned on the held-out chromosome that is then reported",
    ),
    Invalid(
        """
        import pandas as pd
        from sklearn.metrics import accuracy_score
        from sklearn.model_selection import train_test_split
        from sklearn.tree import DecisionTreeClassifier

        def depth_sweep(X, y):
            X_tr, X_te, y_tr, y_te = train_test_split(X, y)
            accs = {}
            for depth in range(1, 15):
                tree = DecisionTreeClassifier(max_depth=depth).fit(X_tr, y_tr)
                accs[depth] = accuracy_score(y_te, tree.predict(X_te))
            best_depth = pd.Series(accs).idxmax()
            return best_depth, accs[best_depth]
        """,
        line=12,
        note="idxmax over a Series of test accuracies",
    ),
    Invalid(
        """
        from sklearn.model_selection import train_test_split

        def ranked(classifiers, X, y):
            X_tr, X_te, y_tr, y_te = train_test_split(X, y)
            scored = [(clf.fit(X_tr, y_tr).score(X_te, y_te), type(clf).__name__) for clf in classifiers]
            top = sorted(scored, reverse=True)[0]
            print("winner", top)
        """,
        line=6,
        note="classifiers ranked by their test scores",
    ),
    Invalid(
        """
        from sklearn.ensemble import GradientBoostingRegressor
        from sklearn.metrics import mean_squared_error
        from sklearn.model_selection import train_test_split

        def early_stopped(X, y):
            X_train, X_val, y_train, y_val = train_test_split(X, y)
            model = GradientBoostingRegressor(warm_start=True)
            best = float("inf")
            for n_estimators in range(1, 120):
                model.n_estimators = n_estimators
                model.fit(X_train, y_train)
                val_error = mean_squared_error(y_val, model.predict(X_val))
                if val_error < best:
                    best = val_error
            print("Minimum validation MSE:", best)
        """,
        line=13,
        note="early stopping on a validation split whose best score is the only figure printed",
    ),
    Invalid(
        """
        from sklearn.model_selection import train_test_split
        from sklearn.neighbors import KNeighborsClassifier

        def sweep(X, y):
            X_train, X_test, y_train, y_test = train_test_split(X, y)
            scores = [
                KNeighborsClassifier(n_neighbors=k).fit(X_train, y_train).score(X_test, y_test)
                for k in range(1, 21)
            ]
            print("best accuracy:", max(scores))
        """,
        line=10,
        note="the best of twenty test scores chosen and printed in one statement",
    ),
]

VALID: list[Valid] = [
    Valid(
        """
        from sklearn.metrics import accuracy_score
        from sklearn.model_selection import train_test_split

        def best_model(models, X, y):
            X_dev, X_test, y_dev, y_test = train_test_split(X, y)
            X_train, X_val, y_train, y_val = train_test_split(X_dev, y_dev)
            val = {n: accuracy_score(y_val, m.fit(X_train, y_train).predict(X_val)) for n, m in models.items()}
            best = max(val, key=val.get)
            return accuracy_score(y_test, models[best].predict(X_test))
        """,
        note="chosen on a validation split, reported once on the test split",
    ),
    Valid(
        """
        from sklearn.model_selection import GridSearchCV, train_test_split
        from sklearn.svm import SVC

        def tuned(X, y):
            X_train, X_test, y_train, y_test = train_test_split(X, y)
            search = GridSearchCV(SVC(), {"C": [0.1, 1, 10]}).fit(X_train, y_train)
            return search.best_params_, search.score(X_test, y_test)
        """,
        note="searched by cross-validation on the training split, one test evaluation",
    ),
    Valid(
        """
        from sklearn.metrics import accuracy_score, f1_score, roc_auc_score
        from sklearn.model_selection import train_test_split

        def report(model, X, y):
            X_tr, X_te, y_tr, y_te = train_test_split(X, y)
            pred = model.fit(X_tr, y_tr).predict(X_te)
            metrics = {"acc": accuracy_score(y_te, pred), "f1": f1_score(y_te, pred),
                       "auc": roc_auc_score(y_te, model.predict_proba(X_te)[:, 1])}
            print(metrics, max(metrics.values()))
        """,
        note="several metrics of one model on one test set",
    ),
    Valid(
        """
        from sklearn.model_selection import train_test_split
        from xgboost import XGBClassifier

        def boosted(X, y):
            X_dev, X_test, y_dev, y_test = train_test_split(X, y)
            X_train, X_valid, y_train, y_valid = train_test_split(X_dev, y_dev)
            xgb = XGBClassifier(n_estimators=2000, early_stopping_rounds=50)
            xgb.fit(X_train, y_train, eval_set=[(X_valid, y_valid)])
            return xgb.score(X_test, y_test)
        """,
        note="early stopping on a validation split",
    ),
    Valid(
        """
        import numpy as np
        from sklearn.metrics import f1_score, precision_recall_curve
        from sklearn.model_selection import train_test_split

        def thresholded_f1(model, X, y):
            X_rest, X_te, y_rest, y_te = train_test_split(X, y)
            X_tr, X_cal, y_tr, y_cal = train_test_split(X_rest, y_rest)
            model.fit(X_tr, y_tr)
            precision, recall, thresholds = precision_recall_curve(y_cal, model.predict_proba(X_cal)[:, 1])
            cut = thresholds[np.argmax(precision[:-1] + recall[:-1])]
            return f1_score(y_te, model.predict_proba(X_te)[:, 1] >= cut)
        """,
        note="the threshold picked on a calibration split, applied to the test split",
    ),
    Valid(
        """
        from sklearn.model_selection import train_test_split

        def side_by_side(models, X, y):
            X_tr, X_te, y_tr, y_te = train_test_split(X, y)
            for model in models:
                print(type(model).__name__, model.fit(X_tr, y_tr).score(X_te, y_te))
        """,
        note="models compared side by side, nothing chosen",
    ),
    Valid(
        """
        import numpy as np
        from sklearn.linear_model import Lasso
        from sklearn.model_selection import cross_val_score, train_test_split

        def tuned(X, y, alphas):
            X_tr, X_te, y_tr, y_te = train_test_split(X, y)
            cv = [cross_val_score(Lasso(alpha=a), X_tr, y_tr).mean() for a in alphas]
            best = alphas[int(np.argmax(cv))]
            return Lasso(alpha=best).fit(X_tr, y_tr).score(X_te, y_te)
        """,
        note="chosen by cross-validation on the training split",
    ),
    Valid(
        """
        from sklearn.model_selection import train_test_split
        from tensorflow import keras

        def train_net(net, X, y):
            X_train, X_test, y_train, y_test = train_test_split(X, y)
            stop = keras.callbacks.EarlyStopping(patience=5, restore_best_weights=True)
            net.fit(X_train, y_train, validation_split=0.1, callbacks=[stop])
            return net.evaluate(X_test, y_test)
        """,
        note="Keras early stopping on a validation split carved from the training data",
    ),
    Valid(
        {
            "tune.py": """
            import numpy as np
            from sklearn.metrics import f1_score

            def best_cutoff(calls):
                cutoffs = np.arange(0, 60, 5)
                return cutoffs[int(np.argmax([f1_score(calls["is_tp"], calls["GQ"] >= c) for c in cutoffs]))]
            """,
            "evaluate.py": """
            import pandas as pd
            from sklearn.metrics import f1_score

            from tune import best_cutoff

            hg001 = pd.read_csv("hg001_vs_truth.tsv", sep="\\t")
            hg002 = pd.read_csv("hg002_vs_truth.tsv", sep="\\t")
            cutoff = best_cutoff(hg001[hg001["chrom"] == "chr20"])
            print("HG002 F1", f1_score(hg002["is_tp"], hg002["GQ"] >= cutoff))
            """,
        },
        note="genomics: tuned on a held-out chromosome of HG001, evaluated once on HG002",
    ),
    Valid(
        """
        from sklearn.model_selection import train_test_split
        from xgboost import XGBRegressor

        def monitored(X, y):
            X_tr, X_te, y_tr, y_te = train_test_split(X, y)
            reg = XGBRegressor(n_estimators=400)
            reg.fit(X_tr, y_tr, eval_set=[(X_te, y_te)], verbose=100)
            return reg.evals_result()["validation_0"]["rmse"][-1]
        """,
        note="an eval_set only monitored (no early stopping) chooses nothing",
    ),
    Valid(
        """
        import torch
        from torch.utils.data import DataLoader, random_split

        def train_epochs(net, opt, loss_fn, dataset):
            train_set, val_set, test_set = random_split(dataset, [0.7, 0.15, 0.15])
            best, state = 0.0, None
            for epoch in range(50):
                for xb, yb in DataLoader(train_set, batch_size=64):
                    opt.zero_grad()
                    loss_fn(net(xb), yb).backward()
                    opt.step()
                xv, yv = next(iter(DataLoader(val_set, batch_size=len(val_set))))
                acc = (net(xv).argmax(1) == yv).float().mean().item()
                if acc > best:
                    best, state = acc, net.state_dict()
            net.load_state_dict(state)
            xt, yt = next(iter(DataLoader(test_set, batch_size=len(test_set))))
            print("test accuracy", (net(xt).argmax(1) == yt).float().mean().item())
        """,
        note="PyTorch: the best epoch picked on the validation part, the test part used once",
    ),
    Valid(
        """
        import numpy as np
        from sklearn.metrics import accuracy_score
        from sklearn.model_selection import train_test_split

        def bootstrap(model, X, y):
            X_tr, X_te, y_tr, y_te = train_test_split(X, y)
            pred = model.fit(X_tr, y_tr).predict(X_te)
            rng = np.random.default_rng(0)
            boot = []
            for _ in range(1000):
                idx = rng.integers(0, len(y_te), len(y_te))
                boot.append(accuracy_score(y_te[idx], pred[idx]))
            return np.percentile(boot, [2.5, 97.5]), max(boot)
        """,
        note="bootstrap replicates of one model's test score",
    ),
    Valid(
        """
        import pandas as pd
        from sklearn.ensemble import RandomForestClassifier
        from sklearn.model_selection import GridSearchCV, train_test_split

        def tuned(X, y):
            X_tr, X_te, y_tr, y_te = train_test_split(X, y)
            grid = GridSearchCV(RandomForestClassifier(), {"max_depth": [2, 4, 8]}).fit(X_tr, y_tr)
            table = pd.DataFrame(grid.cv_results_).sort_values("mean_test_score", ascending=False)
            return table.head(3), grid.best_estimator_.score(X_te, y_te)
        """,
        note="the search's own cross-validation table sorted, then one test score",
    ),
    Valid(
        {
            "selection.py": """
            from sklearn.metrics import roc_auc_score

            def pick_best(candidates, X_eval, y_eval):
                aucs = {n: roc_auc_score(y_eval, m.predict_proba(X_eval)[:, 1]) for n, m in candidates.items()}
                return candidates[max(aucs, key=aucs.get)]
            """,
            "main.py": """
            from sklearn.ensemble import GradientBoostingClassifier, RandomForestClassifier
            from sklearn.model_selection import train_test_split

            from selection import pick_best

            def run(X, y):
                X_dev, X_te, y_dev, y_te = train_test_split(X, y)
                X_tr, X_val, y_tr, y_val = train_test_split(X_dev, y_dev)
                models = {"rf": RandomForestClassifier().fit(X_tr, y_tr), "gb": GradientBoostingClassifier().fit(X_tr, y_tr)}
                print("test accuracy", pick_best(models, X_val, y_val).score(X_te, y_te))
            """,
        },
        note="across modules: the selection helper gets the validation split",
    ),
    Valid(
        """
        from sklearn.model_selection import train_test_split
        from sklearn.tree import DecisionTreeClassifier

        def depth_sweep(X, y):
            X_rest, X_te, y_rest, y_te = train_test_split(X, y)
            X_tr, X_val, y_tr, y_val = train_test_split(X_rest, y_rest)
            val = {d: DecisionTreeClassifier(max_depth=d).fit(X_tr, y_tr).score(X_val, y_val) for d in range(1, 15)}
            best = max(val, key=val.get)
            return DecisionTreeClassifier(max_depth=best).fit(X_rest, y_rest).score(X_te, y_te)
        """,
        note="a depth sweep on the validation split, refitted and tested once",
    ),
    Valid(
        """
        import numpy as np
        from sklearn.linear_model import SGDRegressor
        from sklearn.model_selection import train_test_split

        def training_curve(X, y):
            X_tr, X_te, y_tr, y_te = train_test_split(X, y)
            sgd = SGDRegressor()
            losses = []
            for epoch in range(100):
                sgd.partial_fit(X_tr, y_tr)
                losses.append(((sgd.predict(X_tr) - y_tr) ** 2).mean())
            print("lowest training loss", min(losses), "at", int(np.argmin(losses)))
            return sgd.score(X_te, y_te)
        """,
        note="the lowest training loss is not a test score",
    ),
    Valid(
        {
            "test_classifier.py": """
            import lightgbm as lgb
            from sklearn.datasets import load_breast_cancer
            from sklearn.metrics import log_loss
            from sklearn.model_selection import train_test_split

            def test_early_stopping_binary():
                X, y = load_breast_cancer(return_X_y=True)
                X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=42)
                gbm = lgb.LGBMClassifier(n_estimators=50)
                gbm.fit(
                    X_train, y_train, eval_set=[(X_test, y_test)], callbacks=[lgb.early_stopping(5)]
                )
                loss = log_loss(y_test, gbm.predict_proba(X_test))
                assert loss < 0.12
            """,
        },
        note="a library's unit test asserts on the rows it stopped early on: no reported result",
    ),
]
