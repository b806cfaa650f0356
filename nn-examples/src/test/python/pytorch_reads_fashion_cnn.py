"""Checks that a W4 network saved by nn4j loads into the PyTorch module the README shows, and predicts the
same. Reads safetensors with
safetensors_reader.py, beside it."""
import sys
import torch

from safetensors_reader import load

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
