"""Files: written readable by their owner only, folders made and remembered (so a failed restore removes
them), the stored files walked and copied with their digest."""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from chancery.ops.backup.layout import CHUNK, SKIPPED_FILES


def _private_file(path: Path) -> None:
    """Create an empty file only its owner can read, before anything is written into it."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def _write_private(path: Path, data: bytes) -> None:
    os.replace(_write_temporary(path, data), path)


def _write_temporary(path: Path, data: bytes) -> Path:
    """`data` written whole into a new private file beside `path` (mode 0600); its name is returned."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".partial-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return Path(temporary)


def _make_private(root: Path) -> None:
    """Folders 0700 and files 0600 under `root`, whatever the umask made them."""
    root.chmod(0o700)
    for folder, folders, names in os.walk(root):
        for name in folders:
            (Path(folder) / name).chmod(0o700)
        for name in names:
            (Path(folder) / name).chmod(0o600)


def _make_folders(folder: Path, made: list[Path]) -> None:
    """`folder` and its missing parents, each 0700; the ones made are appended to `made`."""
    missing = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for path in reversed(missing):
        path.mkdir(mode=0o700)
        made.append(path)


def _stored_files(root: Path) -> Iterator[tuple[str, Path]]:
    if not root.exists():
        return
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.name.startswith((".chancery-restore-", ".partial-")):
            relative = path.relative_to(root).as_posix()
            if not relative.startswith(SKIPPED_FILES) and not relative.startswith(".chancery-restore-"):
                yield relative, path


def _copy_file(source: Path, target: Path) -> str:
    """Copy under a temporary name in the target folder, then rename: a reader never sees half a file.
    Returns the SHA-256 of what was written."""
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".chancery-restore-")
    try:
        with os.fdopen(handle, "wb") as out, source.open("rb") as src:
            while block := src.read(CHUNK):
                digest.update(block)
                out.write(block)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return digest.hexdigest()
