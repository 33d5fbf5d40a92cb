def add_current_value(frame, series):
    frame["value_now"] = series.values
    frame["value_sq"] = frame["value_now"] ** 2
