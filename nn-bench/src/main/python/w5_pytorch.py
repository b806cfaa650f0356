#!/usr/bin/python3
"""W5 in PyTorch: Fashion-MNIST read as 28 steps of 28 pixels through an LSTM, on the CPU, for comparison with nn4j.

Network: [28,28] in [0,1] (image row t is step t) -> LSTM 128 (batch_first, PyTorch's default init) -> the
last step's output h_n -> dense 10 softmax; cross-entropy, Adam lr 1e-3 (betas 0.9/0.999, eps 1e-8),
batch 64, training set shuffled each epoch with a fixed seed. Shares its data reading and timing with
w4_pytorch.py.

Usage (needs PyTorch: use /usr/bin/python3, the python3 on PATH has no torch):

    /usr/bin/python3 nn-bench/src/main/python/w5_pytorch.py [--data DIR] [--dtypes float32,float64]
        [--threads 2] [--steps N] [--warmup-steps 5] [--latency-calls 5000] [--seed 42]

For each dtype it prints training samples/s (--steps batches of 64 timed after --warmup-steps untimed
ones, 100 by default), inference samples/s
over the 10,000 test images in batches of 1,000 and the median single-sequence latency in ms (eval mode,
no grad). The last line per dtype is machine-readable:

    RESULT {"workload": "w5", "dtype": ..., "threads": ..., "train_samples_per_s": ...,
            "infer_samples_per_s": ..., "single_sequence_ms": ..., "torch_version": ...}
"""

import argparse
import json
import os
import time

import torch
import torch.nn as nn

import w4_pytorch as common

BATCH = 64
HIDDEN = 128
STEPS = 28
DEFAULT_STEPS = 100


class W5Net(nn.Module):
    """LSTM 128 over 28 steps, the last output into a dense layer of 10 logits (softmax fused into the loss)."""

    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(STEPS, HIDDEN, batch_first=True)
        self.fc = nn.Linear(HIDDEN, 10)

    def forward(self, x):
        _, (h_n, _) = self.lstm(x)
        return self.fc(h_n[-1])


def forward_macs():
    """Multiply-accumulates of one forward pass: W_ih and W_hh at each of the 28 steps, and the dense layer."""
    return STEPS * 4 * HIDDEN * (STEPS + HIDDEN) + HIDDEN * 10   # 2,237,696


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--data", default="/work/shared/data/fashion-mnist", help="folder of the four IDX .gz files")
    p.add_argument("--dtypes", default="float32,float64")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--steps", type=int, default=DEFAULT_STEPS, help="timed training steps per dtype")
    p.add_argument("--warmup-steps", type=int, default=5)
    p.add_argument("--latency-calls", type=int, default=5000)
    p.add_argument("--seed", type=int, default=42)
    args = p.parse_args()

    dtypes = [d.strip() for d in args.dtypes.split(",") if d.strip()]
    for d in dtypes:
        if d not in ("float32", "float64"):
            p.error(f"unknown dtype {d!r}: float32 or float64")
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    print(f"W5 PyTorch: Fashion-MNIST as {STEPS} steps of {STEPS} pixels, LSTM {HIDDEN}, last output, dense 10, "
          f"batch {BATCH}, Adam lr 1e-3")
    common.machine(args)
    macs = forward_macs()
    print(f"FLOP per sample assumed: forward {2 * macs / 1e6:.3f} MFLOP (2 x {macs:,} MACs), "
          f"training {3 * 2 * macs / 1e6:.3f} MFLOP (3 x forward)")

    t0 = time.perf_counter()
    x64, y = common.load_split(args.data, common.TRAIN_IMAGES, common.TRAIN_LABELS)
    tx64, _ = common.load_split(args.data, common.TEST_IMAGES, common.TEST_LABELS)
    x64, tx64 = x64.squeeze(1), tx64.squeeze(1)   # [n, 1, 28, 28] -> [n, 28 steps, 28 pixels]
    print(f"data: {args.data}: {x64.shape[0]} training, {tx64.shape[0]} test sequences, "
          f"read in {time.perf_counter() - t0:.2f} s")

    results = []
    for name in dtypes:
        dtype = getattr(torch, name)
        x, tx = x64.to(dtype), tx64.to(dtype)
        print(f"\n[{name}] threads {args.threads}")
        torch.manual_seed(args.seed)
        model = W5Net().to(dtype)
        train_sps, elapsed, losses = common.bench_training(model, x, y, args.steps, args.warmup_steps, args.seed,
                                                           batch=BATCH)
        print(f"  training: {train_sps:.1f} samples/s ({train_sps * 3 * 2 * macs / 1e9:.2f} GFLOP/s), {args.steps} "
              f"steps of {BATCH} in {elapsed:.2f} s after {args.warmup_steps} warm-up steps; "
              f"loss {losses[0]:.4f} -> {losses[-1]:.4f}")
        infer_sps = common.bench_inference(model, tx)
        print(f"  inference: {infer_sps:.1f} samples/s ({infer_sps * 2 * macs / 1e9:.2f} GFLOP/s), "
              f"{tx.shape[0]} test sequences in batches of {common.INFER_BATCH}")
        median_ms, min_ms = common.bench_latency(model, tx, args.latency_calls)
        print(f"  single sequence: median {median_ms:.3f} ms (min {min_ms:.3f} ms) over {args.latency_calls} calls")
        results.append({"workload": "w5", "dtype": name, "threads": args.threads,
                        "train_samples_per_s": round(train_sps, 2), "infer_samples_per_s": round(infer_sps, 2),
                        "single_sequence_ms": round(median_ms, 4), "torch_version": torch.__version__})
    print(f"\nload average: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    for r in results:
        print("RESULT " + json.dumps(r))


if __name__ == "__main__":
    main()
