from sklearn.ensemble import RandomForestRegressor

AGE_PREDICTORS = ["Pclass", "SibSp", "Parch", "Fare"]


def impute_age(df):
    known = df[df["Age"].notna()]
    unknown = df[df["Age"].isna()]
    reg = RandomForestRegressor(n_estimators=200, random_state=0)
    reg.fit(known[AGE_PREDICTORS], known["Age"])
    df.loc[df["Age"].isna(), "Age"] = reg.predict(unknown[AGE_PREDICTORS])
    return df
