"""A dashboard process on a free port, started as `make run` starts it; for browser tests and benchmarks."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from campaign.settings import PROJECT_DIR


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A dashboard process on a free port; stopped at the end of the test that started it."""

    def __init__(self, db_url: str, env: dict[str, str] | None = None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = open(Path(os.environ.get("TMPDIR", "/tmp")) / f"campaign-serve-{self.port}.log", "w")  # noqa: SIM115
        self.process = subprocess.Popen(
            [sys.executable, "-m", "campaign", "serve", "--headless", "--port", str(self.port)],
            cwd=PROJECT_DIR,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "DATABASE_URL": db_url, **(env or {})},
        )
        self.wait_healthy()

    def health(self) -> str:
        with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as response:
            return response.read().decode()

    def wait_healthy(self, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                if self.health() == "ok":
                    return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"server on {self.port} did not become healthy")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()
