import torch
from transformers import AutoModelForSequenceClassification, AutoTokenizer

LABELS = ["billing", "technical", "account", "other"]


def classify(texts, gold, checkpoint):
    tok = AutoTokenizer.from_pretrained(checkpoint)
    model = AutoModelForSequenceClassification.from_pretrained(checkpoint, num_labels=len(LABELS))
    options = ", ".join(LABELS)
    prompts = [f"Route this ticket to one of: {options}.\nTicket: {t}" for t in texts]
    enc = tok(prompts, padding=True, truncation=True, return_tensors="pt")
    with torch.no_grad():
        pred = model(**enc).logits.argmax(-1)
    for t, g, p in zip(texts[:5], gold[:5], pred[:5].tolist()):
        print(f"{t[:40]!r}: gold={LABELS[g]} predicted={LABELS[p]}")
    return (pred == torch.tensor(gold)).float().mean().item()
