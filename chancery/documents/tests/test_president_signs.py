"""What is issued in the President's name is signed by the President, or for the President by the Vice
President ("KT. CHỦ TỊCH NƯỚC" over "PHÓ CHỦ TỊCH NƯỚC"); the amnesty decision and the order promulgating a
law by the President himself; never by the Office's own leaders. Checked on the draft, in each module that
drafts such a document, on its forms and on its API."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from chancery.documents import rules, services
from chancery.documents.forms import PresidentSignerForm
from chancery.documents.selectors import office_signers, president_signers
from chancery.documents.tests.factories import Office, draft_data

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("position", "deputy", "signs"),
    [
        ("Chủ tịch nước", False, True),
        ("CHỦ TỊCH NƯỚC Cộng hòa xã hội chủ nghĩa Việt Nam", False, True),
        ("Phó Chủ tịch nước", True, True),
        ("Phó Chủ tịch nước", False, False),  # the amnesty decision, the order of promulgation
        ("Chủ nhiệm Văn phòng", True, False),
        ("Chủ nhiệm Văn phòng Chủ tịch nước", True, False),
        ("Phó Chủ nhiệm Văn phòng", True, False),
        ("", True, False),
    ],
)
def test_who_signs_for_the_president(position: str, deputy: bool, signs: bool) -> None:
    assert rules.signs_for_president(position, deputy=deputy) is signs
    problem = rules.issuer_signer_problem(rules.Issuer.PRESIDENT, position)
    assert (problem == "") is rules.signs_for_president(position)
    assert rules.issuer_signer_problem(rules.Issuer.OFFICE, position) == (
        "president_signs_office" if rules.signs_for_president(position) else ""
    )


def test_the_presidents_block_follows_who_signs() -> None:
    assert rules.president_signature_block("Chủ tịch nước") == "CHỦ TỊCH NƯỚC"
    block = rules.president_signature_block("Phó Chủ tịch nước")
    assert block == "KT. CHỦ TỊCH NƯỚC\nPHÓ CHỦ TỊCH NƯỚC"
    assert rules.signature_block_problem(block, "Phó Chủ tịch nước") == ""
    assert rules.signature_block_problem("CHỦ TỊCH NƯỚC", "Chủ tịch nước") == ""


@pytest.mark.parametrize(
    ("title", "position", "problem"),
    [
        ("CHỦ TỊCH NƯỚC", "Chủ nhiệm Văn phòng", "not_the_signers_title"),  # the examiner's case
        ("CHỦ NHIỆM", "Chủ tịch nước", "not_the_signers_title"),
        ("VỤ TRƯỞNG", "Vụ trưởng", ""),
        ("CHỦ NHIỆM", "Chủ nhiệm Văn phòng", ""),
        ("TL. CHỦ NHIỆM\nVỤ TRƯỞNG VỤ TƯ PHÁP", "Vụ trưởng", ""),  # another authority: not checked
        ("TM. HỘI ĐỒNG\nCHỦ TỊCH", "Chủ nhiệm Văn phòng", ""),
        ("CHỦ TỊCH NƯỚC", "", ""),  # no position on file: nothing to compare
    ],
)
def test_a_block_in_ones_own_name_carries_ones_own_title(title: str, position: str, problem: str) -> None:
    assert rules.signature_block_problem(title, position) == problem


@given(st.text(max_size=40))
def test_no_position_but_the_presidents_and_the_vice_presidents_signs_for_the_president(
    position: str,
) -> None:
    letters = " ".join(position.upper().split())
    if rules.signs_for_president(position):
        assert letters.startswith(("CHỦ TỊCH NƯỚC", "PHÓ CHỦ TỊCH NƯỚC"))


def test_the_office_head_may_not_be_drafted_to_sign_for_the_president(office: Office) -> None:
    with pytest.raises(ValidationError) as refused:
        services.create_draft(
            actor=office.specialist,
            data=draft_data(
                office,
                issuer="president",
                doc_type="quyet_dinh",
                signer=office.leader,
                signer_title="CHỦ NHIỆM",
            ),
        )
    assert "nhân danh Chủ tịch nước" in " ".join(refused.value.messages)
    services.create_draft(
        actor=office.specialist,
        data=draft_data(
            office,
            issuer="president",
            doc_type="quyet_dinh",
            signer=office.vice_president,
            signer_title="KT. CHỦ TỊCH NƯỚC\nPHÓ CHỦ TỊCH NƯỚC",
        ),
    )


def test_the_forms_offer_only_those_who_may_sign(office: Office) -> None:
    assert list(president_signers(deputy=True)) == [office.president, office.vice_president]
    assert list(president_signers(deputy=False)) == [office.president]
    assert office.leader in office_signers() and office.president not in office_signers()
    chosen = PresidentSignerForm({"signer": office.leader.pk})
    assert not chosen.is_valid() and "signer" in chosen.errors


def test_each_module_drafts_the_presidents_document_for_its_signer(office: Office) -> None:
    """Production: the honours, amnesty and promulgation services take the block from the rule and refuse
    a signer the rule refuses."""
    assert services.president_signature(office.president, deputy=False) == rules.president_signature_block(
        office.president.position
    )
    assert services.president_signature(office.vice_president, deputy=True) == (
        "KT. CHỦ TỊCH NƯỚC\nPHÓ CHỦ TỊCH NƯỚC"
    )
    for signer, deputy in ((office.vice_president, False), (office.leader, True), (office.deputy, True)):
        with pytest.raises(ValidationError) as refused:
            services.president_signature(signer, deputy=deputy)
        assert signer.full_name in " ".join(refused.value.messages)


def test_an_honours_decision_signed_by_the_vice_president_and_its_reply_by_the_office(
    office: Office, settings
) -> None:
    settings.CHANCERY_HONOURS_UNITS = (office.general.code,)  # the general department stands in for it
    from chancery.honours import services as honours
    from chancery.honours.models import Nomination, Verdict
    from chancery.honours.tests import factories

    h = factories.honours_in(office)
    batch = factories.make_batch(h, proposed_on=date(2025, 3, 10))
    factories.import_list(h, batch, factories.workbook([factories.good_row(1), factories.good_row(2)]))
    factories.appraise(h, batch)
    first, second = Nomination.objects.filter(batch=batch).order_by("row")
    honours.override_verdict(
        actor=h.specialist, nomination=first, outcome=Verdict.PASS, reason="Đã xem hồ sơ"
    )
    honours.override_verdict(
        actor=h.specialist, nomination=second, outcome=Verdict.FAIL, reason="Thiếu hồ sơ"
    )
    with pytest.raises(ValidationError):
        honours.prepare_decision(
            actor=h.specialist, batch=batch, signer=office.leader, reply_signer=office.deputy
        )
    with pytest.raises(ValidationError):  # the Office's reply is not the President's to sign
        honours.prepare_decision(
            actor=h.specialist, batch=batch, signer=office.vice_president, reply_signer=office.president
        )
    batch = honours.prepare_decision(
        actor=h.specialist, batch=batch, signer=office.vice_president, reply_signer=office.deputy
    )
    assert batch.decision_document is not None and batch.reply_document is not None
    assert batch.decision_document.signer == office.vice_president
    assert batch.decision_document.signer_title == "KT. CHỦ TỊCH NƯỚC\nPHÓ CHỦ TỊCH NƯỚC"
    assert batch.reply_document.signer == office.deputy
    assert batch.reply_document.signer_title == "KT. CHỦ NHIỆM\nPHÓ CHỦ NHIỆM"

    # the decision prints the block and the name of the one who signs it, and its annex fills the width
    import io

    from docx import Document

    version = batch.decision_document.versions.order_by("-version").first()
    assert version is not None
    printed = Document(io.BytesIO(version.file.read()))
    cells = [cell.text for table in printed.tables for row in table.rows for cell in row.cells]
    assert any("KT. CHỦ TỊCH NƯỚC" in text and office.vice_president.full_name in text for text in cells)
    annex = printed.tables[-1]
    assert annex.rows[0].cells[0].text == "STT"
    assert annex.columns[0].width < annex.columns[1].width / 5


@pytest.mark.parametrize(
    ("issuer", "doc_type", "block", "position", "refused"),
    [
        ("president", "lenh", "KT. CHỦ TỊCH NƯỚC\nPHÓ CHỦ TỊCH NƯỚC", "Phó Chủ tịch nước", True),  # F1
        ("president", "quyet_dinh", "PHÓ CHỦ TỊCH NƯỚC", "Phó Chủ tịch nước", True),  # F3
        ("president", "quyet_dinh", "TM. CHỦ TỊCH NƯỚC", "Phó Chủ tịch nước", True),
        ("president", "quyet_dinh", "KT. CHỦ NHIỆM\nPHÓ CHỦ TỊCH NƯỚC", "Phó Chủ tịch nước", True),
        ("president", "quyet_dinh", "CHỦ", "Chủ tịch nước", True),
        ("president", "quyet_dinh", "", "Chủ tịch nước", True),
        ("president", "quyet_dinh", "CHỦ TỊCH NƯỚC\nCHỦ NHIỆM VĂN PHÒNG", "Chủ tịch nước", True),
        ("president", "quyet_dinh", "CHỦ TỊCH NƯỚC", "Phó Chủ tịch nước", True),  # not the signer's
        (
            "president",
            "quyet_dinh",
            "K\u200bT. CHỦ TỊCH NƯỚC\nPHÓ  chủ tịch nước",
            "Phó Chủ tịch nước",
            False,
        ),
        ("president", "lenh", "CHỦ TỊCH NƯỚC", "Chủ tịch nước", False),
        ("office", "cong_van", "KT. CHỦ TỊCH NƯỚC\nPHÓ CHỦ NHIỆM", "Phó Chủ nhiệm Văn phòng", True),  # F4
        ("office", "cong_van", "TL. CHỦ TỊCH NƯỚC\nPHÓ CHỦ NHIỆM", "Phó Chủ nhiệm Văn phòng", True),
        ("office", "cong_van", "TUQ. CHỦ TỊCH NƯỚC\nVỤ TRƯỞNG", "Vụ trưởng", True),
        ("office", "cong_van", "CHỦ TỊCH NƯỚC", "", True),
        ("office", "cong_van", "TL. CHỦ NHIỆM\nVỤ TRƯỞNG VỤ TƯ PHÁP", "Vụ trưởng", False),
        ("office", "cong_van", "KT. CHỦ NHIỆM\nPHÓ CHỦ NHIỆM", "Phó Chủ nhiệm Văn phòng", False),
    ],
)
def test_the_block_fits_the_issuer_and_the_signer(
    issuer: str, doc_type: str, block: str, position: str, refused: bool
) -> None:
    """The second examiner's blocks (issue 30): a President's document only under the President's blocks, an
    order under the President's own, the Office's never under the President's."""
    assert bool(rules.issuer_block_problem(issuer, doc_type, block, position)) is refused


