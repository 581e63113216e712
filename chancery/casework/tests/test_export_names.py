"""Files named after a Vietnamese title keep its đ as d: "Đơn khiếu nại" gives "don-khieu-nai-…xlsx", not
"on-khieu-nai-…" (Django's slugify drops đ, which decomposes to no Latin letter). Every such name is made by
chancery.core.text.slug."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

from chancery.core.models import Job, RoleCode
from chancery.core.tests.factories import UnitFactory, make_staff
from chancery.core.tests.protected.models import Complaint
from chancery.core.text import slug

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("Sổ đăng ký Đơn thư", "so-dang-ky-don-thu"),
        ("Đơn khiếu nại", "don-khieu-nai"),
        ("  Quyết định 266/2025/QĐ-CTN ", "quyet-dinh-266-2025-qd-ctn"),
        ("Ñandú — ĐẶC XÁ", "nandu-dac-xa"),
        ("……", ""),
    ],
)
def test_a_title_as_a_file_name_keeps_d_for_đ(title, name):
    assert slug(title) == name


@pytest.mark.django_db
def test_the_list_export_is_named_after_its_title_with_đ_as_d(
    settings, tmp_path, django_capture_on_commit_callbacks
) -> None:
    settings.MEDIA_ROOT = tmp_path
    unit = UnitFactory.create()
    Complaint.objects.create(title="Khiếu nại", owning_unit=unit)
    client = Client()
    client.force_login(make_staff("cv", unit=unit, roles=(RoleCode.SPECIALIST,)))
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/lists/complaints/export/", {"query": ""})  # the list "Đơn khiếu nại"
    job = Job.objects.get(kind="list_export")
    assert re.fullmatch(r"don-khieu-nai-\d{8}-\d{4}\.xlsx", job.result["filename"])
    download = client.get(f"/jobs/{job.pk}/file/")
    assert f'filename="{job.result["filename"]}"' in download["Content-Disposition"]


def test_no_module_gives_django_s_slugify_a_title():
    """The class of the bug: slugify on Vietnamese drops đ. Names are made by core.text.slug only."""
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in [*ROOT.rglob("*.py"), *ROOT.rglob("*.html")]
        if "tests" not in path.parts
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if re.search(r"\bslugify\b\s*\(|\|\s*slugify\b|import slugify|\bslugify\b,", line)
    ]
    assert found == []
