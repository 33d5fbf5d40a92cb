import torch
from torch.utils.data import DataLoader
from transformers import AutoModelForSequenceClassification

from collate import collate


def finetune(dataset, epochs=1):
    model = AutoModelForSequenceClassification.from_pretrained("distilbert-base-uncased", num_labels=2)
    optimizer = torch.optim.AdamW(model.parameters(), lr=2e-5)
    loader = DataLoader(dataset, batch_size=16, collate_fn=collate, shuffle=True)
    for _ in range(epochs):
        for batch in loader:
            outputs = model(**batch)
            outputs.loss.backward()
            optimizer.step()
            optimizer.zero_grad()
    return model


def validation_loss(model, loader):
    total = 0.0
    with torch.no_grad():
        for batch in loader:
            out = model(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"], labels=batch["labels"])
            total += out.loss.item()
    return total / len(loader)
