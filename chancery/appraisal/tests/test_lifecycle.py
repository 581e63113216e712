"""The one lifecycle of an appraised list (appraisal.services, appraisal.models, appraisal.decision): honours
and amnesty run their steps through it, not through copies of their own."""

import io
from typing import Any, cast

import pytest
from docx import Document

from chancery.amnesty import jobs as amnesty_jobs
from chancery.amnesty import services as amnesty
from chancery.amnesty.models import Campaign, Proposal
from chancery.appraisal import decision, importing
from chancery.appraisal import services as lifecycle
from chancery.appraisal.models import AppraisedBatch, AppraisedRow
from chancery.core import jobs
from chancery.documents import drafting
from chancery.honours import jobs as honours_jobs
from chancery.honours import services as honours
from chancery.honours.models import HonoursBatch, Nomination


def _steps(model):
    return {(t.name, tuple(sorted(t.sources)), t.target) for t in model.workflow.transitions}


def test_both_batches_follow_the_same_steps_from_their_first_state():
    assert issubclass(HonoursBatch, AppraisedBatch) and issubclass(Campaign, AppraisedBatch)
    assert issubclass(Nomination, AppraisedRow) and issubclass(Proposal, AppraisedRow)
    rename = {HonoursBatch.workflow.initial: "first", Campaign.workflow.initial: "first"}

    def named(model):
        return {(n, tuple(sorted(rename.get(s, s) for s in sources)), t) for n, sources, t in _steps(model)}

    assert named(HonoursBatch) == named(Campaign)


@pytest.mark.parametrize(
    ("domain", "batch_model", "row_model", "appraise", "module"),
    [
        (honours, HonoursBatch, Nomination, "honours_appraise", honours_jobs),
        (amnesty, Campaign, Proposal, "amnesty_appraise", amnesty_jobs),
    ],
)
def test_each_domain_declares_its_lifecycle_and_its_job_runs_it(
    domain, batch_model, row_model, appraise, module, monkeypatch
):
    assert module.CHUNK > 0
    assert isinstance(domain.LIFECYCLE, lifecycle.Lifecycle)
    assert (domain.LIFECYCLE.batch_model, domain.LIFECYCLE.row_model) == (batch_model, row_model)
    assert domain.LIFECYCLE.appraise_kind == appraise and appraise in jobs.REGISTRY
    ran: list[object] = []

    def run(self: object, ctx: object, chunk: int) -> dict[str, object]:
        ran.append(ctx)
        return {}

    monkeypatch.setattr(type(domain.LIFECYCLE), "run_appraisal", run)
    context = object()
    jobs.REGISTRY[appraise].handler(cast(Any, context))
    assert ran == [context]


@pytest.mark.parametrize("target", [honours.NomineeList, amnesty.PrisonerList])
def test_each_list_says_how_its_import_is_started(target):
    assert issubclass(target, importing.ListRows)
    assert target.kind in jobs.REGISTRY and jobs.REGISTRY[target.kind].upload == "xlsx"
    assert target.param in jobs.REGISTRY[target.kind].params


def test_the_annex_is_numbered_on_across_its_parts_under_the_presidents_decision():
    content = decision.docx(
        decision.Decision(
            title="Về việc thử",
            bases=["Căn cứ Luật Thử;"],
            consideration="Xét đề nghị của Thủ tướng Chính phủ,",
            grants="Tặng thưởng cho 3 cá nhân.",
            executes="Các cơ quan thi hành Quyết định này.",
            copies=["Như Điều 3;"],
            annex_title="DANH SÁCH THỬ",
            columns=("Họ và tên",),
        ),
        [decision.Part("NHÓM MỘT", [("An",), ("Bình",)]), decision.Part("NHÓM HAI", [("Chi",)])],
        drafting.template_bytes("quyet_dinh"),
    )
    document = Document(io.BytesIO(content))
    text = "\n".join(p.text for p in document.paragraphs)
    for line in (
        "Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;",
        "Căn cứ Luật Thử;",
        "Điều 1. Tặng thưởng cho 3 cá nhân.",
        "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.",
        "Điều 3. Các cơ quan thi hành Quyết định này.",
        "I. NHÓM MỘT",
        "II. NHÓM HAI",
    ):
        assert line in text
    numbers = [row.cells[0].text for table in document.tables for row in table.rows[1:] if row.cells]
    assert [n for n in numbers if n.isdigit()][-3:] == ["1", "2", "3"]
