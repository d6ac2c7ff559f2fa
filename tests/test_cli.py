import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_arena_cli_maps_hyphenated_commands_to_django(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "arena.cli", "load-reference", "--help"],
        cwd=ROOT,
        env={
            "PYTHONPATH": str(ROOT / "src"),
            "ARENA_VAR_DIR": str(tmp_path),
            "PATH": "/usr/bin:/bin",
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "--data-dir" in result.stdout
