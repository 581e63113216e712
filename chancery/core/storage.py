"""The file storage of stored records: Django's file-system storage, except that a file is written under a
temporary name, flushed to disk, and only then given its name. A write that fails half-way (a full disk, a
killed process) leaves no partial file under a name a record could point to, and the temporary file is
removed when the failure is seen."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from typing import Any

from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible

PARTIAL_PREFIX = ".partial-"
STORAGE_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}


def is_storage_full(error: BaseException) -> bool:
    return isinstance(error, OSError) and error.errno in STORAGE_FULL


def _write(out: Any, chunk: bytes) -> None:
    out.write(chunk)


@deconstructible
class SafeFileSystemStorage(FileSystemStorage):
    def _save(self, name: str, content: Any) -> str:
        full_path = self.path(name)
        directory = os.path.dirname(full_path)
        os.makedirs(directory, exist_ok=True)
        handle, partial = tempfile.mkstemp(dir=directory, prefix=PARTIAL_PREFIX)
        try:
            with os.fdopen(handle, "wb") as out:
                if hasattr(content, "seek") and content.seekable():
                    content.seek(0)
                for chunk in content.chunks():
                    _write(out, chunk if isinstance(chunk, bytes) else chunk.encode())
                out.flush()
                os.fsync(out.fileno())
            os.chmod(partial, self.file_permissions_mode or 0o644)
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
        return os.path.relpath(full_path, self.location).replace("\\", "/")
