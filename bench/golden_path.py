"""Benchmark: N complete golden paths, C at a time, through HTTP (a thin CLI over
bench/lifecycles.py, which does the work: see its docstring for what is measured and how).

    uv run --frozen python bench/golden_path.py --mode embedded --lifecycles 40 --concurrency 8
    uv run --frozen python bench/golden_path.py --mode kafka    --lifecycles 40 --concurrency 8
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from lifecycles import measure, print_results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mode", choices=["embedded", "kafka"], default="embedded")
    parser.add_argument("--lifecycles", type=int, default=40)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--tight-polling", action="store_true",
                        help="poll instead of long polling (the client before the long poll)")
    args = parser.parse_args()
    print_results(measure(args.mode, [(args.lifecycles, args.concurrency)],
                          long_poll=not args.tight_polling))


if __name__ == "__main__":
    main()
