"""MY광양: `uv run main.py` starts the backend (SQLite, seeded demo data) and the app.

Flags: --port, --host, --api-url URL (use a remote backend), --backend-only, --web, --kiosk,
--no-partner-demo (or MYG_PARTNER_DEMO=0), --verbose (or MYG_VERBOSE=1).
Commands: `backup FILE [--force]`, `restore FILE` (myg_app/server/backup.py).
"""

from myg_app.launcher import run

if __name__ == "__main__":
    run()
