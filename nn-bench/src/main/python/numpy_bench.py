#!/usr/bin/python3
"""NumPy's side of nn-bench's comparison: matrix products and W2/W3 training in NumPy float64.

nn-bench runs this script itself (`java -jar nn-bench/target/nn-bench.jar vs-numpy`, which passes the same
products, data, batch size and thread count as its Java side); it also runs alone:

    OPENBLAS_NUM_THREADS=1 /usr/bin/python3 nn-bench/src/main/python/numpy_bench.py [--threads 1]
        [--products NT:64x128x784,...] [--data DIR] [--workloads w2,w3] [--steps 100] [--single-calls 2000]

Products: FORM:MxNxK, FORM giving the transposes of A and B (N or T) as in BLAS: C (m x n) = op(A) op(B),
A stored as m x k (k x m when transposed), B as k x n (n x k when transposed), np.matmul on views, so that
NumPy hands the transposes to BLAS without copies. Each: untimed products for 0.1 s, then 5 rounds of at
least 0.05 s; the median round's GFLOP/s (2 m n k per product).

Networks, the same as nn4j's W2 (784-128-10) and W3 (784-512-512-10): ReLU hidden layers, softmax output,
categorical cross-entropy (mean over the batch), plain SGD lr 0.1, batch 64, float64, weights [out, in]
Glorot-uniform and zero biases. A step is the forward pass, the loss, the backward pass (softmax and
cross-entropy fused: (p - y) / batch; weight gradient d^T h, bias gradient, input gradient d W masked by the
ReLU; none for the first layer, which nothing reads) and the SGD update. The batches are nn-bench's: batch b
holds training images from (b * 64) mod (60000 - 64); 5 untimed steps, then --steps timed. Inference: the
10,000 test images in batches of 1,000 for at least 2 s; one sample: median latency of --single-calls calls.

Output: readable lines, and one machine-readable line per measurement, as nn-bench prints:
    RESULT {"kind": "gemm", "library": "numpy", "backend": "numpy", "product": "NT:64x128x784", "gflops": ...}
    RESULT {"kind": "network", "library": "numpy", "backend": "numpy", "workload": "w2", "train_samples_per_s": ...,
            "infer_samples_per_s": ..., "single_sample_ms": ...}
Without NumPy it prints one line starting with SKIP and exits with status 3.
"""

import argparse
import gzip
import json
import os
import sys
import time

SKIP_STATUS = 3
BATCH = 64
LEARNING_RATE = 0.1
WARM_UP_STEPS = 5
INFERENCE_BATCH = 1000
NETWORKS = {"w2": [784, 128, 10], "w3": [784, 512, 512, 10]}
FILES = ("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")


def default_products():
    """1024^3 in the three forms, then each layer's forward (NT), weight-gradient (TN) and input-gradient (NN) product."""
    products = [f"{form}:1024x1024x1024" for form in ("NN", "NT", "TN")]
    for sizes in NETWORKS.values():
        for n_in, n_out in zip(sizes, sizes[1:]):
            products += [f"NT:{BATCH}x{n_out}x{n_in}", f"TN:{n_out}x{n_in}x{BATCH}", f"NN:{BATCH}x{n_in}x{n_out}"]
    return list(dict.fromkeys(products))


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--threads", type=int, help="OpenBLAS threads (sets OPENBLAS_NUM_THREADS before NumPy loads)")
    p.add_argument("--products", default=",".join(default_products()), help="FORM:MxNxK,... (default: 1024^3, W2, W3)")
    p.add_argument("--data", help="Fashion-MNIST folder (the four IDX files, .gz or not); without it, no networks")
    p.add_argument("--workloads", default="w2,w3", help="networks to train: w2, w3 (default: both)")
    p.add_argument("--steps", type=int, default=100, help="timed training steps per network (default: 100)")
    p.add_argument("--single-calls", type=int, default=2000, help="one-sample calls per network (default: 2000)")
    p.add_argument("--seed", type=int, default=42)
    args = p.parse_args(argv)
    for w in args.workloads.split(","):
        if w not in NETWORKS:
            p.error(f"unknown workload '{w}'; expected one of {sorted(NETWORKS)}")
    if args.steps <= 0 or args.single_calls <= 0 or (args.threads is not None and args.threads <= 0):
        p.error("--steps, --single-calls and --threads must be positive")
    return args


