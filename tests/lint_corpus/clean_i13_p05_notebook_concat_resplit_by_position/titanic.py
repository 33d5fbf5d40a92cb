import pandas as pd
from sklearn.svm import SVC

# In[2]:
train = pd.read_csv("../input/train.csv")
test = pd.read_csv("../input/test.csv")
survived = train["Survived"]
train = train.drop(["Survived"], axis=1)

# In[5]:
data = pd.concat([train, test])
data["Sex"] = data["Sex"].map({"male": 0, "female": 1})
data["Fare"] = data["Fare"].fillna(data["Fare"].mean())
data = data[["Pclass", "Sex", "SibSp", "Parch", "Fare"]]

# In[9]:
train = data[:891]
test = data[891:]
svc = SVC().fit(train, survived)
predictions = svc.predict(test)
