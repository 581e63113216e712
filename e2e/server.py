"""A real Chancery server for the browser: its own SQLite database and files in a temporary folder, the demo
office, the cases of e2e/seed.py, the web server and a background worker, as `make run` starts them. Used by
the browser tests and by bench/honours_ui.py."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def environment(workdir: Path) -> dict[str, str]:
    """The environment of a server whose database and files are in `workdir`."""
    env = {
        **os.environ,
        "CHANCERY_DEBUG": "1",
        "CHANCERY_VAR_DIR": str(workdir),
        "DJANGO_SETTINGS_MODULE": "e2e.settings",
    }
    env.pop("DATABASE_URL", None)
    return env


@contextmanager
def chancery_server(demo: Sequence[str], workdir: Path | None = None) -> Iterator[str]:
    """Set up a fresh office with `chancery demo *demo` in `workdir` (a temporary folder, removed after, by
    default), serve it, and yield its address."""
    owned = workdir is None
    workdir = workdir or Path(tempfile.mkdtemp(prefix="chancery-e2e-"))
    env = environment(workdir)
    chancery = [sys.executable, "-m", "chancery"]
    processes: list[subprocess.Popen[bytes]] = []
    try:
        subprocess.run([*chancery, "migrate", "--no-input", "-v0"], env=env, check=True)
        subprocess.run([*chancery, "demo", *demo], env=env, check=True, stdout=subprocess.DEVNULL)
        subprocess.run([*chancery, "shell", "-c", "import e2e.seed"], env=env, check=True)
        port = _free_port()
        for command in (
            ["runserver", "--noreload", f"127.0.0.1:{port}"],
            # background jobs run on the database backend's worker, as in `make run`
            ["db_worker", "--interval", "0.2", "--no-startup-delay"],
        ):
            processes.append(
                subprocess.Popen(
                    [*chancery, *command], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
                )
            )
        url = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{url}/login/", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError("the Chancery server did not start")
        yield url
    finally:
        for child in processes:
            child.terminate()
            child.wait(timeout=10)
        if owned:
            shutil.rmtree(workdir, ignore_errors=True)
