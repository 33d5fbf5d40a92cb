import pandas as pd
from paired import paired_t
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score
from sklearn.model_selection import train_test_split

frame = pd.read_csv("cohort.csv")
X_train, X_test, y_train, y_test = train_test_split(
    frame.drop(columns="outcome"), frame["outcome"], test_size=0.25, random_state=0
)
model = LogisticRegression(max_iter=500).fit(X_train, y_train)
print("held-out accuracy", accuracy_score(y_test, model.predict(X_test)))

# wall-clock seconds of the same seeds under two thread settings: a timing report, no model
timings = pd.read_csv("timings.csv")
statistics = {
    setting: paired_t(timings[f"{setting}_one"].to_numpy(), timings[f"{setting}_four"].to_numpy())
    for setting in ("fit", "predict")
}
slowest = min(statistics, key=statistics.get)
print("largest slowdown:", slowest, statistics[slowest])
