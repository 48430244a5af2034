"""PyTorch reference for `bench ddpm`: the same U-Net as UNet.cs (random weights) and the same reverse loops, timed the same way.

The U-Net mirrors training/Pipeline.Training/Models/Diffusion (UNet.cs, ResidualBlock.cs, SelfAttention2d.cs,
SinusoidalTimeEmbedding.cs): 28 -> 14 -> 7 with c, 2c, 2c channels, GroupNorm + SiLU residual blocks with the time
embedding added after the first conv, single-head self-attention at 7x7 (down, middle, up), nearest upsampling + conv.
The loop steps mirror the runtime's schedulers: DDPM (fixed-small variance, x0 clipped, fresh noise) and DDIM (eta 0).
Arguments: channels groups warmup threads rounds timesteps batch:steps,... (timed runs per round at each batch) [device: cpu or cuda].
On cuda every timed stretch ends with torch.cuda.synchronize(), so it counts the kernels, not their launches. Prints one JSON line.
"""
import json
import math
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class TimeEmbedding(nn.Module):
    def __init__(self, dim):
        super().__init__()
        half = dim // 2
        self.register_buffer("frequencies", torch.exp(-math.log(10000) * torch.arange(half, dtype=torch.float32) / (half - 1)))

    def forward(self, t):
        angles = t.float().unsqueeze(1) * self.frequencies.unsqueeze(0)
        return torch.cat([angles.sin(), angles.cos()], 1)


class ResidualBlock(nn.Module):
    def __init__(self, cin, cout, tdim, groups):
        super().__init__()
        self.norm1 = nn.GroupNorm(groups, cin)
        self.conv1 = nn.Conv2d(cin, cout, 3, padding=1)
        self.time = nn.Linear(tdim, cout)
        self.norm2 = nn.GroupNorm(groups, cout)
        self.dropout = nn.Dropout(0.1)
        self.conv2 = nn.Conv2d(cout, cout, 3, padding=1)
        self.skip = None if cin == cout else nn.Conv2d(cin, cout, 1)

    def forward(self, x, temb):
        h = self.conv1(F.silu(self.norm1(x)))
        h = h + self.time(F.silu(temb))[:, :, None, None]
        h = self.conv2(self.dropout(F.silu(self.norm2(h))))
        return h + (x if self.skip is None else self.skip(x))


class SelfAttention2d(nn.Module):
    def __init__(self, channels, groups):
        super().__init__()
        self.norm = nn.GroupNorm(groups, channels)
        self.qkv = nn.Conv2d(channels, 3 * channels, 1)
        self.proj = nn.Conv2d(channels, channels, 1)

    def forward(self, x):
        n, c, h, w = x.shape
        parts = self.qkv(self.norm(x)).reshape(n, 3, c, h * w)
        q, k, v = parts[:, 0].transpose(1, 2), parts[:, 1], parts[:, 2].transpose(1, 2)
        attention = torch.softmax(torch.bmm(q, k) * (1 / math.sqrt(c)), -1)
        mixed = torch.bmm(attention, v).transpose(1, 2).reshape(n, c, h, w)
        return x + self.proj(mixed)


class UNet(nn.Module):
    def __init__(self, channels, groups):
        super().__init__()
        c1, c2, t, g = channels, 2 * channels, 4 * channels, groups
        self.time_embedding = TimeEmbedding(c1)
        self.time_mlp = nn.Sequential(nn.Linear(c1, t), nn.SiLU(), nn.Linear(t, t))
        self.conv_in = nn.Conv2d(1, c1, 3, padding=1)
        self.down0 = ResidualBlock(c1, c1, t, g)
        self.downsample0 = nn.Conv2d(c1, c1, 3, stride=2, padding=1)
        self.down1 = ResidualBlock(c1, c2, t, g)
        self.downsample1 = nn.Conv2d(c2, c2, 3, stride=2, padding=1)
        self.down2 = ResidualBlock(c2, c2, t, g)
        self.attention_down = SelfAttention2d(c2, g)
        self.middle1 = ResidualBlock(c2, c2, t, g)
        self.attention_middle = SelfAttention2d(c2, g)
        self.middle2 = ResidualBlock(c2, c2, t, g)
        self.up2 = ResidualBlock(c2 + c2, c2, t, g)
        self.attention_up = SelfAttention2d(c2, g)
        self.upsample2 = nn.Conv2d(c2, c2, 3, padding=1)
        self.up1 = ResidualBlock(c2 + c2, c2, t, g)
        self.upsample1 = nn.Conv2d(c2, c2, 3, padding=1)
        self.up0 = ResidualBlock(c2 + c1, c1, t, g)
        self.norm_out = nn.GroupNorm(g, c1)
        self.conv_out = nn.Conv2d(c1, 1, 3, padding=1)

    def forward(self, x, t):
        temb = self.time_mlp(self.time_embedding(t))
        h0 = self.down0(self.conv_in(x), temb)
        h1 = self.down1(self.downsample0(h0), temb)
        h2 = self.attention_down(self.down2(self.downsample1(h1), temb))
        m = self.middle2(self.attention_middle(self.middle1(h2, temb)), temb)
        u2 = self.attention_up(self.up2(torch.cat([m, h2], 1), temb))
        u1 = self.up1(torch.cat([self.upsample2(F.interpolate(u2, scale_factor=2, mode="nearest")), h1], 1), temb)
        u0 = self.up0(torch.cat([self.upsample1(F.interpolate(u1, scale_factor=2, mode="nearest")), h0], 1), temb)
        return self.conv_out(F.silu(self.norm_out(u0)))


