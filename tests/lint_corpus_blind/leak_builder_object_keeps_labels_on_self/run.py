import pandas as pd
from sklearn.svm import LinearSVC

from builder import MatrixBuilder

frame = pd.read_csv("telemetry.csv")
builder = MatrixBuilder(frame, "failure_within_7d")
X_design = builder.design()
LinearSVC().fit(X_design, builder.targets())
