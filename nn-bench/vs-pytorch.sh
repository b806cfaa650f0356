#!/bin/bash
# W4 (the Keras MNIST convnet) and W5 (an LSTM over Fashion-MNIST rows) in nn4j and in PyTorch on this
# machine, one after the other in the same run, then the ratios the convolution and recurrent issues ask for.
# Run from the repository root after
#   mvn -q -DskipTests package
# Usage: nn-bench/vs-pytorch.sh [--workloads w4,w5] [--data DIR] [--cnn-steps N] [--lstm-steps N]
#            [--torch-lstm-steps N] [--repeat R]
#   (PyTorch: Debian's python3-torch; --repeat runs the whole comparison R times and prints the medians)
set -euo pipefail
data=../shared/data/fashion-mnist
workloads=w4,w5
cnn_steps=60
lstm_steps=60
torch_lstm_steps=100
repeat=1
while [ $# -gt 0 ]; do
  case "$1" in
    --workloads) workloads="$2"; shift 2 ;;
    --data) data="$2"; shift 2 ;;
    --cnn-steps) cnn_steps="$2"; shift 2 ;;
    --lstm-steps) lstm_steps="$2"; shift 2 ;;
    --torch-lstm-steps) torch_lstm_steps="$2"; shift 2 ;;
    --repeat) repeat="$2"; shift 2 ;;
    *) echo "Unknown option $1" >&2; exit 2 ;;
  esac
done
out=$(mktemp)
trap 'rm -f "$out"' EXIT
for run in $(seq 1 "$repeat"); do
  [ "$repeat" -gt 1 ] && echo "=== run $run of $repeat"
  for w in ${workloads//,/ }; do
    case "$w" in
      w4)
        java --add-modules jdk.incubator.vector -jar nn-bench/target/nn-bench.jar w4 --cnn-steps "$cnn_steps" --data "$data" 2>/dev/null | tee -a "$out"
        echo
        /usr/bin/python3 nn-bench/src/main/python/w4_pytorch.py --data "$data" --threads "$(nproc)" | tee -a "$out" ;;
      w5)
        java --add-modules jdk.incubator.vector -jar nn-bench/target/nn-bench.jar w5 --lstm-steps "$lstm_steps" --data "$data" 2>/dev/null | tee -a "$out"
        echo
        /usr/bin/python3 nn-bench/src/main/python/w5_pytorch.py --data "$data" --threads "$(nproc)" --steps "$torch_lstm_steps" | tee -a "$out" ;;
      *) echo "Unknown workload $w: w4 or w5" >&2; exit 2 ;;
    esac
    echo
  done
done
/usr/bin/python3 - "$out" <<'PY'
import json, statistics, sys
rows = [json.loads(line.split("RESULT ", 1)[1]) for line in open(sys.argv[1]) if "RESULT {" in line]
for r in rows:
    r.setdefault("workload", "w4")   # w4_pytorch.py predates the key
    r.setdefault("library", "pytorch")
    r["single_ms"] = r.get("single_image_ms", r.get("single_sequence_ms"))
def median(workload, library, key, value):
    """The median over the runs of `value` for the rows of one workload, library and backend or dtype."""
    values = [r[value] for r in rows if r["workload"] == workload and r["library"] == library and r.get(key[0]) == key[1]]
    return statistics.median(values) if values else None
for w in sorted({r["workload"] for r in rows}):
    one = "image" if w == "w4" else "sequence"
    runs = sum(1 for r in rows if r["workload"] == w and r["library"] == "pytorch" and r["dtype"] == "float64")
    print(f"{w.upper()}: medians over {runs} run(s)")
    t64, t32 = ({k: median(w, "pytorch", ("dtype", d), k) for k in ("train_samples_per_s", "infer_samples_per_s", "single_ms")}
                for d in ("float64", "float32"))
    for backend in sorted({r["backend"] for r in rows if r["workload"] == w and r["library"] == "nn4j"}):
        n = {k: median(w, "nn4j", ("backend", backend), k) for k in ("train_samples_per_s", "infer_samples_per_s", "single_ms")}
        print(f"  nn4j {backend} (float64): {n['train_samples_per_s']:.0f} training samples/s, "
              f"{n['infer_samples_per_s']:.0f} inference samples/s, {n['single_ms']:.3f} ms per {one}")
        for name, t in (("float64", t64), ("float32", t32)):
            if t["train_samples_per_s"]:
                print(f"    vs PyTorch {name} ({t['train_samples_per_s']:.0f}/s training, {t['infer_samples_per_s']:.0f}/s inference, "
                      f"{t['single_ms']:.3f} ms): training {n['train_samples_per_s'] / t['train_samples_per_s']:.2f}x, "
                      f"inference {n['infer_samples_per_s'] / t['infer_samples_per_s']:.2f}x, "
                      f"single {one} {t['single_ms'] / n['single_ms']:.2f}x as fast")
PY
