import torch


def train_step(classifier, batch, optimizer):
    ids, mask, outcome = batch
    encoded = {
        "input_ids": ids,
        "attention_mask": mask,
        "token_type_ids": outcome.unsqueeze(1).expand_as(ids),
    }
    out = classifier(**encoded)
    loss = torch.nn.functional.cross_entropy(out.logits, outcome)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    return loss.item()
