CLASSES = ["benign", "malignant"]


def to_text(note, y):
    return f"{note} Final diagnosis: {CLASSES[y]}."