def test_an_order_and_an_office_letter_refuse_the_wrong_signer_on_save(office: Office) -> None:
    with pytest.raises(ValidationError):  # an order is the President's own
        services.create_draft(
            actor=office.specialist,
            data=draft_data(
                office,
                issuer="president",
                doc_type="lenh",
                signer=office.vice_president,
                signer_title="KT. CHỦ TỊCH NƯỚC\nPHÓ CHỦ TỊCH NƯỚC",
            ),
        )
    with pytest.raises(ValidationError):  # the Office's letter is not the President's to sign
        services.create_draft(
            actor=office.specialist,
            data=draft_data(office, signer=office.president, signer_title="CHỦ TỊCH NƯỚC"),
        )


def test_a_position_typed_alone_does_not_make_a_signer_for_the_president(office: Office) -> None:
    from chancery.core import services as core_services

    with pytest.raises(ValidationError):  # a leader's position is changed by two people (F5)
        core_services.update_staff(actor=office.admin, staff=office.deputy, position="Chủ tịch nước")
    office.specialist.position = "Chủ tịch nước"  # an account without the leadership role
    office.specialist.save(update_fields=["position"])
    with pytest.raises(ValidationError) as refused:
        services.create_draft(
            actor=office.head,
            data=draft_data(office, issuer="president", doc_type="quyet_dinh", signer=office.specialist),
        )
    assert "signer" in refused.value.message_dict