def parse_product(spec):
    """'NT:64x128x784' -> (transpose_a, transpose_b, m, n, k)."""
    form, sizes = spec.split(":")
    m, n, k = (int(s) for s in sizes.split("x"))
    return form[0] == "T", form[1] == "T", m, n, k


def result(**fields):
    print("RESULT " + json.dumps(fields), flush=True)


def blas_in_use(np):
    """The BLAS libraries mapped into this process, and OpenBLAS's own word on its kernels when it is one."""
    a = np.ones((64, 64))
    a @ a
    try:
        with open("/proc/self/maps") as maps:
            paths = sorted({line.split()[-1] for line in maps
                            if any(s in line for s in ("blas", "lapack", "mkl", "blis")) and "/" in line})
    except OSError:
        return {"libraries": "unknown (no /proc/self/maps)"}
    info = {"libraries": ", ".join(paths)}
    import ctypes
    for path in paths:
        try:
            lib = ctypes.CDLL(path)
            lib.openblas_get_corename.restype = ctypes.c_char_p
            lib.openblas_get_config.restype = ctypes.c_char_p
            info.update(openblas_core=lib.openblas_get_corename().decode(), openblas_config=lib.openblas_get_config().decode(),
                        openblas_threads=lib.openblas_get_num_threads())
            break
        except (OSError, AttributeError):
            continue
    return info


def time_product(np, spec):
    transpose_a, transpose_b, m, n, k = parse_product(spec)
    rng = np.random.default_rng(1)
    a = rng.uniform(-1, 1, (k, m) if transpose_a else (m, k))
    b = rng.uniform(-1, 1, (n, k) if transpose_b else (k, n))
    op_a, op_b = (a.T if transpose_a else a), (b.T if transpose_b else b)
    c = np.empty((m, n))
    started = time.perf_counter()
    reps = 0
    while time.perf_counter() - started < 0.1:
        np.matmul(op_a, op_b, out=c)
        reps += 1
    per_round = max(1, int(reps * 0.05 / (time.perf_counter() - started)) + 1)
    rounds = []
    for _ in range(5):
        started = time.perf_counter()
        for _ in range(per_round):
            np.matmul(op_a, op_b, out=c)
        rounds.append((time.perf_counter() - started) / per_round)
    seconds = sorted(rounds)[2]
    return 2.0 * m * n * k / seconds / 1e9, seconds


def read_idx(np, folder, name):
    for path in (os.path.join(folder, name + ".gz"), os.path.join(folder, name)):
        if os.path.isfile(path):
            with (gzip.open(path) if path.endswith(".gz") else open(path, "rb")) as f:
                data = f.read()
            dims = data[3]
            shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
            return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)
    raise FileNotFoundError(f"{name}(.gz) not found in {folder}")


class Mlp:
    """Dense layers with weights [out, in]: ReLU hidden, softmax output, cross-entropy, SGD."""

    def __init__(self, np, sizes, seed):
        self.np = np
        rng = np.random.default_rng(seed)
        self.weights, self.biases = [], []
        for n_in, n_out in zip(sizes, sizes[1:]):
            limit = (6.0 / (n_in + n_out)) ** 0.5
            self.weights.append(rng.uniform(-limit, limit, (n_out, n_in)))
            self.biases.append(np.zeros(n_out))

    def forward(self, x):
        """The activations of every layer (x first); the last are the logits."""
        np = self.np
        activations = [x]
        for layer, (w, b) in enumerate(zip(self.weights, self.biases)):
            z = activations[-1] @ w.T
            z += b
            if layer < len(self.weights) - 1:
                np.maximum(z, 0.0, out=z)
            activations.append(z)
        return activations

    def softmax(self, logits):
        np = self.np
        p = logits - logits.max(axis=1, keepdims=True)
        np.exp(p, out=p)
        p /= p.sum(axis=1, keepdims=True)
        return p

    def predict(self, x):
        return self.softmax(self.forward(x)[-1])

    def step(self, x, y):
        """One SGD step on the batch; returns the mean cross-entropy before it."""
        np = self.np
        activations = self.forward(x)
        logits = activations[-1]
        shifted = logits - logits.max(axis=1, keepdims=True)
        log_sum = np.log(np.exp(shifted).sum(axis=1, keepdims=True))
        loss = -float(np.sum(y * (shifted - log_sum))) / len(x)
        delta = np.exp(shifted - log_sum)
        delta -= y
        delta /= len(x)
        for layer in range(len(self.weights) - 1, -1, -1):
            w = self.weights[layer]
            weight_gradient = delta.T @ activations[layer]
            bias_gradient = delta.sum(axis=0)
            if layer > 0:
                delta = delta @ w
                delta *= activations[layer] > 0
            w -= LEARNING_RATE * weight_gradient
            self.biases[layer] -= LEARNING_RATE * bias_gradient
        return loss


