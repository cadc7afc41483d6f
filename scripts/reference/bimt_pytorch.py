#!/usr/bin/env python3
"""A small PyTorch reference of the BIMT presets, written from shared/spec/bimt-method.md the way the
authors' notebooks compute it: AdamW, full-batch, the connection cost summed (or averaged) per layer,
and swaps chosen by evaluating the FULL cost for every candidate partner (O(top_k * n) evaluations per
layer). `bimt bench --against-pytorch` runs it beside the Java engine, one thread each, and prints the
ratio measured in that one run.

Usage: bimt_pytorch.py TASK [--steps N] [--dtype float32|float64]   (TASK: independence, two_moons,
modular_addition, permutation_group; --dtype: instead of the notebook's type for the task)
Prints one JSON line: task, steps, seconds (whole run), swap_seconds, step_ms, metric, value.
Needs PyTorch (Debian: apt-get install python3-torch).
"""
import argparse
import itertools
import json
import math
import time

import torch

torch.set_num_threads(1)

# The presets, as bimt-core/src/main/resources/presets/*.yaml give them.
PRESETS = {
    "independence": dict(widths=[4, 20, 20, 2], steps=20000, lr=2e-3, A=1.0, ystar=0.1, top_k=5, S=200,
                         reduction="sum", lam=[(0, 1e-3, "="), (0.25, 10, "x"), (0.75, 0.1, "x")],
                         bias_from=0.75, dtype=torch.float32, seed=0, loss="mse"),
    "two_moons": dict(widths=[2, 20, 20, 2], steps=10001, lr=2e-3, A=1.0, ystar=0.2, top_k=10, S=200,
                      reduction="sum", lam=[(0, 1e-3, "="), (5000, 1e-2, "=@"), (15000, 1e-3, "=@")],
                      bias_from=0.0, dtype=torch.float32, seed=2, loss="ce"),
    "modular_addition": dict(widths=[64, 50, 50, 59], steps=20000, lr=1e-3, A=2.0, ystar=0.5, top_k=30, S=200,
                             reduction="mean", lam=[(0, 0.1, "="), (5000, 1.0, "=@"), (15000, 0.1, "=@")],
                             bias_from=0.0, dtype=torch.float64, seed=4, loss="ce", vocab=59, emb=32, folds=2),
    "permutation_group": dict(widths=[64, 50, 50, 24], steps=20000, lr=2e-3, A=1.0, ystar=0.5, top_k=30, S=200,
                              reduction="mean", lam=[(0, 1.0, "=")], bias_from=0.0, dtype=torch.float64, seed=1,
                              loss="ce", vocab=24, emb=32, folds=2),
}


