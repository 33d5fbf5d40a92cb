def to_tokens(words, label):
    return ["[CLS]"] + [w.lower() for w in words] + [f"[{label.upper()}]", "[SEP]"]
