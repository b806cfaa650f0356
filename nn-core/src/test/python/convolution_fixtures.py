"""Reference values (fixtures) for nn4j's 2-D convolution and pooling layers.

What it makes
    nn-core/src/test/resources/fixtures/convolution.safetensors, a safetensors file holding
    values computed by PyTorch:

    Part A  single-layer cases (conv2d_*, max_pool2d_*, avg_pool2d_*, global_avg_pool2d_*): the
            input x [N, C, H, W], the parameters weight [out, in, kh, kw] and bias [out] (conv2d
            only; random normal, not PyTorch's init), the output y, a random upstream gradient g
            shaped like y, and the gradients dx (and dweight, dbias) of sum(y * g). Each case's
            configuration is the JSON string __metadata__["case.<case>"]; __metadata__["cases"]
            lists the case names in order (a JSON array).
    Part B  "cnn.*": a 6-step SGD (lr 0.1, momentum 0.9) training trajectory of a small network
            conv2d+relu / BatchNorm2d / max pool / conv2d+tanh / avg pool / global avg pool /
            Linear+softmax with cross-entropy, with the initial and final state dicts (keys as in
            nn4j: layers.<i>.<name>), the loss of each step and the eval-mode output of the final
            network on the first batch. __metadata__["cnn"] describes it.

    Every tensor is F64 (float64) except the I64 num_batches_tracked counters (0-dim, as in
    PyTorch's state_dict).

How to run it (from the repository root)
    /usr/bin/python3 nn-core/src/test/python/convolution_fixtures.py

    It needs PyTorch (written against 1.13, CPU) and numpy, nothing else: the safetensors format
    is written by hand (safetensors_writer.py, next to this script). The output is deterministic
    (a fixed torch.manual_seed per case, one thread, OpenBLAS's Sandybridge kernels; a PyTorch
    with another BLAS may differ in the last bits).
    The file is committed; the Java tests only read it and never need Python.
"""

import json
import os
import warnings

# Bit-for-bit reproducibility: float64 convolutions are matrix products in OpenBLAS, whose kernel
# (chosen by CPU) and PyTorch's thread count change the last bits. Pin both; the kernel must be
# named before torch loads OpenBLAS.
os.environ.setdefault("OPENBLAS_CORETYPE", "Sandybridge")

import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

from safetensors_writer import Fixtures  # noqa: E402

torch.set_num_threads(1)
# padding="same" with an even kernel: PyTorch warns that it pads a copy of the input. Expected.
warnings.filterwarnings("ignore", message="Using padding='same' with even kernel")

GENERATOR = "nn-core/src/test/python/convolution_fixtures.py"
OUTPUT = os.path.join("nn-core", "src", "test", "resources", "fixtures", "convolution.safetensors")


def to_json(value):
    return json.dumps(value, separators=(",", ":"))


def pair(v):
    return list(v) if isinstance(v, (tuple, list)) else [v, v]


# ---------------------------------------------------------------------------------------------
# Part A: single-layer cases
# ---------------------------------------------------------------------------------------------

# (name, seed, in_channels, out_channels, kernel_size, stride, padding, dilation, bias, in [H, W], n)
CONV_CASES = [
    ("conv2d_1to2_k3", 201, 1, 2, 3, 1, 0, 1, True, [5, 5], 2),
    ("conv2d_3to4_k3_s2_p1", 202, 3, 4, 3, 2, 1, 1, True, [7, 6], 2),
    ("conv2d_2to3_k2x3_s2x1_p1x0_d1x2_nobias", 203, 2, 3, (2, 3), (2, 1), (1, 0), (1, 2), False,
     [6, 7], 2),
    ("conv2d_2to2_k3_same_d2", 204, 2, 2, 3, 1, "same", 2, True, [5, 5], 2),
    ("conv2d_2to3_k4_same", 205, 2, 3, 4, 1, "same", 1, True, [5, 6], 2),
    ("conv2d_2to3_k5_s3_p2_on_4x4", 206, 2, 3, 5, 3, 2, 1, True, [4, 4], 2),
    ("conv2d_3to5_k1", 207, 3, 5, 1, 1, 0, 1, True, [4, 5], 2),
    ("conv2d_4to8_k3_p1_9x9_n3", 208, 4, 8, 3, 1, 1, 1, True, [9, 9], 3),
]

