import torch
from torch.utils.data import Dataset


class TileDataset(Dataset):
    def __init__(self, tiles, grades, transform=None):
        self.tiles = tiles
        self.grades = grades
        self.transform = transform

    def __len__(self):
        return len(self.tiles)

    def __getitem__(self, idx):
        img = torch.as_tensor(self.tiles[idx], dtype=torch.float32)
        if self.transform is not None:
            img = self.transform(img)
        return [img, torch.as_tensor(self.grades[idx])]
