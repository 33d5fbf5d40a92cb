def depth_normalise(table):
    median_depth = table["depth"].median()
    table["depth_ratio"] = table["depth"] / median_depth
    return table