def timed(step, steps, warmup, synchronize):
    for _ in range(warmup):
        step()
    synchronize()
    start = time.perf_counter()
    for _ in range(steps):
        step()
    synchronize()
    return (time.perf_counter() - start) / steps


def main():
    channels, groups, warmup, threads, rounds, timesteps = (int(a) for a in sys.argv[1:7])
    batches = [tuple(int(v) for v in pair.split(":")) for pair in sys.argv[7].split(",")]
    device = torch.device(sys.argv[8] if len(sys.argv) > 8 else "cpu")
    if device.type == "cuda" and not torch.cuda.is_available():
        sys.exit(f"this PyTorch ({torch.__version__}) sees no CUDA device: run it where torch.cuda.is_available() is true")
    synchronize = torch.cuda.synchronize if device.type == "cuda" else (lambda: None)
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    model = UNet(channels, groups).eval().to(device)
    betas = torch.linspace(1e-4, 0.02, timesteps, dtype=torch.float64)
    alphas_cumprod = torch.cumprod(1 - betas, 0).tolist()
    results = {}
    with torch.inference_mode():
        for batch, steps in batches:
            x = torch.randn(batch, 1, 28, 28, device=device)
            t_forward = torch.full((batch,), 500.0, device=device)

            def forward():
                model(x, t_forward)

            state = {"x": torch.randn(batch, 1, 28, 28, device=device), "k": 0}

            def ddpm_step():
                # x_t -> x_{t-1}: clipped x0, posterior mean, fixed-small variance, fresh noise (as DdpmScheduler).
                t = timesteps - 1 - state["k"] % (timesteps - 1)
                state["k"] += 1
                a, a_prev = alphas_cumprod[t], alphas_cumprod[t - 1]
                beta = 1 - a / a_prev
                xt = state["x"]
                eps = model(xt, torch.full((batch,), float(t), device=device))
                x0 = ((xt - math.sqrt(1 - a) * eps) / math.sqrt(a)).clamp(-1, 1)
                mean = (math.sqrt(a_prev) * beta / (1 - a)) * x0 + (math.sqrt(1 - beta) * (1 - a_prev) / (1 - a)) * xt
                sigma = math.sqrt(beta * (1 - a_prev) / (1 - a))
                state["x"] = mean + sigma * torch.randn_like(xt)

            stride = timesteps // 50

            def ddim_step():
                # eta = 0: clipped x0, eps recomputed, x_prev = sqrt(a_prev) x0 + sqrt(1 - a_prev) eps (as DdimScheduler).
                t = (49 - state["k"] % 49) * stride
                state["k"] += 1
                a, a_prev = alphas_cumprod[t], alphas_cumprod[t - stride]
                xt = state["x"]
                eps = model(xt, torch.full((batch,), float(t), device=device))
                x0 = ((xt - math.sqrt(1 - a) * eps) / math.sqrt(a)).clamp(-1, 1)
                eps = (xt - math.sqrt(a) * x0) / math.sqrt(1 - a)
                state["x"] = math.sqrt(a_prev) * x0 + math.sqrt(1 - a_prev) * eps

            # Interleaved rounds, medians (as the C# side).
            figures = {"forward_s": [], "ddpm_step_s": [], "ddim_step_s": []}
            for round in range(rounds):
                first = warmup if round == 0 else 1
                figures["forward_s"].append(timed(forward, steps, first, synchronize))
                figures["ddpm_step_s"].append(timed(ddpm_step, steps, first, synchronize))
                figures["ddim_step_s"].append(timed(ddim_step, steps, first, synchronize))
            results[str(batch)] = {name: statistics.median(values) for name, values in figures.items()}
    name = torch.cuda.get_device_name(device) if device.type == "cuda" else "cpu"
    print(json.dumps({"batches": results, "threads": torch.get_num_threads(), "torch": torch.__version__, "device": name,
                      "parameters": sum(p.numel() for p in model.parameters())}))


if __name__ == "__main__":
    main()
