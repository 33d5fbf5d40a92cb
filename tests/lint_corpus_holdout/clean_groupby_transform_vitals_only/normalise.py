def within_ward_zscores(df, columns):
    grouped = df.groupby("ward")[columns]
    return (df[columns] - grouped.transform("mean")) / grouped.transform("std")
