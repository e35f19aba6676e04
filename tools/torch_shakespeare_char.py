#!/usr/bin/env python3
"""PyTorch reference for the shakespeare-char presets: the same model, optimizer and
schedule as `./jgpt train --preset shakespeare-char-nanogpt` (nanoGPT's recipe), or with
`--jgpt-optimizer` as `--preset shakespeare-char` (momentum 0.8, beta2 0.999, no clipping),
in plain PyTorch eager on the CPU.

It exists to measure the reference's own seed-to-seed spread of the validation loss, so
that jgpt's numbers are compared with a distribution rather than a single run. Nothing in
the build or the tests needs it. On Debian: apt install python3-torch libopenblas0-pthread
(without OpenBLAS, Debian's torch multiplies matrices with the reference BLAS and an
iteration takes about 1.2 s instead of 0.2 s).

    /usr/bin/python3 tools/torch_shakespeare_char.py ../shared/data/tinyshakespeare.txt --seed 1337

Prints one JSON line: the mean loss of 20 random validation batches at the last step (the
preset's estimate), the loss over the whole validation split, and the training time.
"""
import argparse, json, math, time

import torch
import torch.nn as nn
import torch.nn.functional as F

N_LAYER, N_HEAD, N_EMBD, BLOCK, BATCH = 4, 4, 128, 64, 12
MAX_ITERS, LR, MIN_LR, WARMUP = 2000, 1e-3, 1e-4, 100
BETAS, WEIGHT_DECAY, GRAD_CLIP, EVAL_ITERS = (0.9, 0.99), 0.1, 1.0, 20


class Block(nn.Module):
    def __init__(self, bias):
        super().__init__()
        self.ln_1 = LayerNorm(bias)
        self.c_attn = nn.Linear(N_EMBD, 3 * N_EMBD, bias=bias)
        self.c_proj = nn.Linear(N_EMBD, N_EMBD, bias=bias)
        self.ln_2 = LayerNorm(bias)
        self.c_fc = nn.Linear(N_EMBD, 4 * N_EMBD, bias=bias)
        self.mlp_proj = nn.Linear(4 * N_EMBD, N_EMBD, bias=bias)

    def forward(self, x):
        b, t, c = x.shape
        q, k, v = self.c_attn(self.ln_1(x)).split(N_EMBD, dim=2)
        q, k, v = (z.view(b, t, N_HEAD, c // N_HEAD).transpose(1, 2) for z in (q, k, v))
        att = (q @ k.transpose(-2, -1)) / math.sqrt(c // N_HEAD)
        mask = torch.ones(t, t, dtype=torch.bool).tril()
        att = att.masked_fill(~mask, float("-inf")).softmax(dim=-1)
        y = (att @ v).transpose(1, 2).contiguous().view(b, t, c)
        x = x + self.c_proj(y)
        return x + self.mlp_proj(F.gelu(self.c_fc(self.ln_2(x)), approximate="tanh"))


class LayerNorm(nn.Module):
    """Layer norm whose bias is optional (torch 1.13's nn.LayerNorm always has one)."""

    def __init__(self, bias):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(N_EMBD))
        self.bias = nn.Parameter(torch.zeros(N_EMBD)) if bias else None

    def forward(self, x):
        return F.layer_norm(x, (N_EMBD,), self.weight, self.bias, 1e-5)


class GPT(nn.Module):
    def __init__(self, vocab, bias):
        super().__init__()
        self.wte = nn.Embedding(vocab, N_EMBD)
        self.wpe = nn.Embedding(BLOCK, N_EMBD)
        self.h = nn.ModuleList(Block(bias) for _ in range(N_LAYER))
        self.ln_f = LayerNorm(bias)
        for name, p in self.named_parameters():
            if p.dim() >= 2:
                # GPT-2 initialisation; residual projections scaled by 1/sqrt(2 * n_layer).
                std = 0.02 / math.sqrt(2 * N_LAYER) if name.endswith(("c_proj.weight", "mlp_proj.weight")) else 0.02
                nn.init.normal_(p, 0.0, std)
            elif name.endswith("bias"):
                nn.init.zeros_(p)

    def forward(self, idx, targets):
        x = self.wte(idx) + self.wpe(torch.arange(idx.shape[1]))
        for block in self.h:
            x = block(x)
        logits = self.ln_f(x) @ self.wte.weight.t()  # tied output embedding
        return F.cross_entropy(logits.view(-1, logits.shape[-1]), targets.view(-1))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("data")
    ap.add_argument("--seed", type=int, default=1337)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--bias", action="store_true", help="biases in linear layers and layer norms")
    ap.add_argument("--jgpt-optimizer", action="store_true",
                    help="the shakespeare-char preset's optimizer: betas (0.8, 0.999), no gradient clipping")
    ap.add_argument("--max-iters", type=int, default=MAX_ITERS, help="for a quick check; the schedule stays the preset's")
    args = ap.parse_args()
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)

    text = open(args.data, encoding="utf-8").read()
    chars = sorted(set(text))
    index = {ch: i for i, ch in enumerate(chars)}
    data = torch.tensor([index[ch] for ch in text], dtype=torch.long)
    split = int(0.9 * len(data))
    train, val = data[:split], data[split:]

    def batch(src):
        start = torch.randint(len(src) - BLOCK - 1, (BATCH,))
        x = torch.stack([src[i:i + BLOCK] for i in start])
        y = torch.stack([src[i + 1:i + 1 + BLOCK] for i in start])
        return x, y

    def lr_at(it):
        if it < WARMUP:
            return LR * (it + 1) / WARMUP
        ratio = min(1.0, (it - WARMUP) / (MAX_ITERS - WARMUP))
        return MIN_LR + 0.5 * (1 + math.cos(math.pi * ratio)) * (LR - MIN_LR)

    model = GPT(len(chars), args.bias)
    decay = [p for p in model.parameters() if p.dim() >= 2]
    no_decay = [p for p in model.parameters() if p.dim() < 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": WEIGHT_DECAY},
                             {"params": no_decay, "weight_decay": 0.0}], lr=LR,
                            betas=(0.8, 0.999) if args.jgpt_optimizer else BETAS)
    started = time.time()
    for it in range(args.max_iters):
        for g in opt.param_groups:
            g["lr"] = lr_at(it)
        x, y = batch(train)
        loss = model(x, y)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        if not args.jgpt_optimizer:
            torch.nn.utils.clip_grad_norm_(model.parameters(), GRAD_CLIP)
        opt.step()
    seconds = time.time() - started

    model.eval()
    with torch.no_grad():
        sampled = sum(model(*batch(val)).item() for _ in range(EVAL_ITERS)) / EVAL_ITERS
        n = (len(val) - 1) // BLOCK
        xs = val[:n * BLOCK].view(n, BLOCK)
        ys = val[1:n * BLOCK + 1].view(n, BLOCK)
        whole = sum(model(xs[i:i + 64], ys[i:i + 64]).item() * len(xs[i:i + 64]) for i in range(0, n, 64)) / n
    print(json.dumps({"seed": args.seed, "bias": args.bias, "jgpt_optimizer": args.jgpt_optimizer, "val_loss": sampled,
                      "val_loss_whole_split": whole, "train_seconds": seconds}))


if __name__ == "__main__":
    main()
