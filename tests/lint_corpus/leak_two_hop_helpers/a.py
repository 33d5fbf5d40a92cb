def scale(v, factor):
    return v * factor
