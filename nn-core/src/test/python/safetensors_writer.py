"""Hand-written safetensors writer shared by the fixture scripts in this folder.

Used by normalization_fixtures.py and convolution_fixtures.py (run those, not this module).
The format: an 8-byte little-endian header length, the header JSON (tensor name -> dtype,
shape, data_offsets; "__metadata__" -> string values only), padded with spaces to a multiple of
8 bytes, then the tensors' little-endian row-major bytes in insertion order. It needs PyTorch and
numpy, not the safetensors package.
"""

import json
import os
import struct

import torch

DTYPE_NAMES = {
    torch.float64: "F64",
    torch.float32: "F32",
    torch.float16: "F16",
    torch.bfloat16: "BF16",
    torch.int64: "I64",
}
DTYPE_SIZES = {"F64": 8, "F32": 4, "F16": 2, "BF16": 2, "I64": 8}
NUMPY_LE = {"F64": "<f8", "F32": "<f4", "F16": "<f2", "I64": "<i8"}


def raw_bytes(t):
    """Little-endian bytes of a tensor, row-major."""
    t = t.detach().contiguous().cpu()
    name = DTYPE_NAMES[t.dtype]
    if name == "BF16":
        # numpy has no bfloat16: reinterpret the 16 bits as int16.
        return t.view(torch.int16).numpy().astype("<i2").tobytes()
    return t.numpy().astype(NUMPY_LE[name]).tobytes()


class Fixtures:
    """Tensors in insertion order; written as safetensors in that order."""

    def __init__(self):
        self.tensors = {}

    def add(self, name, t):
        if name in self.tensors:
            raise ValueError("duplicate tensor name " + name)
        t = t.detach().clone()
        if t.dtype not in DTYPE_NAMES:
            raise ValueError(name + ": unsupported dtype " + str(t.dtype))
        self.tensors[name] = t

    def write(self, path, metadata):
        for key, value in metadata.items():
            if not isinstance(value, str):
                raise ValueError("__metadata__ values must be strings: " + key)
        header = {"__metadata__": metadata}
        chunks = []
        offset = 0
        for name, t in self.tensors.items():
            data = raw_bytes(t)
            header[name] = {
                "dtype": DTYPE_NAMES[t.dtype],
                "shape": list(t.shape),
                "data_offsets": [offset, offset + len(data)],
            }
            chunks.append(data)
            offset += len(data)
        text = json.dumps(header, separators=(",", ":")).encode("utf-8")
        text += b" " * ((-len(text)) % 8)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(struct.pack("<Q", len(text)))
            f.write(text)
            for data in chunks:
                f.write(data)
