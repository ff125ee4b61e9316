"""Benchmark of the offline bundle: folder size and the bundled ``--self-test`` start-to-exit time.

    .venv/bin/python tests/benchmarks/bench_bundle.py               # builds into a temp folder
    .venv/bin/python tests/benchmarks/bench_bundle.py --app dist/zmdhelp --runs 9

Goals (issue 6): the Linux folder <= 130 MB; the median start-to-exit of ``--self-test`` <= 0.7 s
with the search index already cached (a front desk starts the program many times a day; the first
start after installing also builds the index and is reported separately). Prints numbers; it
does not fail on a missed goal (speed depends on the machine), except when the self-test fails.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SIZE_GOAL_MB = 130
TIME_GOAL_S = 0.7


def du_mb(folder: Path) -> int:
    """Size as ``du -sm`` reports it (blocks in use, symlinks counted as links)."""
    out = subprocess.run(["du", "-sm", str(folder)], capture_output=True, text=True, check=True).stdout
    return int(out.split()[0])


def build(out: Path) -> Path:
    cmd = [
        sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
        "--distpath", str(out / "dist"), "--workpath", str(out / "build"),
        str(REPO / "resources" / "bundle" / "zmdhelp.spec"),
    ]
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, cwd=REPO)
    print(f"build: {time.perf_counter() - t0:.1f} s")
    return out / "dist" / "zmdhelp"


def run_once(exe: Path, home: Path) -> tuple[float, dict]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update(QT_QPA_PLATFORM="offscreen", ZMDHELP_HOME=str(home))
    t0 = time.perf_counter()
    proc = subprocess.run([str(exe), "--self-test"], capture_output=True, text=True, env=env, timeout=120)
    elapsed = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"self-test failed (exit {proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return elapsed, json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--app", type=Path, help="an existing bundle folder (default: build one)")
    parser.add_argument("--runs", type=int, default=7, help="warm runs (at least 5)")
    args = parser.parse_args()
    runs = max(args.runs, 5)

    tmp = Path(tempfile.mkdtemp(prefix="zmdhelp-bench-"))
    try:
        app = args.app.resolve() if args.app else build(tmp)
        exe = app / ("zmdhelp.exe" if os.name == "nt" else "zmdhelp")
        size = du_mb(app)
        home = tmp / "home"
        cold, cold_json = run_once(exe, home)
        warm = [run_once(exe, home) for _ in range(runs)]
        times = [t for t, _ in warm]
        shown = [j["timings"].get("window_shown_since_process_start_ms") for _, j in warm]
        shown = [s for s in shown if s is not None]
        median = statistics.median(times)
        print(f"bundle:      {app}")
        print(f"size:        {size} MB (du -sm; goal <= {SIZE_GOAL_MB} MB) {'OK' if size <= SIZE_GOAL_MB else 'OVER'}")
        print(f"first start: {cold:.3f} s start to exit (builds the search index)")
        print(
            f"self-test:   median {median:.3f} s start to exit over {runs} runs "
            f"(min {min(times):.3f}, max {max(times):.3f}; goal <= {TIME_GOAL_S} s) "
            f"{'OK' if median <= TIME_GOAL_S else 'OVER'}"
        )
        if shown:
            print(f"window:      shown {statistics.median(shown):.0f} ms after process start (median)")
        steps = {k: statistics.median(j["timings"][k] for _, j in warm) for k in warm[0][1]["timings"] if all(isinstance(j["timings"].get(k), (int, float)) for _, j in warm)}
        print("in-process:  " + ", ".join(f"{k} {v:.0f}" for k, v in steps.items()))
        print(json.dumps({"size_mb": size, "first_start_s": round(cold, 3), "median_s": round(median, 3), "runs": [round(t, 3) for t in times]}))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
