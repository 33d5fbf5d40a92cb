def build_matrix(df):
    df = df.copy()
    df["age_by_event"] = df["age"] * df["event_observed"]
    return df[["age", "sofa", "age_by_event"]]
