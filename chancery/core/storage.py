"""The file storage of stored records: Django's file-system storage, except that a file is written under a
temporary name, flushed to disk, and only then given its name. A write that fails half-way (a full disk, a
killed process) leaves no partial file under a name a record could point to, and the temporary file is
removed when the failure is seen.

A file written inside a database transaction belongs to it: it is removed again if that transaction (or the
savepoint it was written in) is rolled back. An upload refused after it was stored (the third file of a
submission is not a document, the record's audit event cannot be written, the request fails later on) leaves
nothing behind, whichever service stored it.

Stored files are the office's records (the secret register's exports among them): a file is readable by its
owner only (FILE_UPLOAD_PERMISSIONS, 0600 unless set otherwise) and each folder made for one is too
(FILE_UPLOAD_DIRECTORY_PERMISSIONS, 0700), whatever the process's umask."""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import tempfile
import weakref
from typing import Any

from django.core.files.storage import FileSystemStorage, Storage
from django.db import transaction
from django.utils.deconstruct import deconstructible

logger = logging.getLogger(__name__)

PARTIAL_PREFIX = ".partial-"
PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700
STORAGE_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}


def is_storage_full(error: BaseException) -> bool:
    return isinstance(error, OSError) and error.errno in STORAGE_FULL


def _write(out: Any, chunk: bytes) -> None:
    out.write(chunk)


def _remove_unless_committed(storage: Storage, name: str, outcome: dict[str, bool]) -> None:
    if outcome["committed"]:
        return
    try:
        storage.delete(name)
    except OSError:
        logger.warning("A file written by a transaction that was rolled back could not be removed: %s", name)


def discard_on_rollback(storage: Storage, name: str) -> None:
    """Remove the stored file `name` if the transaction it is written in does not commit.

    Django runs a callback on commit and drops the callbacks of a transaction or savepoint that rolls back;
    it has no hook for the rollback itself. So the commit callback records the commit, and the file is
    removed when that callback is released without having run (at once, by reference counting, when the
    rollback drops it). Outside a transaction the write is final and nothing is registered."""
    if not transaction.get_connection().in_atomic_block:
        return
    outcome = {"committed": False}

    def committed() -> None:
        outcome["committed"] = True

    transaction.on_commit(committed)
    weakref.finalize(committed, _remove_unless_committed, storage, name, outcome)


def make_folders(directory: str, mode: int) -> None:
    """`directory` and each missing parent made with `mode` (os.makedirs gives parents the umask's mode)."""
    missing = []
    while not os.path.isdir(directory):
        missing.append(directory)
        parent = os.path.dirname(directory)
        if parent == directory:
            break
        directory = parent
    for path in reversed(missing):
        with contextlib.suppress(FileExistsError):  # another process made it: the same mode
            os.mkdir(path, mode)
            os.chmod(path, mode)


@deconstructible
class SafeFileSystemStorage(FileSystemStorage):
    def _save(self, name: str, content: Any) -> str:
        full_path = self.path(name)
        directory = os.path.dirname(full_path)
        make_folders(directory, self.directory_permissions_mode or PRIVATE_FOLDER)
        handle, partial = tempfile.mkstemp(dir=directory, prefix=PARTIAL_PREFIX)
        try:
            with os.fdopen(handle, "wb") as out:
                if hasattr(content, "seek") and content.seekable():
                    content.seek(0)
                for chunk in content.chunks():
                    _write(out, chunk if isinstance(chunk, bytes) else chunk.encode())
                out.flush()
                os.fsync(out.fileno())
            os.chmod(partial, self.file_permissions_mode or PRIVATE_FILE)
            while True:
                try:
                    os.link(partial, full_path)  # fails, rather than replacing, if the name is taken
                    break
                except FileExistsError:
                    name = self.get_available_name(name)
                    full_path = self.path(name)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(partial)
        stored = os.path.relpath(full_path, self.location).replace("\\", "/")
        discard_on_rollback(self, stored)
        return stored
