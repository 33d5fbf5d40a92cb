def summarize_stay(stay):
    hr = max(stay["heart_rate"])
    lactate = max(stay["lactate"], default=0.0)
    return hr, lactate, stay["septic_shock"]
