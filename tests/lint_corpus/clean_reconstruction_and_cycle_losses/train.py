"""Self-supervised losses compare a model's output with its own input: an autoencoder's
reconstruction, a CycleGAN's identity and cycle losses. The 'target' is the input by design."""

import itertools

import torch
from torch import nn

from torch.autograd import Variable

from nets import Discriminator, make_loader


class Generator(nn.Module):
    def __init__(self, channels=3):
        super().__init__()
        self.body = nn.Sequential(nn.Conv2d(channels, 64, 3, padding=1), nn.ReLU())
        self.head = nn.Conv2d(64, channels, 3, padding=1)

    def forward(self, x):
        return torch.tanh(self.head(self.body(x)))


def train_autoencoder(autoencoder, loader, epochs=10):
    optimizer = torch.optim.Adam(autoencoder.parameters(), lr=1e-3)
    criterion = nn.MSELoss()
    for _ in range(epochs):
        for images, _ in loader:
            reconstruction = autoencoder(images)
            loss = criterion(reconstruction, images)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()


def train_cycle(loader, epochs=5):
    g_ab, g_ba, d_a = Generator(), Generator(), Discriminator()
    optimizer = torch.optim.Adam(itertools.chain(g_ab.parameters(), g_ba.parameters()))
    identity_loss, cycle_loss, gan_loss = nn.L1Loss(), nn.L1Loss(), nn.MSELoss()
    for _ in range(epochs):
        for batch in loader:
            real_a = batch["A"].float()
            real_b = batch["B"].float()
            loss_id = identity_loss(g_ba(real_a), real_a) + identity_loss(g_ab(real_b), real_b)
            fake_b = g_ab(real_a)
            recovered_a = g_ba(fake_b)
            loss_cycle = cycle_loss(recovered_a, real_a)
            valid = torch.ones(real_a.size(0), 1)
            loss_gan = gan_loss(d_a(g_ba(real_b)), valid)
            optimizer.zero_grad()
            (loss_id + loss_cycle + loss_gan).backward()
            optimizer.step()


train_autoencoder(Generator(), make_loader("faces"))
train_cycle(make_loader("edges2shoes"))

# the same cycle, as a notebook writes it at top level
G_AB, G_BA = Generator(), Generator()
criterion_identity = nn.L1Loss()
optimizer_G = torch.optim.Adam(itertools.chain(G_AB.parameters(), G_BA.parameters()))
Tensor = torch.FloatTensor
for batch in make_loader("facades"):
    real_A = Variable(batch["A"].type(Tensor))
    real_B = Variable(batch["B"].type(Tensor))
    loss_id_A = criterion_identity(G_BA(real_A), real_A)
    loss_id_B = criterion_identity(G_AB(real_B), real_B)
    recov_A = G_BA(G_AB(real_A))
    loss_cycle_A = criterion_identity(recov_A, real_A)
    optimizer_G.zero_grad()
    (loss_id_A + loss_id_B + loss_cycle_A).backward()
    optimizer_G.step()