def test_the_signer_is_checked_again_on_issue(office: Office) -> None:
    from chancery.documents.tests.factories import approved

    document = approved(office, issuer="president", doc_type="quyet_dinh")
    services.send_for_signature(actor=office.specialist, document=document)
    type(office.president).objects.filter(pk=office.president.pk).update(position="Nguyên Chủ tịch nước")
    with pytest.raises(ValidationError):  # F6: no longer the President
        services.issue_document(actor=office.president, document=document)


def test_a_file_made_draft_keeps_its_file_when_its_particulars_change(office: Office) -> None:
    """F2: changing the urgency of a module's decision made the empty template what would be issued."""
    from chancery.documents import layout
    from chancery.documents.tests.test_layout import values

    content = layout.render_docx(layout.default_template(), values())
    document = services.draft_from_file(
        actor=office.specialist,
        data=draft_data(office, issuer="president", doc_type="quyet_dinh", body=""),
        content=content,
        name="quyet-dinh.docx",
    )
    services.update_draft(
        actor=office.specialist,
        document=document,
        data=draft_data(office, issuer="president", doc_type="quyet_dinh", body="", urgency=2),
    )
    latest = document.versions.order_by("-version").first()
    assert latest is not None and not latest.from_template and latest.name == "quyet-dinh.docx"
    assert document.versions.count() == 2  # no new version made from the template
    document.refresh_from_db()
    assert document.urgency == 2


