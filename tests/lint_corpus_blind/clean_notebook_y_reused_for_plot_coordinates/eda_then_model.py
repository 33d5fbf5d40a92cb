import matplotlib.pyplot as plt
import pandas as pd
from sklearn.ensemble import RandomForestClassifier

# In[1]:
df = pd.read_csv("heart.csv")
y = df["target"]
X = df.drop("target", axis=1)
rf = RandomForestClassifier(n_estimators=200, random_state=0).fit(X, y)

# In[2]:
imp = pd.Series(rf.feature_importances_, index=X.columns).sort_values()
fig, ax = plt.subplots()
for x, y in enumerate(imp.values):
    ax.text(y, x, f"{y:.2f}")
ax.barh(imp.index, imp.values)

# In[3]:
X = df[["age", "chol", "thalach", "oldpeak"]]
y = df["target"]
rf_small = RandomForestClassifier(n_estimators=200, random_state=0).fit(X, y)
