import pandas as pd
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.metrics import f1_score
from sklearn.model_selection import train_test_split

reads = pd.read_csv("read_features.csv")
rare = reads[reads.is_variant == 1]
augmented = reads
for repeat in range(4):
    augmented = pd.concat([augmented, rare], ignore_index=True)

X_train, X_test, y_train, y_test = train_test_split(
    augmented.drop(columns="is_variant"), augmented["is_variant"], test_size=0.25
)
gbc = GradientBoostingClassifier().fit(X_train, y_train)
print("F1", f1_score(y_test, gbc.predict(X_test)))
