def normalise(frame):
    return (frame - frame.mean()) / frame.std()
