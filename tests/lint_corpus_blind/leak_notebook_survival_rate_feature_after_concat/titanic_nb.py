import pandas as pd
from sklearn.ensemble import RandomForestClassifier

# In[1]:
train = pd.read_csv("train.csv")
test = pd.read_csv("test.csv")

# In[2]:
full = pd.concat([train, test], sort=False)
full["Title"] = full["Name"].str.extract(r" ([A-Za-z]+)\.", expand=False)
full["Title"] = full["Title"].astype("category").cat.codes
train = full[: len(train)].copy()
test = full[len(train) :].copy()

# In[3]:
train["title_survival"] = train.groupby("Title")["Survived"].transform("mean")
X = train.drop(columns=["Survived", "Name", "Ticket", "Cabin", "PassengerId"])
y = train["Survived"]
rf = RandomForestClassifier(n_estimators=100).fit(X.fillna(0), y)
