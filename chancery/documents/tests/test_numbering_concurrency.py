"""Many clerks at once on PostgreSQL: every document gets its own number, the register has no gap and no number
twice (NĐ 30/2020/NĐ-CP Art. 15). Each request runs in its own thread with its own connection, as web
workers do; a barrier releases them together so that they really race for the register."""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import partial
from typing import Any

import pytest
from django.db import connection, connections

from chancery.core.models import Role, RoleCode
from chancery.documents import services
from chancery.documents.models import DocumentNumber, IncomingDocument, OutgoingDocument
from chancery.documents.tests.factories import approved, incoming_data, make_office

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks under real concurrency: PostgreSQL"
    ),
]

WORKERS = 24


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture(autouse=True)
def _roles() -> None:
    """The roles the migrations made: a transactional test before this one flushed them with every table."""
    for code in RoleCode.values:
        Role.objects.get_or_create(code=code)


def race(tasks: list[Callable[[], Any]]) -> list[BaseException]:
    """Run the tasks in threads released at the same instant; the errors they raised."""
    barrier = threading.Barrier(len(tasks))
    errors: list[BaseException] = []

    def run(task: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            task()
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(task,)) for task in tasks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


def test_parallel_signatures_never_share_a_number() -> None:
    office = make_office()
    documents = [approved(office) for _ in range(WORKERS)]
    errors = race(
        [
            partial(services.send_for_signature, actor=office.specialist, document=document)
            for document in documents
        ]
    )
    assert errors == []
    numbers = sorted(DocumentNumber.objects.values_list("number", flat=True))
    assert numbers == list(range(1, WORKERS + 1))
    texts = OutgoingDocument.objects.values_list("number_text", flat=True)
    assert len(set(texts)) == WORKERS


def test_parallel_issues_and_cancellations_keep_the_register_whole() -> None:
    office = make_office()
    documents = [approved(office) for _ in range(WORKERS)]
    for document in documents:
        services.send_for_signature(actor=office.specialist, document=document)

    def settle(index: int, document: OutgoingDocument) -> None:
        if index % 3 == 0:
            services.refuse_signature(actor=office.leader, document=document, reason="Sửa lại")
        else:
            services.issue_document(actor=office.leader, document=document)

    errors = race([partial(settle, i, d) for i, d in enumerate(documents)])
    assert errors == []
    register = list(DocumentNumber.objects.order_by("number").values_list("number", "status"))
    assert [n for n, _ in register] == list(range(1, WORKERS + 1))
    assert sum(1 for _, status in register if status == "cancelled") == WORKERS // 3
    # the returned documents come back and take the next numbers, never a cancelled one
    again = [d for i, d in enumerate(documents) if i % 3 == 0]
    for document in again:
        services.submit_for_approval(actor=office.specialist, document=document, reviewers=[])
        services.decide_step(actor=office.leader, document=document, approve=True)
    errors = race([partial(services.send_for_signature, actor=office.specialist, document=d) for d in again])
    assert errors == []
    numbers = list(DocumentNumber.objects.order_by("number").values_list("number", flat=True))
    assert numbers == list(range(1, WORKERS + len(again) + 1))


def test_parallel_registrations_get_consecutive_arrival_numbers() -> None:
    office = make_office()
    errors = race(
        [
            partial(
                services.register_incoming,
                actor=office.clerk,
                data=incoming_data(office, reference=f"{i}/BNV-VP", issued_on=None),
            )
            for i in range(WORKERS)
        ]
    )
    assert errors == []
    numbers = sorted(IncomingDocument.objects.values_list("arrival_number", flat=True))
    assert numbers == list(range(1, WORKERS + 1))