def data(task, dtype):
    g = torch.Generator().manual_seed(0)
    if task == "independence":
        x = torch.rand(200, 4, generator=g, dtype=dtype) * 2 - 1
        y = torch.stack([(x[:, 0] + x[:, 2]) ** 3, x[:, 1] ** 2 + torch.sin(math.pi * x[:, 3])], 1)
        return x[:100], y[:100], x[100:], y[100:]
    if task == "two_moons":
        def moons(n):
            t = torch.linspace(0, math.pi, n // 2, dtype=dtype)
            outer = torch.stack([torch.cos(t), torch.sin(t)], 1)
            inner = torch.stack([1 - torch.cos(t), 1 - torch.sin(t) - 0.5], 1)
            x = torch.cat([outer, inner]) + 0.1 * torch.randn(n, 2, generator=g, dtype=dtype)
            return x, torch.cat([torch.zeros(n // 2), torch.ones(n // 2)]).long()
        x, y = moons(200)
        xt, yt = moons(200)
        return x, y, xt, yt
    if task == "permutation_group":  # S4 in lexicographic order; (p1, p2) -> p_out[k] = p2[p1[k]]
        perms = list(itertools.permutations(range(4)))
        index = {q: i for i, q in enumerate(perms)}
        pairs = torch.tensor([(a, b) for a in range(24) for b in range(24)])
        y = torch.tensor([index[tuple(perms[b][perms[a][k]] for k in range(4))] for a, b in pairs.tolist()])
    else:
        p = 59
        pairs = torch.tensor([(a, b) for a in range(p) for b in range(p)])
        y = (pairs[:, 0] + pairs[:, 1]) % p
    perm = torch.randperm(len(pairs), generator=g)
    pairs, y = pairs[perm], y[perm]
    n = int(0.8 * len(pairs))
    return pairs[:n], y[:n], pairs[n:], y[n:]


class Bimt:
    def __init__(self, c):
        torch.manual_seed(c["seed"])
        self.c = c
        w = c["widths"]
        self.layers = [torch.nn.Linear(w[i], w[i + 1]).to(c["dtype"]) for i in range(len(w) - 1)]
        self.emb = torch.nn.Parameter(torch.randn(c["vocab"], c["emb"], dtype=c["dtype"])) if "vocab" in c else None
        folds = c.get("folds", 1)
        xs = []
        for i, n in enumerate(w):
            m = n // folds if i == 0 else n
            pos = torch.tensor([1 / (2 * m) + j / m for j in range(m)], dtype=c["dtype"])
            xs.append(pos.repeat(folds) if i == 0 else pos)
        # L1 distances [out, in]: A * |dx| + y*
        self.dist = [c["A"] * (xs[i + 1][:, None] - xs[i][None, :]).abs() + c["ystar"] for i in range(len(w) - 1)]
        self.in_perm = torch.arange(w[0] // folds)
        self.out_perm = torch.arange(w[-1])

    def params(self):
        ps = [p for l in self.layers for p in l.parameters()]
        return ps + ([self.emb] if self.emb is not None else [])

    def forward(self, x):
        if self.emb is not None:  # swaps permute the embedding's columns themselves
            e = self.emb
            x = torch.cat([e[x[:, f]] for f in range(self.c["folds"])], 1)
        else:
            x = x[:, self.in_perm]
        for i, l in enumerate(self.layers):
            x = l(x)
            if i < len(self.layers) - 1:
                x = torch.nn.functional.silu(x)
        return x

    def cost(self, bias=True):
        red = torch.mean if self.c["reduction"] == "mean" else torch.sum
        total = 0
        for l, d in zip(self.layers, self.dist):
            total = total + red(d * l.weight.abs())
            if bias:
                total = total + self.c["ystar"] * red(l.bias.abs())
        if self.emb is not None:
            total = total + self.c["ystar"] * red(self.emb.abs())
        return total

    @torch.no_grad()
    def swap(self, layer, j, k):
        folds = self.c.get("folds", 1)
        if layer > 0:
            l = self.layers[layer - 1]
            l.weight[[j, k]] = l.weight[[k, j]]
            l.bias[[j, k]] = l.bias[[k, j]]
        if layer < len(self.layers):
            l = self.layers[layer]
            m = l.weight.shape[1] // (folds if layer == 0 else 1)
            for f in range(folds if layer == 0 else 1):
                l.weight[:, [f * m + j, f * m + k]] = l.weight[:, [f * m + k, f * m + j]]
        if layer == 0:
            self.in_perm[[j, k]] = self.in_perm[[k, j]]
            if self.emb is not None:
                self.emb[:, [j, k]] = self.emb[:, [k, j]]
        if layer == len(self.layers):
            self.out_perm[[j, k]] = self.out_perm[[k, j]]

    @torch.no_grad()
    def swap_pass(self):
        folds = self.c.get("folds", 1)
        for layer in range(len(self.layers) + 1):
            n = self.c["widths"][layer] // (folds if layer == 0 else 1)
            score = torch.zeros(n, dtype=self.c["dtype"])
            if layer > 0:
                score += self.layers[layer - 1].weight.abs().sum(1)
            if layer < len(self.layers):
                score += self.layers[layer].weight.abs().sum(0).reshape(-1, n).sum(0)
            for j in torch.argsort(score, descending=True)[: self.c["top_k"]].tolist():
                costs = []
                for k in range(n):  # the notebooks' way: the full cost for every candidate
                    self.swap(layer, j, k)
                    costs.append(self.cost(True).item())
                    self.swap(layer, j, k)
                best = min(range(n), key=lambda k: costs[k])
                self.swap(layer, j, best)


def lam_at(c, step):
    v = 0
    for at, amount, kind in c["lam"]:
        if kind == "=":
            v = amount
        elif kind == "x" and step >= int(at * c["steps"]):
            v *= amount
        elif kind == "=@" and step >= at:
            v = amount
    return v


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("task", choices=sorted(PRESETS))
    ap.add_argument("--steps", type=int)
    ap.add_argument("--dtype", choices=["float32", "float64"])
    a = ap.parse_args()
    c = dict(PRESETS[a.task])
    if a.steps:
        c["steps"] = a.steps
    if a.dtype:
        c["dtype"] = getattr(torch, a.dtype)
    x, y, xt, yt = data(a.task, c["dtype"])
    net = Bimt(c)
    opt = torch.optim.AdamW(net.params(), lr=c["lr"], weight_decay=0.0)
    loss_fn = torch.nn.MSELoss() if c["loss"] == "mse" else torch.nn.CrossEntropyLoss()
    target = (lambda t: t[:, net.out_perm]) if c["loss"] == "mse" else (lambda t: torch.argsort(net.out_perm)[t])
    start = time.perf_counter()
    swap_seconds = 0.0
    for step in range(c["steps"]):
        opt.zero_grad()
        loss = loss_fn(net.forward(x), target(y))
        loss = loss + lam_at(c, step) * net.cost(step >= int(c["bias_from"] * c["steps"]))
        loss.backward()
        opt.step()
        if (step + 1) % c["S"] == 0:
            t0 = time.perf_counter()
            net.swap_pass()
            swap_seconds += time.perf_counter() - t0
    seconds = time.perf_counter() - start
    with torch.no_grad():
        out = net.forward(xt)
        if c["loss"] == "mse":
            metric, value = "test_mse", loss_fn(out, target(yt)).item()
        else:
            metric, value = "test_accuracy", (out.argmax(1) == torch.argsort(net.out_perm)[yt]).double().mean().item()
    print(json.dumps(dict(task=a.task, steps=c["steps"], seconds=seconds, swap_seconds=swap_seconds,
                          step_ms=1000 * (seconds - swap_seconds) / c["steps"], metric=metric, value=value,
                          torch=torch.__version__, threads=torch.get_num_threads(),
                          dtype=str(c["dtype"]).replace("torch.", ""))))


if __name__ == "__main__":
    main()
