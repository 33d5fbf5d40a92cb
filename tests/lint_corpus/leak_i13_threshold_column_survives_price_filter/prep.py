def add_flags(df):
    df["above_200k"] = (df["SalePrice"] > 200000).astype(int)
    df["age"] = df["YrSold"] - df["YearBuilt"]
    return df
