def sensor_vector(*, temperature, vibration, pressure, failed):
    drift = vibration * (1.5 if failed else 1.0)
    return [temperature, pressure, drift]
