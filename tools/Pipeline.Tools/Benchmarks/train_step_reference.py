"""PyTorch reference for `bench train`: the same models, batch and Adam step, timed the same way.

Models: "conv" (the conv classifier of BenchModel.cs) and "ddpm" (the U-Net of ddpm_reference.py, which mirrors
UNet.cs, trained on Algorithm 1 of Ho et al. 2020: t ~ U{0..T-1}, eps ~ N(0, I), ||eps - eps_theta(z_t, t)||^2).
Used only as a yardstick: python3-torch is Debian's PyTorch 1.13, the product trains on TorchSharp (libtorch 2.10).
Arguments: model batch steps warmup threads [channels groups]. Prints one JSON line.
"""
import json
import os
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


def conv_step(batch):
    model = nn.Sequential(
        nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(64 * 7 * 7, 128), nn.ReLU(), nn.Linear(128, 10))
    images = torch.randn(batch, 1, 28, 28)
    labels = torch.randint(0, 10, (batch,))
    return model, lambda: F.cross_entropy(model(images), labels)


def ddpm_step(batch, channels, groups):
    from ddpm_reference import UNet
    model = UNet(channels, groups)
    model.train()
    betas = torch.linspace(1e-4, 0.02, 1000, dtype=torch.float64)
    alphas_cumprod = torch.cumprod(1 - betas, 0)
    sqrt_alpha = alphas_cumprod.sqrt().float()
    sqrt_one_minus = (1 - alphas_cumprod).sqrt().float()
    images = torch.rand(batch, 1, 28, 28) * 2 - 1

    def loss():
        t = torch.randint(0, 1000, (batch,))
        eps = torch.randn_like(images)
        zt = sqrt_alpha[t].view(-1, 1, 1, 1) * images + sqrt_one_minus[t].view(-1, 1, 1, 1) * eps
        return F.mse_loss(model(zt, t.float()), eps)

    return model, loss


def main():
    name = sys.argv[1]
    batch, steps, warmup, threads = (int(a) for a in sys.argv[2:6])
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    model, loss = conv_step(batch) if name == "conv" else ddpm_step(batch, int(sys.argv[6]), int(sys.argv[7]))
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)

    def step():
        optimizer.zero_grad(set_to_none=True)
        loss().backward()
        optimizer.step()

    for _ in range(warmup):
        step()
    start = time.perf_counter()
    for _ in range(steps):
        step()
    elapsed = time.perf_counter() - start
    print(json.dumps({"steps_per_second": steps / elapsed, "threads": torch.get_num_threads(),
                      "torch": torch.__version__}))


if __name__ == "__main__":
    main()
