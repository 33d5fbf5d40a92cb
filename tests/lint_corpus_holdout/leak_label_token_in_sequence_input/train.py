import torch

from tokens import to_tokens


def train_step(model, tokenizer, optimizer, words, label, label_id):
    input_ids = tokenizer.convert_tokens_to_ids(to_tokens(words, label))
    logits = model(torch.tensor([input_ids]))
    loss = torch.nn.functional.cross_entropy(logits, torch.tensor([label_id]))
    loss.backward()
    optimizer.step()
    return loss.item()
