"""MLA002's VALID and INVALID examples (the tests and the docs page are generated from them)."""

from __future__ import annotations

from ...rule import Invalid, Valid

INVALID: list[Invalid] = [
    Invalid(
        """
        from sklearn.linear_model import LogisticRegression
        from sklearn.model_selection import train_test_split
        from sklearn.preprocessing import StandardScaler

        def evaluate(X, y):
            X = StandardScaler().fit_transform(X)
            X_train, X_test, y_train, y_test = train_test_split(X, y)
            model = LogisticRegression().fit(X_train, y_train)
            return model.score(X_test, y_test)
        """,
        line=6,
        note="a scaler fitted on every row before train_test_split",
        message_contains=("StandardScaler", "train_test_split", "LogisticRegression"),
    ),
    Invalid(
        """
        import pandas as pd
        from sklearn.ensemble import RandomForestClassifier
        from sklearn.model_selection import train_test_split

        df = pd.read_csv("titanic.csv")
        df["Age"] = df["Age"].fillna(df["Age"].mean())
        X_tr, X_te, y_tr, y_te = train_test_split(df[["Age", "Fare"]], df["Survived"])
        forest = RandomForestClassifier().fit(X_tr, y_tr)
        print(forest.score(X_te, y_te))
        """,
        line=6,
        note="missing values filled with the mean of every row, test rows included",
    ),
    Invalid(
        """
        import pandas as pd
        from sklearn.linear_model import Ridge

        train = pd.read_csv("train.csv")
        test = pd.read_csv("test.csv")
        y = train.pop("price")
        full = pd.concat([train, test])
        full = full.fillna(full.median())
        model = Ridge().fit(full[: len(train)], y)
        predictions = model.predict(full[len(train):])
        """,
        line=8,
        note="train and test concatenated, imputed together, then cut apart by position",
    ),
    Invalid(
        """
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.model_selection import train_test_split
        from sklearn.naive_bayes import MultinomialNB

        def spam_filter(texts, is_spam):
            matrix = TfidfVectorizer().fit_transform(texts)
            m_train, m_test, s_train, s_test = train_test_split(matrix, is_spam)
            nb = MultinomialNB().fit(m_train, s_train)
            return nb.score(m_test, s_test)
        """,
        line=6,
        note="document frequencies learned from the test documents too",
    ),
    Invalid(
        """
        from sklearn.decomposition import PCA
        from sklearn.model_selection import KFold
        from sklearn.svm import SVC

        def cv_accuracy(X, y):
            Z = PCA(n_components=10).fit_transform(X)
            scores = []
            for tr, te in KFold(5).split(Z):
                scores.append(SVC().fit(Z[tr], y[tr]).score(Z[te], y[te]))
            return sum(scores) / len(scores)
        """,
        line=6,
        note="components learned before a KFold loop: every fold's test rows shaped them",
    ),
    Invalid(
        """
        from sklearn.feature_selection import SelectKBest, f_classif
        from sklearn.linear_model import LogisticRegression
        from sklearn.model_selection import cross_val_score

        def selected_accuracy(X, y):
            X_best = SelectKBest(f_classif, k=20).fit_transform(X, y)
            return cross_val_score(LogisticRegression(), X_best, y, cv=10).mean()
        """,
        line=6,
        note="features selected with every row's label before cross-validation",
    ),
    Invalid(
        """
        import numpy as np
        from sklearn.model_selection import train_test_split
        from sklearn.neighbors import KNeighborsClassifier

        def knn_accuracy(X, y):
            lo = X.min(axis=0)
            hi = X.max(axis=0)
            X = (X - lo) / (hi - lo)
            X_train, X_test, y_train, y_test = train_test_split(X, y)
            return KNeighborsClassifier().fit(X_train, y_train).score(X_test, y_test)
        """,
        line=6,
        note="a hand-written min-max scaling over every row (reported once, at its first statistic)",
    ),
    Invalid(
        {
            "prep.py": """
            from sklearn.impute import SimpleImputer

            def impute(frame, columns):
                frame[columns] = SimpleImputer(strategy="median").fit_transform(frame[columns])
                return frame
            """,
            "train.py": """
            import pandas as pd
            from sklearn.ensemble import GradientBoostingClassifier
            from sklearn.model_selection import train_test_split

            from prep import impute

            COLS = ["age", "income"]
            data = impute(pd.read_csv("loans.csv"), COLS)
            train, test = train_test_split(data)
            gbm = GradientBoostingClassifier().fit(train[COLS], train["default"])
            print(gbm.score(test[COLS], test["default"]))
            """,
        },
        file="prep.py",
        line=4,
        note="across modules: a helper imputes the whole table before the caller splits it",
    ),
    Invalid(
        """
        import pandas as pd
        from sklearn.linear_model import LinearRegression
        from sklearn.preprocessing import MinMaxScaler

        sales = pd.read_csv("sales.csv")
        sales[["price", "promo"]] = MinMaxScaler().fit_transform(sales[["price", "promo"]])
        train = sales[sales["date"] < "2023-01-01"]
        test = sales[sales["date"] >= "2023-01-01"]
        reg = LinearRegression().fit(train[["price", "promo"]], train["units"])
        print(reg.score(test[["price", "promo"]], test["units"]))
        """,
        line=6,
        note="scaled over the whole period before a date split: the future set the range",
    ),
    Invalid(
        """
        import pandas as pd
        from sklearn.ensemble import RandomForestClassifier
        from sklearn.preprocessing import StandardScaler

        FEATURES = ["depth", "alt_freq", "map_q"]
        sites = pd.read_csv("hg001_candidates.tsv", sep="\\t")
        sites[FEATURES] = StandardScaler().fit_transform(sites[FEATURES])
        train = sites[sites["chrom"] != "chr20"]
        held_out = sites[sites["chrom"] == "chr20"]
        model = RandomForestClassifier().fit(train[FEATURES], train["truth"])
        print(model.score(held_out[FEATURES], held_out["truth"]))
        """,
        line=7,
        note="genomics: a scaler fitted on every chromosome before the chr20 holdout",
    ),
    Invalid(
        """
        from sklearn.linear_model import Lasso
        from sklearn.model_selection import train_test_split
        from sklearn.preprocessing import StandardScaler

        def fit_lasso(X, y):
            X_train, X_test, y_train, y_test = train_test_split(X, y)
            X_train = StandardScaler().fit_transform(X_train)
            X_test = StandardScaler().fit_transform(X_test)
            return Lasso().fit(X_train, y_train).score(X_test, y_test)
        """,
        line=8,
        note="the test rows scaled with their own mean and variance",
    ),
    Invalid(
        """
        import numpy as np
        from sklearn.model_selection import train_test_split
        from sklearn.preprocessing import RobustScaler
        from sklearn.svm import SVR

        def fit_svr(X, y):
            X_train, X_test, y_train, y_test = train_test_split(X, y)
            scaler = RobustScaler().fit(np.vstack([X_train, X_test]))
            svr = SVR().fit(scaler.transform(X_train), y_train)
            return svr.score(scaler.transform(X_test), y_test)
        """,
        line=8,
        note="a scaler fitted on the training and test parts stacked back together",
    ),
    Invalid(
        {
            "features.py": """
            def standardise(frame):
                return (frame - frame.mean()) / frame.std()
            """,
            "main.py": """
            import pandas as pd
            from sklearn.model_selection import train_test_split
            from sklearn.neural_network import MLPRegressor

            from features import standardise

            houses = pd.read_csv("houses.csv")
            price = houses.pop("price")
            X_train, X_test, y_train, y_test = train_test_split(standardise(houses), price)
            print(MLPRegressor().fit(X_train, y_train).score(X_test, y_test))
            """,
        },
        file="features.py",
        line=2,
        note="across modules: a hand-rolled z-score of the frame the caller splits next",
    ),
    Invalid(
        """
        import pandas as pd
        from sklearn.model_selection import train_test_split
        from sklearn.tree import DecisionTreeClassifier

        people = pd.read_csv("adult.csv")
        people["age_band"] = pd.qcut(people["age"], q=5, labels=False)
        X_tr, X_te, y_tr, y_te = train_test_split(people[["age_band"]], people["rich"])
        print(DecisionTreeClassifier().fit(X_tr, y_tr).score(X_te, y_te))
        """,
        line=6,
        note="quantile bins: their edges are statistics of every row",
    ),
    Invalid(
        {
            "normalise.py": """
            def depth_ratio(table):
                median = table["depth"].median()
                table["depth_ratio"] = table["depth"] / median
                return table
            """,
            "train.py": """
            import pandas as pd
            from sklearn.ensemble import HistGradientBoostingClassifier

            from normalise import depth_ratio

            sites = depth_ratio(pd.read_csv("HG001_HG002_sites.csv"))
            train = sites[sites["sample"] == "HG001"]
            test = sites[sites["sample"] == "HG002"]
            model = HistGradientBoostingClassifier().fit(train[["depth_ratio"]], train["truth"])
            print(model.score(test[["depth_ratio"]], test["truth"]))
            """,
        },
        file="normalise.py",
        line=2,
        note="genomics: depth normalised by a median over both samples before the sample holdout",
    ),
    Invalid(
        """
        from scipy.stats import zscore
        from sklearn.model_selection import GridSearchCV, train_test_split
        from sklearn.svm import SVC

        def tuned(X, y):
            X = zscore(X, axis=0)
            X_train, X_test, y_train, y_test = train_test_split(X, y)
            search = GridSearchCV(SVC(), {"C": [1, 10]}).fit(X_train, y_train)
            return search.score(X_test, y_test)
        """,
        line=6,
        note="scipy's zscore before the split; the search inherits it",
    ),
    Invalid(
        """
        import numpy as np
        from sklearn.linear_model import LogisticRegression
        from sklearn.preprocessing import StandardScaler

        X, y = np.load("X.npy"), np.load("y.npy")
        X = StandardScaler().fit_transform(X)
        order = np.random.permutation(len(X))
        train, test = order[:800], order[800:]
        model = LogisticRegression().fit(X[train], y[train])
        print(model.score(X[test], y[test]))
        """,
        line=6,
        note="scaled before a hand-written split by slices of a shuffled index",
    ),
    Invalid(
        """
        import pandas as pd
        from sklearn.linear_model import Ridge

        shop = pd.read_csv("shop.csv", parse_dates=["day"])
        cols = ["price", "footfall", "rain"]
        shop[cols] = (shop[cols] - shop[cols].mean()) / shop[cols].std()
        split_day = pd.Timestamp("2023-06-01")
        past, future = shop[shop.day < split_day], shop[shop.day >= split_day]
        model = Ridge().fit(past[cols], past["revenue"])
        print(model.score(future[cols], future["revenue"]))
        """,
        line=6,
        note="standardised over every day before a split at a named cut-off date",
    ),
    Invalid(
        """
        import pandas as pd
        from sklearn.ensemble import RandomForestClassifier
        from sklearn.model_selection import train_test_split

        loans = pd.read_csv("loans.csv")
        numeric = ["income", "credit", "annuity", "age"]
        loans = loans[numeric + ["default"]]
        loans = loans.fillna(loans.mean())
        X_train, X_test, y_train, y_test = train_test_split(loans[numeric], loans["default"])
        forest = RandomForestClassifier().fit(X_train, y_train)
        print(forest.score(X_test, y_test))
        """,
        line=8,
        note="a column subset, then gaps filled with means of every row, then the split",
    ),
]