# (name, seed, type, in [C, H, W], kernel_size, stride, padding, count_include_pad, n, x offset)
# max_pool2d_k3_s2_p1 shifts x down (mostly negative) so that padding with 0 instead of -inf
# would give different outputs; max_pool2d_ties uses small integers so that windows have ties.
POOL_CASES = [
    ("max_pool2d_k2_s2_5x5", 301, "max_pool2d", [2, 5, 5], 2, 2, 0, None, 2, 0.0),
    ("max_pool2d_k3_s2_p1", 302, "max_pool2d", [2, 6, 5], 3, 2, 1, None, 2, -1.5),
    ("max_pool2d_k2x3_s1x2_6x7", 303, "max_pool2d", [2, 6, 7], (2, 3), (1, 2), 0, None, 2, 0.0),
    ("max_pool2d_ties_k3_s2_p1", 304, "max_pool2d", [2, 5, 5], 3, 2, 1, None, 2, "ties"),
    ("avg_pool2d_k2_s2_5x5", 305, "avg_pool2d", [2, 5, 5], 2, 2, 0, True, 2, 0.0),
    ("avg_pool2d_k3_s2_p1_include_pad", 306, "avg_pool2d", [2, 6, 5], 3, 2, 1, True, 2, 0.0),
    ("avg_pool2d_k3_s1_p1_exclude_pad", 307, "avg_pool2d", [2, 5, 5], 3, 1, 1, False, 2, 0.0),
    ("global_avg_pool2d_3x4x5", 308, "global_avg_pool2d", [3, 4, 5], None, None, None, None, 2,
     0.0),
]