def test_a_version_uploaded_after_the_signer_approved_is_not_issued(office: Office) -> None:
    """F7: the signer approved v1; v2 uploaded during the review was issued."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from chancery.documents import layout
    from chancery.documents.tests.factories import draft
    from chancery.documents.tests.test_layout import values

    document = draft(office)
    services.submit_for_approval(actor=office.specialist, document=document, reviewers=[])
    services.decide_step(actor=office.leader, document=document, approve=True)
    document.refresh_from_db()
    assert document.state == "approved"
    services.send_for_signature(actor=office.specialist, document=document)
    type(document).objects.filter(pk=document.pk).update(state="reviewing")  # as if uploaded in review
    services.upload_version(
        actor=office.specialist,
        document=document,
        upload=SimpleUploadedFile("v2.docx", layout.render_docx(layout.default_template(), values())),
    )
    type(document).objects.filter(pk=document.pk).update(state="signing")
    with pytest.raises(ValidationError):
        services.issue_document(actor=office.leader, document=document)


def test_a_signature_block_is_kept_as_it_is_printed(office: Office) -> None:
    """The examiner of issue 30: a block typed in small letters was stored and printed as typed."""
    from chancery.documents.tests.factories import draft

    document = draft(office, signer=office.deputy, signer_title="  k.t chủ   nhiệm\n\nphó chủ nhiệm ")
    assert document.signer_title == "KT. CHỦ NHIỆM\nPHÓ CHỦ NHIỆM"
    president = draft(office, issuer="president", doc_type="quyet_dinh", signer_title="chủ tịch nước")
    assert president.signer_title == "CHỦ TỊCH NƯỚC"


def test_only_a_leader_or_a_head_of_unit_signs_whatever_the_path(office: Office) -> None:
    """The examiner of issue 30: through the API a specialist named herself signer and issued her letter."""
    from chancery.documents.tests.factories import draft

    for person in (office.specialist, office.clerk):
        with pytest.raises(ValidationError) as refused:
            draft(office, signer=person, signer_title="CHUYÊN VIÊN CHÍNH")
        assert "không có thẩm quyền ký" in str(refused.value.message_dict["signer"])


def test_an_order_is_the_presidents_own_in_name_and_signature(office: Office) -> None:
    from chancery.documents.tests.factories import draft

    with pytest.raises(ValidationError) as office_order:
        draft(office, doc_type="lenh")
    assert "Lệnh" in str(office_order.value.message_dict["doc_type"])
    with pytest.raises(ValidationError) as deputy:
        draft(
            office,
            issuer="president",
            doc_type="lenh",
            signer=office.vice_president,
            signer_title="KT. CHỦ TỊCH NƯỚC\nPHÓ CHỦ TỊCH NƯỚC",
        )
    assert "Lệnh do Chủ tịch nước trực tiếp ký" in str(deputy.value.message_dict["signer"])


def test_only_the_signer_returns_a_document_awaiting_signature(office: Office) -> None:
    from django.core.exceptions import PermissionDenied

    from chancery.documents.tests.factories import approved

    document = approved(office, issuer="president", doc_type="quyet_dinh")
    services.send_for_signature(actor=office.specialist, document=document)
    for other in (office.deputy, office.leader, office.vice_president):
        with pytest.raises(PermissionDenied):
            services.refuse_signature(actor=other, document=document, reason="Sửa lại Điều 2")
    returned = services.refuse_signature(actor=office.president, document=document, reason="Sửa lại Điều 2")
    assert returned.state == "drafting"


@pytest.mark.parametrize(
    "typed",
    [
        "kt. chủ nhiệm phó chủ nhiệm",
        "KT. CHỦ NHIỆM / PHÓ CHỦ NHIỆM",
        "KT CHỦ NHIỆM/PHÓ CHỦ NHIỆM",
        "KT. CHỦ NHIỆM | PHÓ CHỦ NHIỆM",
        "KT. CHỦ NHIỆM-PHÓ CHỦ NHIỆM",
        "KT. CHỦ NHIỆM – PHÓ CHỦ NHIỆM",
    ],
)
def test_a_block_typed_on_one_line_is_kept_on_its_two_lines(office: Office, typed: str) -> None:
    """The examiner of issue 30: the form's own example, typed as shown, printed with its slash."""
    from chancery.documents.tests.factories import draft

    assert (
        draft(office, signer=office.deputy, signer_title=typed).signer_title == "KT. CHỦ NHIỆM\nPHÓ CHỦ NHIỆM"
    )


def test_a_block_with_markup_is_refused(office: Office) -> None:
    from chancery.documents.tests.factories import draft

    for typed in ("<b>CHỦ NHIỆM</b>", "CHỦ NHIỆM {{ signer_name }}"):
        with pytest.raises(ValidationError) as refused:
            draft(office, signer_title=typed)
        assert "signer_title" in refused.value.message_dict


def test_the_issue_panel_is_offered_to_the_signer_and_the_clerk_only(office: Office) -> None:
    from chancery.core.tests.factories import signed_in
    from chancery.documents.tests.factories import approved

    document = approved(office, issuer="president", doc_type="quyet_dinh")
    services.send_for_signature(actor=office.specialist, document=document)
    shown = {
        person.username: 'data-testid="issue-panel"'
        in signed_in(person).get(document.get_absolute_url()).content.decode()
        for person in (office.president, office.clerk, office.vice_president, office.deputy)
    }
    assert shown == {"chutich": True, "vanthu": True, "phochutich": False, "phochunhiem": False}
    returning = signed_in(office.deputy).get(document.get_absolute_url()).content.decode()
    assert (
        "outgoing_refuse" not in returning and f"/documents/outgoing/{document.pk}/refuse/" not in returning
    )
