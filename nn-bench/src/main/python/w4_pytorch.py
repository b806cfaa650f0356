#!/usr/bin/python3
"""W4 in PyTorch: the classic Keras MNIST convnet on Fashion-MNIST, on the CPU, for comparison with nn4j.

Network: [1,28,28] in [0,1] -> conv 3x3x32 ReLU (valid) -> max pool 2 -> conv 3x3x64 ReLU -> max pool 2
-> flatten (1600) -> dropout 0.5 -> dense 10 softmax; cross-entropy, Adam lr 1e-3 (betas 0.9/0.999,
eps 1e-8), batch 128, training set shuffled each epoch with a fixed seed.

Usage (needs PyTorch: use /usr/bin/python3, the python3 on PATH has no torch):

    /usr/bin/python3 nn-bench/src/main/python/w4_pytorch.py [--data DIR] [--dtypes float32,float64]
        [--threads 2] [--steps N] [--warmup-steps 5] [--epochs 0] [--latency-calls 10000] [--seed 42]

For each dtype it prints training samples/s (--steps batches of 128 timed after --warmup-steps
untimed ones; by default 640 steps for float32, 160 for float64, about 20 s each on 2 cores), inference
samples/s over the 10,000 test images in batches of 1,000 and the median single-image latency in ms
(both eval mode, no grad), and with --epochs N > 0 trains N full epochs from fresh weights and
reports test accuracy. The last line per dtype is machine-readable:

    RESULT {"dtype": ..., "threads": ..., "train_samples_per_s": ..., "infer_samples_per_s": ...,
            "single_image_ms": ..., "torch_version": ...}

e.g. `... | sed -n 's/^RESULT //p'` yields one JSON object per line. Timing uses time.perf_counter.
"""

import argparse
import gzip
import json
import os
import platform
import statistics
import struct
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

TRAIN_IMAGES = "train-images-idx3-ubyte.gz"
TRAIN_LABELS = "train-labels-idx1-ubyte.gz"
TEST_IMAGES = "t10k-images-idx3-ubyte.gz"
TEST_LABELS = "t10k-labels-idx1-ubyte.gz"
BATCH = 128
INFER_BATCH = 1000
DEFAULT_STEPS = {"float32": 640, "float64": 160}  # about 20 s each on this machine's 2 cores


def read_idx(path):
    """An IDX file (gzipped or not) as a numpy uint8 array of its declared shape."""
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    zero, dtype_code, ndim = struct.unpack(">HBB", data[:4])
    if zero != 0 or dtype_code != 0x08:
        raise ValueError(f"{path}: not an unsigned-byte IDX file (magic {data[:4].hex()})")
    shape = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    array = np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim)
    if array.size != int(np.prod(shape)):
        raise ValueError(f"{path}: {array.size} bytes of data for shape {shape}")
    return array.reshape(shape)


def load_split(folder, images_name, labels_name):
    """Images as float64 [n,1,28,28] in [0,1] (cast per dtype later), labels as int64 [n]."""
    images = read_idx(os.path.join(folder, images_name))
    labels = read_idx(os.path.join(folder, labels_name))
    if images.shape[0] != labels.shape[0]:
        raise ValueError(f"{images_name}: {images.shape[0]} images but {labels.shape[0]} labels")
    x = torch.from_numpy(images.astype(np.float64) / 255.0).unsqueeze(1)
    y = torch.from_numpy(labels.astype(np.int64))
    return x, y


