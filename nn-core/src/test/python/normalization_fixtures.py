"""Reference values (fixtures) for nn4j's batch normalization and layer normalization.

What it makes
    nn-core/src/test/resources/fixtures/normalization.safetensors, a safetensors file holding
    values computed by PyTorch:

    Part A  single-layer cases (bn_features, bn_channels, bn_images, bn_config, bn_no_affine,
            bn_two_steps, ln_features, ln_last_dim, ln_two_dims, ln_config): the input x, the
            upstream gradient g, the training-mode output y, the gradients dx (and dweight, dbias
            when affine), the parameters, and for batch norm the running statistics after the
            training forward(s), num_batches_tracked and the eval-mode output y_eval.
    Part B  "traj.*": a 6-step SGD (lr 0.1, momentum 0.9) training trajectory of a small network
            Linear+tanh / BatchNorm1d / Linear / LayerNorm / Linear+softmax with cross-entropy,
            with the initial and final state dicts (keys as in nn4j: layers.<i>.<name>).
    Part C  "dtype.*": the same values stored as F32, F16, BF16 and I64, each with its exact
            float64 value, to test reading the dtypes PyTorch saves by default.

    Every tensor is F64 (float64) except Part C and the I64 num_batches_tracked counters
    (0-dim, as in PyTorch's state_dict).

How to run it (from the repository root)
    /usr/bin/python3 nn-core/src/test/python/normalization_fixtures.py

    It needs PyTorch (written against 1.13, CPU) and numpy, nothing else: the safetensors format
    is written by hand (safetensors_writer.py, next to this script). The output is deterministic
    (a fixed torch.manual_seed per case, one thread, OpenBLAS's Sandybridge kernels; a PyTorch
    with another BLAS may differ in the last bits).
    The file is committed; the Java tests only read it and never need Python.
"""

import os

# Bit-for-bit reproducibility: float64 matrix products go to OpenBLAS, whose kernel (chosen by
# CPU) and PyTorch's thread count change the last bits. Pin both; the kernel must be named before
# torch loads OpenBLAS. The committed file was made this way.
os.environ.setdefault("OPENBLAS_CORETYPE", "Sandybridge")

import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

from safetensors_writer import Fixtures  # noqa: E402

torch.set_num_threads(1)

GENERATOR = "nn-core/src/test/python/normalization_fixtures.py"
OUTPUT = os.path.join("nn-core", "src", "test", "resources", "fixtures", "normalization.safetensors")


# ---------------------------------------------------------------------------------------------
# Part A: single-layer cases
# ---------------------------------------------------------------------------------------------

# name -> (seed, module factory, input shape)
CASES = [
    ("bn_features", 101, lambda: nn.BatchNorm1d(4), [5, 4]),
    ("bn_channels", 102, lambda: nn.BatchNorm1d(2), [3, 2, 5]),
    ("bn_images", 103, lambda: nn.BatchNorm2d(3), [2, 3, 3, 2]),
    ("bn_config", 104, lambda: nn.BatchNorm1d(3, eps=1e-3, momentum=0.3), [6, 3]),
    ("bn_no_affine", 105, lambda: nn.BatchNorm1d(3, affine=False), [4, 3]),
    ("bn_two_steps", 106, lambda: nn.BatchNorm1d(4), [5, 4]),
    ("ln_features", 107, lambda: nn.LayerNorm(5), [4, 5]),
    ("ln_last_dim", 108, lambda: nn.LayerNorm(6), [3, 4, 6]),
    ("ln_two_dims", 109, lambda: nn.LayerNorm([3, 4]), [2, 3, 4]),
    ("ln_config", 110, lambda: nn.LayerNorm(5, eps=1e-3, elementwise_affine=False), [3, 5]),
]


def single_layer_case(fx, name, seed, factory, shape):
    torch.manual_seed(seed)
    module = factory().to(torch.float64)
    is_bn = isinstance(module, nn.modules.batchnorm._BatchNorm)
    affine = module.weight is not None
    if affine:
        with torch.no_grad():
            module.weight.copy_(torch.randn(module.weight.shape, dtype=torch.float64))
            module.bias.copy_(torch.randn(module.bias.shape, dtype=torch.float64))
    x = (torch.randn(shape, dtype=torch.float64) * 3 + 1).requires_grad_(True)
    g = torch.randn(shape, dtype=torch.float64)
    if affine:
        weight0 = module.weight.detach().clone()
        bias0 = module.bias.detach().clone()

    module.train()
    y = module(x)
    (y * g).sum().backward()

    fx.add(name + ".x", x)
    fx.add(name + ".g", g)
    fx.add(name + ".y", y)
    fx.add(name + ".dx", x.grad)
    if affine:
        fx.add(name + ".weight", weight0)
        fx.add(name + ".bias", bias0)
        fx.add(name + ".dweight", module.weight.grad)
        fx.add(name + ".dbias", module.bias.grad)

    if name == "bn_two_steps":
        x2 = torch.randn(shape, dtype=torch.float64) * 2 - 1
        module(x2)  # second training forward: only updates the running statistics
        fx.add(name + ".x2", x2)

    if is_bn:
        fx.add(name + ".running_mean", module.running_mean)
        fx.add(name + ".running_var", module.running_var)
        fx.add(name + ".num_batches_tracked", module.num_batches_tracked)  # I64, 0-dim
        module.eval()
        with torch.no_grad():
            fx.add(name + ".y_eval", module(x.detach()))


