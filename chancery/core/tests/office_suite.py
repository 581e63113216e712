"""Opening what Chancery writes as staff would, with LibreOffice (Debian's, installed by .ci/run): a
workbook read back as the text LibreOffice shows, a document rendered to PDF."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

# CSV as LibreOffice Calc writes it: comma, double quote, UTF-8 (character set 76).
CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76"

needs_libreoffice = pytest.mark.skipif(
    shutil.which("libreoffice") is None, reason="LibreOffice is not installed"
)


def convert(source: Path, target: str) -> Path:
    """`source` converted by LibreOffice (`target`: "pdf", or a filter such as CSV_FILTER) beside it, with a
    profile of its own so that runs side by side do not share one."""
    subprocess.run(
        [
            "libreoffice",
            f"-env:UserInstallation=file://{source.parent}/.libreoffice-profile",
            "--headless",
            "--convert-to",
            target,
            "--outdir",
            str(source.parent),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return source.with_suffix("." + target.split(":", 1)[0])


def shown_as_csv(workbook: Path) -> str:
    """The cells of the workbook's first sheet as LibreOffice shows them, as CSV text."""
    return convert(workbook, CSV_FILTER).read_text(encoding="utf-8")
