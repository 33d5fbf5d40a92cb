import torch
from transformers import AutoModelForSequenceClassification, AutoTokenizer

from prompts import build_prompt


def evaluate(reviews, labels, checkpoint="distilbert-base-uncased"):
    tok = AutoTokenizer.from_pretrained(checkpoint)
    model = AutoModelForSequenceClassification.from_pretrained(checkpoint, num_labels=3)
    prompts = [build_prompt(r, c) for r, c in zip(reviews, labels)]
    batch = tok(prompts, padding=True, truncation=True, return_tensors="pt")
    with torch.no_grad():
        logits = model(**batch).logits
    loss = torch.nn.functional.cross_entropy(logits, torch.tensor(labels))
    return loss.item(), (logits.argmax(-1) == torch.tensor(labels)).float().mean().item()