# ---------------------------------------------------------------------------------------------
# Part B: training trajectory
# ---------------------------------------------------------------------------------------------


class TrajectoryNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = nn.ModuleList([
            nn.Linear(5, 6),       # layers.0, tanh activation
            nn.BatchNorm1d(6),     # layers.1
            nn.Linear(6, 4),       # layers.2, identity activation
            nn.LayerNorm(4),       # layers.3
            nn.Linear(4, 3),       # layers.4, softmax (folded into the cross-entropy loss)
        ])

    def forward(self, x):
        """Returns the logits (pre-softmax)."""
        h = torch.tanh(self.layers[0](x))
        h = self.layers[1](h)
        h = self.layers[2](h)
        h = self.layers[3](h)
        return self.layers[4](h)


def add_state_dict(fx, prefix, model):
    for key, value in model.state_dict().items():
        fx.add(prefix + key, value)


def one_hot(targets, classes=3):
    return F.one_hot(targets, classes).to(torch.float64)


def trajectory(fx):
    torch.manual_seed(1234)
    model = TrajectoryNet().to(torch.float64)
    with torch.no_grad():
        for i in (1, 3):
            layer = model.layers[i]
            layer.weight.copy_(torch.randn(layer.weight.shape, dtype=torch.float64))
            layer.bias.copy_(torch.randn(layer.bias.shape, dtype=torch.float64))
    add_state_dict(fx, "traj.init.", model)

    loss_fn = nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    model.train()
    losses = []
    for step in range(6):
        x = torch.randn([8, 5], dtype=torch.float64) * 2
        targets = torch.randint(0, 3, (8,))
        fx.add("traj.x.%d" % step, x)
        fx.add("traj.y.%d" % step, one_hot(targets))
        optimizer.zero_grad()
        loss = loss_fn(model(x), targets)
        loss.backward()
        optimizer.step()
        losses.append(loss.detach())
    fx.add("traj.loss", torch.stack(losses))
    add_state_dict(fx, "traj.final.", model)

    eval_x = torch.randn([7, 5], dtype=torch.float64)
    eval_targets = torch.randint(0, 3, (7,))
    model.eval()
    with torch.no_grad():
        logits = model(eval_x)
        fx.add("traj.eval_x", eval_x)
        fx.add("traj.eval_y", torch.softmax(logits, dim=1))
        fx.add("traj.eval_t", one_hot(eval_targets))
        fx.add("traj.eval_loss", loss_fn(logits, eval_targets).reshape([1]))


# ---------------------------------------------------------------------------------------------
# Part C: dtypes
# ---------------------------------------------------------------------------------------------


def dtypes(fx):
    v = torch.tensor([
        0.0, -0.0, 1.0, -2.5, 1.0 / 3.0, 65504.0, 1e-5, 6e-8,
        1e-40, 3.0e38, -1e3, 0.1, 2.0 ** -24, 123456.789, 7.0, -0.75,
    ], dtype=torch.float64)
    # F16 overflows above 65504 (to inf): replace the two larger magnitudes by 60000,
    # keep 65504 (the largest finite F16) and the F16 subnormals 6e-8 and 2**-24.
    v16 = torch.where(v.abs() > 65504.0, torch.sign(v) * 60000.0, v)

    f32 = v.to(torch.float32)
    f16 = v16.to(torch.float16)
    bf16 = v.to(torch.bfloat16)
    i64 = torch.tensor([0, 1, -1, 2 ** 53, -(2 ** 53), 123456789], dtype=torch.int64)
    for t in (f32, f16, bf16):
        assert torch.isfinite(t).all(), t

    fx.add("dtype.f32", f32)
    fx.add("dtype.f32_as_f64", f32.to(torch.float64))
    fx.add("dtype.f16", f16)
    fx.add("dtype.f16_as_f64", f16.to(torch.float64))
    fx.add("dtype.bf16", bf16)
    fx.add("dtype.bf16_as_f64", bf16.to(torch.float64))
    fx.add("dtype.i64", i64)
    fx.add("dtype.i64_as_f64", i64.to(torch.float64))


def main():
    fx = Fixtures()
    for name, seed, factory, shape in CASES:
        single_layer_case(fx, name, seed, factory, shape)
    trajectory(fx)
    dtypes(fx)
    fx.write(OUTPUT, {"generator": GENERATOR, "torch": torch.__version__})
    print("wrote %d tensors to %s (%d bytes)" % (len(fx.tensors), OUTPUT, os.path.getsize(OUTPUT)))


if __name__ == "__main__":
    main()
