"""Checks that a W4 network saved by nn4j loads into the PyTorch module the README shows, and predicts the
same. Reads safetensors by hand (the format is a JSON header and raw little-endian tensors), since the
`safetensors` package is not installed here; with it, `safetensors.torch.load_file` does the same."""
import json, struct, sys
import numpy as np
import torch

def load(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for name, t in header.items():
        if name == "__metadata__":
            continue
        a, b = t["data_offsets"]
        dtype = {"F64": "<f8", "I64": "<i8"}[t["dtype"]]
        out[name] = torch.from_numpy(np.frombuffer(data[a:b], dtype=dtype).reshape(t["shape"]).copy())
    return out

class W4(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = torch.nn.ModuleList([
            torch.nn.Conv2d(1, 32, 3), torch.nn.MaxPool2d(2),
            torch.nn.Conv2d(32, 64, 3), torch.nn.MaxPool2d(2),
            torch.nn.Flatten(), torch.nn.Dropout(0.5), torch.nn.Linear(1600, 10)]).double()

    def forward(self, x):
        x = self.layers[1](torch.relu(self.layers[0](x)))
        x = self.layers[3](torch.relu(self.layers[2](x)))
        return torch.softmax(self.layers[6](self.layers[5](self.layers[4](x))), dim=1)

model = W4()
model.load_state_dict(load("w4.safetensors"))
model.eval()
io = load("w4-io.safetensors")
with torch.no_grad():
    y = model(io["x"])
err = (y - io["y"]).abs().max().item()
print("max |PyTorch - nn4j| =", err)
sys.exit(0 if err < 1e-12 else 1)
