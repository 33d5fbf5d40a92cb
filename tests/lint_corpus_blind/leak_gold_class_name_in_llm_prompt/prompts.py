CLASS_NAMES = ["negative", "neutral", "positive"]


def build_prompt(review, class_id):
    return (
        "Classify the sentiment of the review.\n"
        f"Review: {review}\n"
        f"Hint: most annotators said {CLASS_NAMES[class_id]}.\n"
        "Answer:"
    )
