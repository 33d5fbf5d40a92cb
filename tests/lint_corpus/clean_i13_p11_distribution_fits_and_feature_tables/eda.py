import pandas as pd
from scipy import stats
from sklearn.preprocessing import LabelEncoder
from sklearn.svm import SVC

penguins = pd.read_csv("penguins.csv").dropna()
shape, loc, scale = stats.lognorm.fit(penguins["body_mass_g"])
le = LabelEncoder().fit(penguins["species"])
feature_summary = penguins.groupby("species").describe()
features_by_island = penguins.pivot_table(index="island", columns="species", aggfunc="size")
print(feature_summary, features_by_island, shape)
cols = ["bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g"]
SVC().fit(penguins[cols], le.transform(penguins["species"]))
