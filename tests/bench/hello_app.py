"""Minimal Flet hello-world web app: the baseline for bench_startup.py.

    python tests/bench/hello_app.py --port 8600

Served the same way as the real app's UI (web, no CDN, same assets dir with the bundled font).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import flet as ft

ASSETS = Path(__file__).resolve().parents[2] / "assets"


def main(page: ft.Page) -> None:
    page.add(ft.Semantics(content=ft.Text("hello"), identifier="hello"))


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    args = ap.parse_args()
    ft.run(main, view=ft.AppView.WEB_BROWSER, host="127.0.0.1", port=args.port,
           assets_dir=str(ASSETS), no_cdn=True)
