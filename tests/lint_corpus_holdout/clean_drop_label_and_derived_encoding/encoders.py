def add_region_churn_rate(df):
    df["region_churn_rate"] = df.groupby("region")["churned"].transform("mean")
    return df
