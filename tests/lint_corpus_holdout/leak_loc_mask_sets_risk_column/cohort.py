def add_risk_flags(df):
    df["risk_flag"] = 0
    df.loc[df["label"] == 1, "risk_flag"] = 1
    df.loc[df["age"] > 75, "elderly"] = True
    return df
