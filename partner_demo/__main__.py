"""uv run python -m partner_demo --discovery URL [--port 8601]

`uv run main.py` already runs this demo next to the app (see background.py); run it by hand
only with `--no-partner-demo` / MYG_PARTNER_DEMO=0, or against another provider."""
from __future__ import annotations

import argparse
import os

from partner_demo.background import quiet_imports


def main() -> None:
    p = argparse.ArgumentParser(prog="partner_demo")
    p.add_argument("--discovery", default=os.environ.get(
        "PARTNER_DISCOVERY_URL", "http://127.0.0.1:8550/.well-known/openid-configuration"))
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8601)
    args = p.parse_args()
    quiet_imports()
    import uvicorn

    from partner_demo.app import clients_from_env, create_app

    print(f"데모 제휴 사이트: http://{args.host}:{args.port}/library/ (discovery {args.discovery})",
          flush=True)
    uvicorn.run(create_app(args.discovery, clients_from_env()), host=args.host, port=args.port,
                log_level="warning")


if __name__ == "__main__":
    main()
