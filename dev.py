"""Set up nnapp in a local virtual environment, then start it or test it.

    python3 dev.py start [ARGS...]   install what is missing, start the window
    python3 dev.py test [PYTEST ARGS...]
                                     install what is missing, run the whole
                                     test suite (layer contracts included)

Only the Python standard library is needed to run this file. Everything else
is installed into ``.venv`` beside it from ``pyproject.toml``; a stamp file
remembers what was installed so later runs start at once.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"


def venv_python() -> Path:
    if os.name == "nt":
        return VENV / "Scripts" / "python.exe"
    return VENV / "bin" / "python"


def ensure_environment(extra: str) -> Path:
    """Create ``.venv`` and install nnapp with ``extra`` if not done yet."""
    if sys.version_info < (3, 11):
        sys.exit("nnapp needs Python 3.11 or newer; this is " + sys.version.split()[0])
    python = venv_python()
    if not python.exists():
        print("Creating the virtual environment in .venv ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    stamp = VENV / f"nnapp-installed-{extra or 'app'}.txt"
    if not stamp.exists() or stamp.read_text() != digest:
        target = f".[{extra}]" if extra else "."
        print(f"Installing nnapp and its dependencies ({target}) ...", flush=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", "-e", target],
            cwd=ROOT,
            check=True,
        )
        stamp.write_text(digest)
    return python


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"start", "test"}:
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    if command == "start":
        python = ensure_environment("")
        return subprocess.run([str(python), str(ROOT / "main.py"), *rest], cwd=ROOT).returncode
    python = ensure_environment("test")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    # The layer contracts (import-linter) run as a test: tests/test_layers.py.
    return subprocess.run([str(python), "-m", "pytest", *rest], cwd=ROOT, env=env).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