VALID: list[Valid] = [
    Valid(
        """
        import pandas as pd
        from sklearn.linear_model import LogisticRegression
        from sklearn.metrics import accuracy_score
        from sklearn.model_selection import train_test_split

        jobs = pd.read_csv("salaries.csv")
        jobs["high_pay"] = (jobs["salary"] > jobs["salary"].mean()).astype(int)
        X_train, X_test, y_train, y_test = train_test_split(jobs[["age", "hours"]], jobs["high_pay"])
        model = LogisticRegression().fit(X_train, y_train)
        print(accuracy_score(y_test, model.predict(X_test)))
        """,
        note="a target defined by a threshold at the mean of every row: the task, not a feature",
    ),
    Valid(
        """
        from sklearn.linear_model import LogisticRegression
        from sklearn.model_selection import cross_val_score
        from sklearn.pipeline import make_pipeline
        from sklearn.preprocessing import StandardScaler

        def cv_accuracy(X, y):
            model = make_pipeline(StandardScaler(), LogisticRegression())
            return cross_val_score(model, X, y, cv=5).mean()
        """,
        note="the scaler inside a pipeline: cross-validation refits it on each training fold",
    ),
    Valid(
        """
        from sklearn.compose import ColumnTransformer
        from sklearn.ensemble import RandomForestClassifier
        from sklearn.impute import SimpleImputer
        from sklearn.model_selection import GridSearchCV, train_test_split
        from sklearn.pipeline import Pipeline

        def tuned(df, y):
            X_train, X_test, y_train, y_test = train_test_split(df, y)
            prep = ColumnTransformer([("num", SimpleImputer(), ["age", "balance"])])
            pipe = Pipeline([("prep", prep), ("rf", RandomForestClassifier())])
            search = GridSearchCV(pipe, {"rf__max_depth": [4, 8]}).fit(X_train, y_train)
            return search.score(X_test, y_test)
        """,
        note="a ColumnTransformer in a pipeline, searched on the training split",
    ),
    Valid(
        """
        from sklearn.model_selection import train_test_split
        from sklearn.preprocessing import StandardScaler
        from sklearn.svm import SVC

        def fit_svc(X, y):
            X_train, X_test, y_train, y_test = train_test_split(X, y)
            scaler = StandardScaler().fit(X_train)
            svc = SVC().fit(scaler.transform(X_train), y_train)
            return svc.score(scaler.transform(X_test), y_test)
        """,
        note="fitted on the training split only, applied to both",
    ),
    Valid(
        """
        import numpy as np
        import pandas as pd
        from sklearn.linear_model import Ridge
        from sklearn.model_selection import train_test_split

        df = pd.read_csv("listings.csv")
        df["log_ratio"] = np.log1p(df["price"] / df["rooms"])
        df["reviews"] = df["reviews"].fillna(0)
        df = df[df["rooms"] > 0]
        X_train, X_test, y_train, y_test = train_test_split(df[["log_ratio", "reviews"]], df["occ"])
        print(Ridge().fit(X_train, y_train).score(X_test, y_test))
        """,
        note="stateless transforms before the split: log1p, a ratio, fillna(0), a row filter",
    ),
    Valid(
        """
        import pandas as pd
        from sklearn.linear_model import LogisticRegression
        from sklearn.model_selection import train_test_split
        from sklearn.preprocessing import OneHotEncoder

        orders = pd.read_csv("orders.csv")
        encoder = OneHotEncoder(categories=[["red", "green", "blue"]])
        X = encoder.fit_transform(orders[["colour"]])
        X_train, X_test, y_train, y_test = train_test_split(X, orders["returned"])
        print(LogisticRegression().fit(X_train, y_train).score(X_test, y_test))
        """,
        note="a one-hot encoding with a fixed category list learns nothing from the rows",
    ),
    Valid(
        """
        from sklearn.linear_model import LogisticRegression
        from sklearn.model_selection import KFold
        from sklearn.preprocessing import StandardScaler

        def cv_accuracy(X, y):
            scores = []
            for tr, te in KFold(5).split(X):
                scaler = StandardScaler().fit(X[tr])
                model = LogisticRegression().fit(scaler.transform(X[tr]), y[tr])
                scores.append(model.score(scaler.transform(X[te]), y[te]))
            return sum(scores) / len(scores)
        """,
        note="the scaler refitted inside each fold on that fold's training rows",
    ),
    Valid(
        """
        from sklearn.ensemble import RandomForestRegressor
        from sklearn.model_selection import train_test_split

        def fit_forest(frame, target):
            X_train, X_test, y_train, y_test = train_test_split(frame, target)
            means = X_train.mean()
            forest = RandomForestRegressor().fit(X_train.fillna(means), y_train)
            return forest.score(X_test.fillna(means), y_test)
        """,
        note="the test rows filled with the training means",
    ),
    Valid(
        """
        import pandas as pd
        from sklearn.linear_model import LogisticRegression
        from sklearn.preprocessing import StandardScaler

        sites = pd.read_csv("candidates.tsv", sep="\\t")
        train = sites[~sites["chrom"].isin(["chr20", "chr21"])]
        test = sites[sites["chrom"].isin(["chr20", "chr21"])]
        scaler = StandardScaler().fit(train[["depth", "map_q"]])
        clf = LogisticRegression().fit(scaler.transform(train[["depth", "map_q"]]), train["truth"])
        print(clf.score(scaler.transform(test[["depth", "map_q"]]), test["truth"]))
        """,
        note="genomics: the scaler fitted on the training chromosomes only",
    ),
    Valid(
        """
        import joblib
        from sklearn.ensemble import GradientBoostingRegressor
        from sklearn.preprocessing import StandardScaler

        def ship(X, y):
            scaler = StandardScaler().fit(X)
            model = GradientBoostingRegressor().fit(scaler.transform(X), y)
            joblib.dump((scaler, model), "model.joblib")
        """,
        note="the final model on every row, with no evaluation to inflate",
    ),
    Valid(
        """
        import pandas as pd
        from sklearn.model_selection import train_test_split
        from sklearn.tree import DecisionTreeRegressor

        scores = pd.read_csv("scores.csv")
        scores["mean_quiz"] = scores[["q1", "q2", "q3"]].mean(axis=1)
        scores["best_quiz"] = scores[["q1", "q2", "q3"]].max(axis=1)
        X_tr, X_te, y_tr, y_te = train_test_split(scores[["mean_quiz", "best_quiz"]], scores["final"])
        print(DecisionTreeRegressor().fit(X_tr, y_tr).score(X_te, y_te))
        """,
        note="reductions across the columns of each row (axis=1) learn nothing from other rows",
    ),
    Valid(
        """
        import pandas as pd
        from sklearn.linear_model import LogisticRegression
        from sklearn.model_selection import train_test_split

        patients = pd.read_csv("patients.csv")
        patients["age_band"] = pd.cut(patients["age"], bins=[0, 18, 40, 65, 120], labels=False)
        X_tr, X_te, y_tr, y_te = train_test_split(patients[["age_band"]], patients["stroke"])
        print(LogisticRegression().fit(X_tr, y_tr).score(X_te, y_te))
        """,
        note="bins with fixed edges",
    ),
    Valid(
        """
        import pandas as pd
        from sklearn.ensemble import RandomForestClassifier
        from sklearn.preprocessing import LabelEncoder

        train = pd.read_csv("train.csv")
        test = pd.read_csv("test.csv")
        encoder = LabelEncoder().fit(pd.concat([train["city"], test["city"]]))
        train["city"] = encoder.transform(train["city"])
        test["city"] = encoder.transform(test["city"])
        rf = RandomForestClassifier().fit(train[["city", "tenure"]], train["clicked"])
        submission = rf.predict(test[["city", "tenure"]])
        """,
        note="an encoder fitted on every row learns only the list of categories",
    ),
    Valid(
        """
        import pandas as pd
        from sklearn.linear_model import LogisticRegression
        from sklearn.model_selection import train_test_split
        from sklearn.pipeline import make_pipeline
        from sklearn.preprocessing import StandardScaler

        df = pd.read_csv("diabetes.csv")
        print(df.describe(), df["glucose"].mean())
        X_tr, X_te, y_tr, y_te = train_test_split(df.drop(columns="outcome"), df["outcome"])
        print(make_pipeline(StandardScaler(), LogisticRegression()).fit(X_tr, y_tr).score(X_te, y_te))
        """,
        note="statistics printed for a report do not reach the model",
    ),
    Valid(
        {
            "model.py": """
            from sklearn.feature_selection import SelectKBest
            from sklearn.impute import KNNImputer
            from sklearn.pipeline import Pipeline
            from sklearn.svm import LinearSVC

            def make_model(k=50):
                return Pipeline([("impute", KNNImputer()), ("select", SelectKBest(k=k)), ("svm", LinearSVC())])
            """,
            "evaluate.py": """
            import numpy as np
            from sklearn.model_selection import cross_validate

            from model import make_model

            X, y = np.load("X.npy"), np.load("y.npy")
            print(cross_validate(make_model(), X, y, cv=10)["test_score"].mean())
            """,
        },
        note="across modules: a pipeline built in one module, cross-validated in another",
    ),
    Valid(
        """
        import pandas as pd
        from sklearn.linear_model import Ridge
        from sklearn.preprocessing import StandardScaler

        load = pd.read_csv("load.csv").sort_values("ts")
        cut = int(len(load) * 0.8)
        train, test = load.iloc[:cut], load.iloc[cut:]
        scaler = StandardScaler().fit(train[["temp", "hour"]])
        ridge = Ridge().fit(scaler.transform(train[["temp", "hour"]]), train["mw"])
        print(ridge.score(scaler.transform(test[["temp", "hour"]]), test["mw"]))
        """,
        note="time series: the scaler fitted on the training period",
    ),
    Valid(
        {
            "normalise.py": """
            def depth_ratio(table, median):
                table["depth_ratio"] = table["depth"] / median
                return table
            """,
            "train.py": """
            import pandas as pd
            from sklearn.ensemble import HistGradientBoostingClassifier

            from normalise import depth_ratio

            train = pd.read_csv("HG001_sites.csv")
            test = pd.read_csv("HG002_sites.csv")
            median = train["depth"].median()
            train, test = depth_ratio(train, median), depth_ratio(test, median)
            model = HistGradientBoostingClassifier().fit(train[["depth_ratio"]], train["truth"])
            print(model.score(test[["depth_ratio"]], test["truth"]))
            """,
        },
        note="genomics, across modules: the training sample's median applied to both samples",
    ),
    Valid(
        """
        from sklearn.linear_model import SGDClassifier
        from sklearn.model_selection import cross_val_score, train_test_split
        from sklearn.preprocessing import StandardScaler

        def digits_model(X, y):
            X_train, X_test, y_train, y_test = train_test_split(X, y)
            scaler = StandardScaler()
            X_train_scaled = scaler.fit_transform(X_train)
            print(cross_val_score(SGDClassifier(), X_train_scaled, y_train, cv=3).mean())
            model = SGDClassifier().fit(X_train_scaled, y_train)
            return model.score(scaler.transform(X_test), y_test)
        """,
        note="the scaler learns from the training split only; cross-validation runs inside it",
    ),
    Valid(
        """
        import numpy as np
        from sklearn.linear_model import LogisticRegression
        from sklearn.preprocessing import StandardScaler

        X, y = np.load("X.npy"), np.load("y.npy")
        order = np.random.permutation(len(X))
        train, test = order[:800], order[800:]
        scaler = StandardScaler().fit(X[train])
        model = LogisticRegression().fit(scaler.transform(X[train]), y[train])
        print(model.score(scaler.transform(X[test]), y[test]))
        """,
        note="a hand-written shuffled split, the scaler fitted on its training slice",
    ),
]