def measure_network(np, name, data, args):
    train_x, train_y, test_x = data
    network = Mlp(np, NETWORKS[name], args.seed)
    batches = []
    for b in range(WARM_UP_STEPS + args.steps):
        start = (b * BATCH) % (len(train_x) - BATCH)
        batches.append((train_x[start:start + BATCH], train_y[start:start + BATCH]))
    for x, y in batches[:WARM_UP_STEPS]:
        network.step(x, y)
    started = time.perf_counter()
    for x, y in batches[WARM_UP_STEPS:]:
        loss = network.step(x, y)
    train = args.steps * BATCH / (time.perf_counter() - started)

    inputs = [test_x[i:i + INFERENCE_BATCH] for i in range(0, len(test_x) - INFERENCE_BATCH + 1, INFERENCE_BATCH)]
    network.predict(inputs[0])
    predicted, started = 0, time.perf_counter()
    while True:
        for x in inputs:
            network.predict(x)
            predicted += len(x)
        if time.perf_counter() - started >= 2.0:
            break
    infer = predicted / (time.perf_counter() - started)

    samples = [test_x[i:i + 1] for i in range(INFERENCE_BATCH)]
    for i in range(min(300, args.single_calls)):
        network.predict(samples[i % len(samples)])
    latencies = []
    for i in range(args.single_calls):
        t = time.perf_counter()
        network.predict(samples[i % len(samples)])
        latencies.append(time.perf_counter() - t)
    single_ms = sorted(latencies)[len(latencies) // 2] * 1e3
    shape = "-".join(str(s) for s in NETWORKS[name])
    print(f"  numpy {name.upper()} {shape}: {train:,.0f} training samples/s (loss {loss:.4f} after {args.steps} steps), "
          f"{infer:,.0f} inference samples/s, one sample {single_ms:.4f} ms")
    result(kind="network", library="numpy", backend="numpy", dtype="float64", workload=name,
           train_samples_per_s=round(train, 1), infer_samples_per_s=round(infer, 1), single_sample_ms=round(single_ms, 5))


def main(argv):
    args = parse_args(argv)
    if args.threads is not None:
        os.environ["OPENBLAS_NUM_THREADS"] = str(args.threads)   # read by OpenBLAS when NumPy loads it
    try:
        import numpy as np
    except ImportError as e:
        print(f"SKIP NumPy is not installed for {sys.executable} ({e}); on Debian: apt-get install python3-numpy",
              flush=True)
        return SKIP_STATUS
    blas = blas_in_use(np)
    print(f"numpy {np.__version__} (Python {sys.version.split()[0]}, {sys.executable})")
    print(f"  BLAS: {blas.get('libraries')}")
    if "openblas_core" in blas:
        print(f"  OpenBLAS: {blas['openblas_config']}; kernels {blas['openblas_core']}; {blas['openblas_threads']} threads")
    print(f"  OPENBLAS_CORETYPE: {os.environ.get('OPENBLAS_CORETYPE', 'unset (OpenBLAS detects the processor itself)')}"
          f"; OPENBLAS_NUM_THREADS: {os.environ.get('OPENBLAS_NUM_THREADS', 'unset')}")
    result(kind="environment", library="numpy", backend="numpy", numpy=np.__version__, **blas,
           OPENBLAS_CORETYPE=os.environ.get("OPENBLAS_CORETYPE", "unset"))
    for spec in args.products.split(","):
        gflops, seconds = time_product(np, spec)
        print(f"  numpy {spec}: {gflops:.3f} GFLOP/s ({seconds * 1e6:.1f} us per product)")
        result(kind="gemm", library="numpy", backend="numpy", product=spec, gflops=round(gflops, 3))
    if args.data is None:
        print("  networks skipped: no --data folder given")
        return 0
    images, labels, tests = (read_idx(np, args.data, FILES[i]) for i in (0, 1, 2))
    train_x = images.reshape(len(images), -1).astype(np.float64) / 255.0
    train_y = np.eye(10)[labels]
    test_x = tests.reshape(len(tests), -1).astype(np.float64) / 255.0
    for name in args.workloads.split(","):
        measure_network(np, name, (train_x, train_y, test_x), args)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