class W4Net(nn.Module):
    """Keras mnist_convnet; forward returns logits, the softmax is fused into the loss (training)
    or applied explicitly (inference)."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, kernel_size=3)   # valid padding
        self.conv2 = nn.Conv2d(32, 64, kernel_size=3)
        self.dropout = nn.Dropout(0.5)
        self.fc = nn.Linear(64 * 5 * 5, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)     # [32,26,26] -> [32,13,13]
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)     # [64,11,11] -> [64,5,5]
        x = self.dropout(torch.flatten(x, 1))          # 1600
        return self.fc(x)


def forward_macs():
    """Multiply-accumulates of one forward pass, from the layer shapes (bias, ReLU, pooling left out)."""
    conv1 = 26 * 26 * 32 * (3 * 3 * 1)    # 194,688
    conv2 = 11 * 11 * 64 * (3 * 3 * 32)   # 2,230,272
    dense = 1600 * 10                     # 16,000
    return conv1 + conv2 + dense          # 2,440,960


def header(args):
    print(f"W4 PyTorch: Keras MNIST convnet on Fashion-MNIST, batch {BATCH}, Adam lr 1e-3")
    machine(args)
    macs = forward_macs()
    print(f"FLOP per sample assumed: forward {2 * macs / 1e6:.3f} MFLOP (2 x {macs:,} MACs), "
          f"training {3 * 2 * macs / 1e6:.3f} MFLOP (3 x forward)")


def machine(args):
    """The machine, the software and the threads, as W4 and W5 print them."""
    cpu = platform.processor() or "?"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    print(f"machine: {platform.node()} {platform.system()} {platform.release()} {platform.machine()}, "
          f"CPU {cpu}, {os.cpu_count()} logical CPUs")
    print(f"python {platform.python_version()} ({sys.executable}), torch {torch.__version__}, "
          f"numpy {np.__version__}, MKL {torch.backends.mkl.is_available()}, "
          f"oneDNN {torch.backends.mkldnn.is_available()}")
    print(f"threads: torch.set_num_threads({args.threads}) -> get_num_threads()={torch.get_num_threads()}, "
          f"interop {torch.get_num_interop_threads()}; OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS')}")
    print(f"load average: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")


def make_model(dtype, seed):
    torch.manual_seed(seed)
    return W4Net().to(dtype)


def train_step(model, optimizer, xb, yb):
    optimizer.zero_grad(set_to_none=True)
    loss = F.cross_entropy(model(xb), yb)
    loss.backward()
    optimizer.step()
    return loss


def batches(n, seed, drop_last, batch=BATCH):
    """Endless (epoch, index tensor) of shuffled batches, a fixed-seed generator, reshuffled each epoch."""
    gen = torch.Generator().manual_seed(seed)
    epoch = 0
    while True:
        perm = torch.randperm(n, generator=gen)
        end = n - n % batch if drop_last else n
        for start in range(0, end, batch):
            yield epoch, perm[start:start + batch]
        epoch += 1


def bench_training(model, x, y, steps, warmup, seed, batch=BATCH):
    """Training samples/s over `steps` timed Adam steps after `warmup` untimed ones, the seconds and the losses."""
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    model.train()
    it = batches(x.shape[0], seed, drop_last=True, batch=batch)
    for _ in range(warmup):
        _, idx = next(it)
        train_step(model, optimizer, x[idx], y[idx])
    losses = []
    start = time.perf_counter()
    for _ in range(steps):
        _, idx = next(it)
        losses.append(train_step(model, optimizer, x[idx], y[idx]).item())
    elapsed = time.perf_counter() - start
    return steps * batch / elapsed, elapsed, losses


def accuracy(model, x, y):
    model.eval()
    correct = 0
    with torch.no_grad():
        for start in range(0, x.shape[0], INFER_BATCH):
            correct += (model(x[start:start + INFER_BATCH]).argmax(1) == y[start:start + INFER_BATCH]).sum().item()
    return correct / x.shape[0]


def train_epochs(dtype, x, y, tx, ty, epochs, seed):
    model = make_model(dtype, seed)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    it = batches(x.shape[0], seed, drop_last=False)   # Keras keeps the last, partial batch
    steps_per_epoch = -(-x.shape[0] // BATCH)
    for epoch in range(epochs):
        model.train()
        start = time.perf_counter()
        total = 0.0
        for _ in range(steps_per_epoch):
            _, idx = next(it)
            total += train_step(model, optimizer, x[idx], y[idx]).item() * idx.numel()
        elapsed = time.perf_counter() - start
        acc = accuracy(model, tx, ty)
        print(f"  epoch {epoch + 1}/{epochs}: {elapsed:.1f} s, {x.shape[0] / elapsed:.1f} samples/s, "
              f"mean loss {total / x.shape[0]:.4f}, test accuracy {acc:.4f}")


def bench_inference(model, tx):
    model.eval()
    with torch.no_grad():
        F.softmax(model(tx[:INFER_BATCH]), dim=1)   # warm-up
        start = time.perf_counter()
        for s in range(0, tx.shape[0], INFER_BATCH):
            F.softmax(model(tx[s:s + INFER_BATCH]), dim=1)
        elapsed = time.perf_counter() - start
    return tx.shape[0] / elapsed


def bench_latency(model, tx, calls):
    """Median over `calls` single-image calls on the first 1,000 test images in turn, in ms."""
    model.eval()
    images = [tx[i:i + 1] for i in range(min(1000, tx.shape[0]))]
    times = []
    with torch.no_grad():
        for i in range(20):   # warm-up
            F.softmax(model(images[i % len(images)]), dim=1)
        for i in range(calls):
            xi = images[i % len(images)]
            start = time.perf_counter()
            F.softmax(model(xi), dim=1)
            times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e3, min(times) * 1e3


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--data", default="/work/shared/data/fashion-mnist", help="folder of the four IDX .gz files")
    p.add_argument("--dtypes", default="float32,float64")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--steps", type=int, default=None,
                   help="timed training steps per dtype (default: float32 640, float64 160, ~20 s each)")
    p.add_argument("--warmup-steps", type=int, default=5)
    p.add_argument("--epochs", type=int, default=0, help="full epochs to train and test after the benchmark")
    p.add_argument("--latency-calls", type=int, default=10000)
    p.add_argument("--seed", type=int, default=42)
    args = p.parse_args()

    dtypes = [d.strip() for d in args.dtypes.split(",") if d.strip()]
    for d in dtypes:
        if d not in DEFAULT_STEPS:
            p.error(f"unknown dtype {d!r}: float32 or float64")
    torch.set_num_threads(args.threads)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    header(args)

    t0 = time.perf_counter()
    x64, y = load_split(args.data, TRAIN_IMAGES, TRAIN_LABELS)
    tx64, ty = load_split(args.data, TEST_IMAGES, TEST_LABELS)
    print(f"data: {args.data}: {x64.shape[0]} training, {tx64.shape[0]} test images, "
          f"read in {time.perf_counter() - t0:.2f} s")

    results = []
    for name in dtypes:
        dtype = getattr(torch, name)
        x, tx = x64.to(dtype), tx64.to(dtype)
        steps = args.steps if args.steps is not None else DEFAULT_STEPS[name]
        print(f"\n[{name}] threads {args.threads}")
        model = make_model(dtype, args.seed)
        train_sps, elapsed, losses = bench_training(model, x, y, steps, args.warmup_steps, args.seed)
        gflops = train_sps * 3 * 2 * forward_macs() / 1e9
        print(f"  training: {train_sps:.1f} samples/s ({gflops:.2f} GFLOP/s), {steps} steps of {BATCH} "
              f"in {elapsed:.2f} s after {args.warmup_steps} warm-up steps; loss {losses[0]:.4f} -> {losses[-1]:.4f}")
        infer_sps = bench_inference(model, tx)
        print(f"  inference: {infer_sps:.1f} samples/s ({infer_sps * 2 * forward_macs() / 1e9:.2f} GFLOP/s), "
              f"{tx.shape[0]} test images in batches of {INFER_BATCH}")
        median_ms, min_ms = bench_latency(model, tx, args.latency_calls)
        print(f"  single image: median {median_ms:.3f} ms (min {min_ms:.3f} ms) over {args.latency_calls} calls")
        if args.epochs > 0:
            train_epochs(dtype, x, y, tx, ty, args.epochs, args.seed)
        results.append({"dtype": name, "threads": args.threads, "train_samples_per_s": round(train_sps, 2),
                        "infer_samples_per_s": round(infer_sps, 2), "single_image_ms": round(median_ms, 4),
                        "torch_version": torch.__version__})
    print(f"\nload average: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    for r in results:
        print("RESULT " + json.dumps(r))


if __name__ == "__main__":
    main()
