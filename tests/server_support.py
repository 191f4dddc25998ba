"""Real servers in tests (gunicorn on loopback): a free port, waiting until one answers, stopping it."""

import socket
import subprocess
import time

import requests


def free_port() -> int:
    """A TCP port free on loopback now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def answering(url: str, process: subprocess.Popen, timeout: float = 90.0) -> bool:
    """Poll ``url`` until it answers below 500; False if the process died or ``timeout`` seconds passed."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if requests.get(url, timeout=30).status_code < 500:
                return True
        except requests.RequestException:
            time.sleep(0.3)
        if process.poll() is not None:
            return False
    return False


def stop(process: subprocess.Popen) -> None:
    """Terminate the server; kill it if it has not ended within 20 seconds."""
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
