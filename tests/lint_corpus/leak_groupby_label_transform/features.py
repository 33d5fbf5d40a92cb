def add_class_mean_depth(df):
    df["class_mean_depth"] = df.groupby("is_somatic")["depth"].transform("mean")
    return df
