def depth_ratio(table, reference_median):
    table["depth_ratio"] = table["depth"] / reference_median
    return table