def same_padding(kernel_size, dilation):
    """PyTorch's padding="same" split: total d*(k-1), floor half before, the rest after."""
    top_left, bottom_right = [], []
    for k, d in zip(kernel_size, dilation):
        total = d * (k - 1)
        top_left.append(total // 2)
        bottom_right.append(total - total // 2)
    return top_left, bottom_right


def add_gradients(fx, name, x, y, params):
    g = torch.randn(y.shape, dtype=torch.float64)
    (y * g).sum().backward()
    fx.add(name + ".g", g)
    fx.add(name + ".dx", x.grad)
    for pname, p in params:
        fx.add(name + ".d" + pname, p.grad)


def conv_case(fx, meta, name, seed, cin, cout, k, s, p, d, bias, hw, n):
    k, s, d = pair(k), pair(s), pair(d)
    if p == "same":
        top_left, bottom_right = same_padding(k, d)
        padding = "same"
    else:
        top_left = bottom_right = pair(p)
        padding = pair(p)
    torch.manual_seed(seed)
    x = torch.randn([n, cin] + hw, dtype=torch.float64).requires_grad_(True)
    weight = torch.randn([cout, cin] + k, dtype=torch.float64).requires_grad_(True)
    b = torch.randn([cout], dtype=torch.float64).requires_grad_(True) if bias else None
    y = F.conv2d(x, weight, b, stride=s, padding=padding, dilation=d)

    # Self-check: the same output from explicit zero padding with the recorded per-side amounts.
    padded = F.pad(x, (top_left[1], bottom_right[1], top_left[0], bottom_right[0]))
    check = F.conv2d(padded, weight, b, stride=s, dilation=d)
    assert torch.allclose(y, check, rtol=0, atol=1e-12), name

    fx.add(name + ".x", x)
    fx.add(name + ".weight", weight)
    if bias:
        fx.add(name + ".bias", b)
    fx.add(name + ".y", y)
    params = [("weight", weight)] + ([("bias", b)] if bias else [])
    add_gradients(fx, name, x, y, params)
    meta["case." + name] = to_json({
        "type": "conv2d",
        "in_shape": [cin] + hw,
        "out_channels": cout,
        "kernel_size": k,
        "stride": s,
        "padding": padding,
        "padding_top_left": top_left,
        "padding_bottom_right": bottom_right,
        "dilation": d,
        "bias": bias,
        "n": n,
        "out_shape": list(y.shape[1:]),
    })


def pool_case(fx, meta, name, seed, kind, in_shape, k, s, p, include_pad, n, offset):
    torch.manual_seed(seed)
    if offset == "ties":
        x = torch.randint(0, 3, [n] + in_shape).to(torch.float64)
    else:
        x = torch.randn([n] + in_shape, dtype=torch.float64) + offset
    x.requires_grad_(True)
    config = {"type": kind, "in_shape": in_shape}
    if kind == "global_avg_pool2d":
        y = x.mean(dim=(2, 3))
    else:
        k, s, p = pair(k), pair(s), pair(p)
        config.update({"kernel_size": k, "stride": s, "padding": p})
        if kind == "max_pool2d":
            y = F.max_pool2d(x, k, s, p)
            if name == "max_pool2d_k3_s2_p1":
                zero_padded = F.max_pool2d(F.pad(x, (p[1], p[1], p[0], p[0])), k, s)
                assert not torch.equal(y, zero_padded), "padding with 0 would not be caught"
        else:
            y = F.avg_pool2d(x, k, s, p, count_include_pad=include_pad)
            config["count_include_pad"] = include_pad
        config["ceil_mode"] = False
    config["n"] = n
    config["out_shape"] = list(y.shape[1:])
    fx.add(name + ".x", x)
    fx.add(name + ".y", y)
    add_gradients(fx, name, x, y, [])
    meta["case." + name] = to_json(config)


# ---------------------------------------------------------------------------------------------
# Part B: training trajectory
# ---------------------------------------------------------------------------------------------


class CnnNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = nn.ModuleList([
            nn.Conv2d(1, 4, 3, padding=1),     # layers.0, relu          [1,9,9] -> [4,9,9]
            nn.BatchNorm2d(4),                 # layers.1                -> [4,9,9]
            nn.MaxPool2d(3, stride=2),         # layers.2                -> [4,4,4]
            nn.Conv2d(4, 6, (2, 3)),           # layers.3, tanh          -> [6,3,2]
            nn.AvgPool2d(2, stride=1),         # layers.4                -> [6,2,1]
            nn.AdaptiveAvgPool2d(1),           # layers.5, global avg    -> [6]
            nn.Linear(6, 3),                   # layers.6, softmax (folded into the loss)
        ])

    def forward(self, x):
        """Returns the logits (pre-softmax)."""
        h = torch.relu(self.layers[0](x))
        h = self.layers[1](h)
        h = self.layers[2](h)
        h = torch.tanh(self.layers[3](h))
        h = self.layers[4](h)
        h = self.layers[5](h).flatten(1)
        return self.layers[6](h)


CNN_DESCRIPTION = {
    "in_shape": [1, 9, 9],
    "layers": [
        {"type": "conv2d", "out_channels": 4, "kernel_size": [3, 3], "stride": [1, 1],
         "padding": [1, 1], "dilation": [1, 1], "bias": True, "activation": "relu"},
        {"type": "batch_norm2d", "momentum": 0.1, "eps": 1e-5, "affine": True},
        {"type": "max_pool2d", "kernel_size": [3, 3], "stride": [2, 2], "padding": [0, 0]},
        {"type": "conv2d", "out_channels": 6, "kernel_size": [2, 3], "stride": [1, 1],
         "padding": [0, 0], "dilation": [1, 1], "bias": True, "activation": "tanh"},
        {"type": "avg_pool2d", "kernel_size": [2, 2], "stride": [1, 1], "padding": [0, 0],
         "count_include_pad": True},
        {"type": "global_avg_pool2d"},
        {"type": "linear", "out_features": 3, "bias": True, "activation": "softmax"},
    ],
    "loss": "cross_entropy_mean",
    "optimizer": {"type": "sgd", "lr": 0.1, "momentum": 0.9},
    "steps": 6,
    "batch": 5,
}


def add_state_dict(fx, prefix, model):
    for key, value in model.state_dict().items():
        fx.add(prefix + key, value)


def trajectory(fx, meta):
    torch.manual_seed(4321)
    model = CnnNet().to(torch.float64)
    with torch.no_grad():
        bn = model.layers[1]
        bn.weight.copy_(1 + 0.5 * torch.randn(bn.weight.shape, dtype=torch.float64))
        bn.bias.copy_(0.5 * torch.randn(bn.bias.shape, dtype=torch.float64))
    add_state_dict(fx, "cnn.initial.", model)

    loss_fn = nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    model.train()
    losses = []
    for step in range(6):
        x = torch.randn([5, 1, 9, 9], dtype=torch.float64)
        targets = torch.randint(0, 3, (5,))
        fx.add("cnn.x.%d" % step, x)
        fx.add("cnn.y.%d" % step, F.one_hot(targets, 3).to(torch.float64))
        optimizer.zero_grad()
        loss = loss_fn(model(x), targets)
        loss.backward()
        optimizer.step()
        losses.append(loss.detach())
    fx.add("cnn.loss", torch.stack(losses))
    add_state_dict(fx, "cnn.final.", model)

    model.eval()
    with torch.no_grad():
        fx.add("cnn.eval_y", torch.softmax(model(fx.tensors["cnn.x.0"]), dim=1))
    meta["cnn"] = to_json(CNN_DESCRIPTION)


def main():
    fx = Fixtures()
    meta = {"generator": GENERATOR, "torch": torch.__version__}
    names = []
    for case in CONV_CASES:
        conv_case(fx, meta, *case)
        names.append(case[0])
    for case in POOL_CASES:
        pool_case(fx, meta, *case)
        names.append(case[0])
    meta["cases"] = to_json(names)
    trajectory(fx, meta)
    fx.write(OUTPUT, meta)
    print("wrote %d tensors to %s (%d bytes)" % (len(fx.tensors), OUTPUT, os.path.getsize(OUTPUT)))


if __name__ == "__main__":
    main()
