"""The wheel carries grammars/query.lark and the installed command parses.

Builds the wheel, installs it into a fresh virtual environment (reusing the
test environment's packages, so no network is needed) and runs the command.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

ROOT = Path(__file__).parents[1]


def test_wheel_installs_and_parses(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(dist),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = dist.glob("querylang-*.whl")
    assert "querylang/grammars/query.lark" in zipfile.ZipFile(wheel).namelist()

    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    bindir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    python = bindir / "python"
    # The dependencies (lark, typer, ...) come from the test environment through
    # a .pth file, so no network is needed; the new environment's own
    # site-packages comes first on sys.path, so the wheel's querylang wins
    # over any editable install of the checkout.
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    Path(site, "test-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--no-deps",
            "--no-index",
            "--quiet",
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH"}}
    result = subprocess.run(
        [str(bindir / "querylang"), "parse", "-q", "ti:(asthma OR wheez*) AND year:2013-2023"],
        cwd=outside,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "Field ti" in result.stdout
    located = subprocess.run(
        [str(python), "-c", "import querylang.parser as p; print(p.grammar_path())"],
        cwd=outside,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert str(env_dir) in located.stdout
