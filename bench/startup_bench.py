"""Frozen start-up: LeadTemp's time to its first painted main window, as a ratio to a frozen bare
QMainWindow built with the same recipe (``packaging/bare_window.spec``). Target: at most 1.5x.

Both executables run with ``LEADTEMP_STARTUP_PROBE=1`` (``packaging/startup_probe.py``): each prints
a marker once its first main window has been painted and exits. The time is wall-clock from
launching the process to reading the marker, so it includes the bootloader, Python, imports, Qt
start-up, opening the database and building the window. Runs alternate between the two programs
after one warm-up run each (so both read their files from the page cache); medians are reported.

    make package && make bench-startup     # or: python -m bench.startup_bench --runs 9
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "packaging"))

from startup_probe import MARKER, PROBE_ENV  # noqa: E402

TARGET_RATIO = 1.5
TIMEOUT_SECONDS = 60.0
EXE_SUFFIX = ".exe" if sys.platform == "win32" else ""


def _default_exe(name: str) -> Path:
    if sys.platform == "darwin":
        return ROOT / "dist" / f"{name}.app" / "Contents" / "MacOS" / name
    return ROOT / "dist" / name / f"{name}{EXE_SUFFIX}"


def build_baseline() -> None:
    """Build dist/BareWindow with PyInstaller (the app itself comes from ``make package``)."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--log-level",
            "WARN",
            "--distpath",
            str(ROOT / "dist"),
            "--workpath",
            str(ROOT / "build" / "bare_window"),
            str(ROOT / "packaging" / "bare_window.spec"),
        ],
        check=True,
        cwd=ROOT,
    )


def time_to_first_paint(exe: Path, env: dict[str, str]) -> float:
    """Seconds from launching ``exe`` to its first-paint marker."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [str(exe)], env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    assert process.stdout is not None
    try:
        for line in process.stdout:
            if line.strip() == MARKER:
                elapsed = time.perf_counter() - started
                process.wait(timeout=TIMEOUT_SECONDS)
                return elapsed
            if time.perf_counter() - started > TIMEOUT_SECONDS:
                break
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    raise RuntimeError(f"{exe} exited without reporting a painted window (status {process.returncode})")


def _environment(folder: Path) -> dict[str, str]:
    from leadtemp.demo import create_demo_database

    database = create_demo_database(folder / "startup.db")
    env = dict(os.environ)
    env[PROBE_ENV] = "1"
    env["LEADTEMP_DB"] = str(database)
    # Window geometry and other settings go to a throw-away folder, not the user's.
    env["XDG_CONFIG_HOME"] = str(folder / "config")
    env["XDG_DATA_HOME"] = str(folder / "data")
    has_display = env.get("DISPLAY") or env.get("WAYLAND_DISPLAY") or sys.platform in ("win32", "darwin")
    if not has_display:
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
    return env


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs per program (at least 5)")
    parser.add_argument("--app", type=Path, default=_default_exe("LeadTemp"))
    parser.add_argument("--baseline", type=Path, default=_default_exe("BareWindow"))
    parser.add_argument("--rebuild-baseline", action="store_true", help="rebuild dist/BareWindow first")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args(argv)
    if args.runs < 5:
        parser.error("--runs must be at least 5")
    if not args.app.exists():
        parser.error(f"{args.app} is missing: run `make package` first")
    if args.rebuild_baseline or not args.baseline.exists():
        build_baseline()

    with tempfile.TemporaryDirectory(prefix="leadtemp-startup-") as folder:
        env = _environment(Path(folder))
        programs = {"app": args.app, "baseline": args.baseline}
        for exe in programs.values():
            time_to_first_paint(exe, env)
        times: dict[str, list[float]] = {name: [] for name in programs}
        for _ in range(args.runs):
            for name, exe in programs.items():
                times[name].append(time_to_first_paint(exe, env))

    app_median = statistics.median(times["app"])
    baseline_median = statistics.median(times["baseline"])
    ratio = app_median / baseline_median
    result = {
        "runs": args.runs,
        "platform": env.get("QT_QPA_PLATFORM", "native"),
        "app_median_ms": round(app_median * 1000, 1),
        "baseline_median_ms": round(baseline_median * 1000, 1),
        "ratio": round(ratio, 2),
        "target_ratio": TARGET_RATIO,
        "app_ms": [round(t * 1000, 1) for t in times["app"]],
        "baseline_ms": [round(t * 1000, 1) for t in times["baseline"]],
    }
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(f"frozen start-up to first painted window, median of {args.runs} runs ({result['platform']})")
        print(f"  LeadTemp     {result['app_median_ms']:8.1f} ms   {result['app_ms']}")
        print(f"  bare window  {result['baseline_median_ms']:8.1f} ms   {result['baseline_ms']}")
        extra = result["app_median_ms"] - result["baseline_median_ms"]
        print(f"  LeadTemp adds {extra:6.1f} ms to a bare window's start-up")
        verdict = "within" if ratio <= TARGET_RATIO else "OVER"
        print(f"  ratio        {ratio:8.2f}x   ({verdict} the {TARGET_RATIO}x target)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
