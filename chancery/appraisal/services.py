"""The one lifecycle of an appraised list (an honours batch and its nominees, an amnesty campaign and the
prisoners of its facilities' lists), written once:

- a list is imported as a job from an upload of the person's own; into a list that has rows only as the
  confirmation of a preview (`import_or_preview`, `confirm_import`, `start_import`);
- the appraisal is a job over every row, chunk by chunk (`Lifecycle.start_appraisal`, `run_appraisal`,
  `finish_appraisal`);
- a specialist overrides a verdict with a reason (`override_verdict`);
- the decision is submitted once every row has its final outcome (`check_decidable`), reopened with a
  reason (`reopen_appraisal`: its drafts withdrawn) and recorded once signed and issued (`record_decision`).

Each domain declares a `Lifecycle` (its models, its job kinds, its words) and a `ListRows` for its list, and
keeps only its rules, its columns and what a decision records of each row. Every step is one transaction
with its audit event."""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from chancery.casework import services as casework
from chancery.core import access, audit
from chancery.core.models import AuditAction

from . import importing, parallel, review
from .rows import each_chunk

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# --- importing a list ---------------------------------------------------------------------------------------


def import_or_preview(target: importing.ListRows, *, upload: Any, mapping: dict[str, int]) -> Any:
    """Import a list the person uploaded: into an empty list directly (the import job, returned); into one
    that has rows, a preview of what it would do (importing.Preview), changing nothing until
    `confirm_import`."""
    target.check_editable()
    preview, empty = importing.preview_list(
        target, batch_ref=target.ref, kind=target.kind, upload=upload, mapping=mapping
    )
    if empty:
        return start_import(target, upload=upload, mapping=mapping)
    return preview


def confirm_import(target: importing.ListRows, *, token: str, remove: bool = False) -> Any:
    """Import the list a preview showed, as it showed it: the same upload and mapping, into the list in the
    same state (else refused: preview again); the rows left out of the new list leave it only with
    `remove`. Returns the import job."""
    target.check_editable()
    upload, mapping, state = importing.confirmed_preview(
        target, token=token, batch_ref=target.ref, kind=target.kind, actor=target.actor
    )
    return start_import(target, upload=upload, mapping=mapping, expect=state, remove=remove)


def start_import(
    target: importing.ListRows,
    *,
    upload: Any,
    mapping: dict[str, int],
    expect: str = "",
    remove: bool = False,
) -> Any:
    """The import job of the list the person uploaded (`upload`, their own JobUpload for this kind of job).
    Into a list that has rows only as the confirmation of a preview (`expect`, the list's state then); the
    job itself refuses otherwise."""
    from chancery.core import jobs

    target.check_editable()
    if not expect and target.model.objects.filter(**target.scope()).exists():
        raise ValidationError(importing.NEEDS_PREVIEW)
    holder = target.holder
    params: dict[str, Any] = {target.param: holder.pk, "mapping": mapping}
    if expect:
        params["expect"] = expect
    if remove:
        params["remove"] = True
    job = jobs.start_job(
        actor=target.actor, kind=target.kind, params=params, label=target.job_label, upload=upload
    )
    type(holder).objects.filter(pk=holder.pk).update(import_job=job)
    return job


# --- the batch's lifecycle ----------------------------------------------------------------------------------


class Lifecycle(ABC):
    """One domain's appraised batches: which models, which job, which words; the steps are the same."""

    batch_model: Any  # an appraisal.models.AppraisedBatch
    row_model: Any  # an appraisal.models.AppraisedRow with verdict, override and outcome
    batch_field: str  # the row's foreign key to the batch ("batch", "campaign")
    person_field: str  # the row's foreign key to its person ("honoree", "prisoner")
    appraise_kind: str  # the appraisal's job kind
    verdict: Any  # the domain's Verdict choices (PENDING, PASS, REVIEW, FAIL)
    # the audit trail's words, in Vietnamese (the language of the Office's records)
    noun: str  # the batch in a sentence ("đợt đề nghị", "đợt đặc xá")
    case_noun: str  # a row in a sentence ("đề nghị", "trường hợp")
    met: str  # PASS in a count ("đạt", "đủ điều kiện")
    not_met: str  # FAIL in a count ("không đạt", "không đủ điều kiện")
    # what staff are told, whole sentences in the domain's words (gettext_lazy message ids)
    refused: StrOrPromise  # the person may not work on the batch
    refused_review: StrOrPromise  # the person may not appraise it or adjust its outcomes
    refused_record: StrOrPromise  # the person may not record its decision
    no_list: StrOrPromise  # it has no list to appraise yet
    undecided: StrOrPromise  # %(count)s rows still to review or to appraise stop the submission
    appraisal_label: StrOrPromise  # the appraisal job's label, with the batch's %(code)s

    # -- reading --

    def rows(self, batch: Any) -> QuerySet[Any]:
        return self.row_model.objects.filter(**{self.batch_field: batch})

    def counts_of(self, batch: Any) -> dict[str, int]:
        """Rows by outcome (what counts: the override if any, else the verdict)."""
        return dict(self.rows(batch).values_list("outcome").annotate(n=Count("pk")).order_by())

    def row_name(self, row: Any) -> str:
        """A row as the audit trail names it."""
        return f"dòng {row.row} ({getattr(row, self.person_field).name})"

    def check_change(self, actor: Any, batch: Any) -> None:
        if not access.can_change(actor, batch):
            raise PermissionDenied(str(self.refused))

    # -- the appraisal --

    def on_appraise(self, actor: Any, batch: Any) -> None:  # noqa: B027 (most domains do nothing)
        """What the domain does when the appraisal starts, in its transaction (amnesty freezes the terms)."""

    def start_appraisal(self, *, actor: Any, batch: Any) -> Any:
        """The appraisal of every row of the batch, as a job."""
        from chancery.core import jobs

        self.check_change(actor, batch)
        if not self.rows(batch).exists():
            raise ValidationError(str(self.no_list))
        with transaction.atomic():
            batch = casework.transition(actor=actor, case=batch, name="appraise")
            self.on_appraise(actor, batch)
            job = jobs.start_job(
                actor=actor,
                kind=self.appraise_kind,
                params={self.batch_field: batch.pk},
                label=str(self.appraisal_label) % {"code": batch.code},
            )
            self.batch_model.objects.filter(pk=batch.pk).update(appraisal_job=job)
        return job

    @abstractmethod
    def appraisal_rows(self, batch: Any) -> QuerySet[Any]:
        """The rows the appraisal reads, as a values queryset of what it reads of each, the primary key
        first (plain tuples: no model object per row)."""

    @abstractmethod
    def judge(self, batch: Any) -> Any:
        """The pure function the appraisal applies to each row's facts (the rule set in force, called per
        row): it may run in a helper process (`parallel.Split`), so it reads nothing from the database."""

    @abstractmethod
    def appraiser(self, batch: Any, split: parallel.Split) -> Any:
        """A function judging one chunk of the batch's rows (tuples of `appraisal_rows`) with `split.map`
        of `judge`, and storing each verdict (an override stays, and stays what counts)."""

    def run_appraisal(self, ctx: Any, *, chunk: int) -> dict[str, Any]:
        """The body of the appraisal job: every row, chunk by chunk from the last one committed (a retried
        job carries on), then the batch is appraised."""
        user = ctx.job.started_by
        batch = self.batch_model.objects.get(pk=ctx.params[self.batch_field])
        if user is None:
            raise PermissionDenied(str(self.refused))
        self.check_change(user, batch)
        started = time.perf_counter()
        rows = self.appraisal_rows(batch)
        with parallel.Split(self.judge(batch), size=rows.count()) as split:
            each_chunk(rows, self.appraiser(batch, split), ctx, size=chunk)
        seconds = float(ctx.job.result.get("seconds", 0)) if ctx.job.result else 0.0
        seconds += time.perf_counter() - started
        batch = self.finish_appraisal(actor=user, batch=batch, seconds=seconds)
        return {self.batch_field: batch.pk, "seconds": round(seconds, 2), **self.counts_of(batch)}

    def finish_appraisal(self, *, actor: Any, batch: Any, seconds: float) -> Any:
        with transaction.atomic():
            batch = casework.transition(actor=actor, case=batch, name="appraised")
            self.batch_model.objects.filter(pk=batch.pk).update(
                appraised_at=timezone.now(), appraisal_seconds=seconds
            )
            counts = self.counts_of(batch)
            passed, failed = counts.get(self.verdict.PASS, 0), counts.get(self.verdict.FAIL, 0)
            audit.record(
                action=AuditAction.UPDATE,
                actor=actor,
                subject=batch,
                message=(
                    f"Thẩm định xong {self.noun} {batch.code}: {passed} {self.met}, "
                    f"{counts.get(self.verdict.REVIEW, 0)} cần xem xét, {failed} {self.not_met} "
                    f"({seconds:.1f} giây)"
                ),
            )
        return batch

    # -- the review --

    def check_reviewing(self, actor: Any, batch: Any) -> None:
        if not access.can_change(actor, batch):
            raise PermissionDenied(str(self.refused_review))
        if batch.state != "appraised":
            raise ValidationError(
                gettext("Outcomes are adjusted only once the batch is appraised (it is “%(state)s”).")
                % {"state": batch.state_label}
            )

    @transaction.atomic
    def override_verdict(self, *, actor: Any, row: Any, outcome: str, reason: str) -> Any:
        """A specialist's verdict in place of the engine's, with the reason (kept in the audit trail); an
        empty `outcome` removes the override and the engine's verdict counts again."""
        batch = self.batch_model.objects.select_for_update().get(pk=getattr(row, f"{self.batch_field}_id"))
        self.check_reviewing(actor, batch)
        row = self.row_model.objects.select_for_update().select_related(self.person_field).get(pk=row.pk)
        before, reason = review.set_override(row, actor=actor, outcome=outcome, reason=reason)
        label = self.verdict
        audit.record(
            action=AuditAction.UPDATE,
            actor=actor,
            subject=batch,
            changes={"outcome": audit.choice_change(self.verdict, before, row.outcome)},
            message=(
                f"Điều chỉnh kết quả thẩm định {self.row_name(row)}: "
                f"{label(before).label} → {label(row.outcome).label}. Lý do: {reason}"
                if outcome
                else f"Bỏ điều chỉnh kết quả thẩm định {self.row_name(row)}"
            ),
        )
        return row

    # -- the decision --

    def lock(self, batch: Any) -> Any:
        return self.batch_model.objects.select_for_update(of=("self",)).get(pk=batch.pk)

    def check_decidable(self, batch: Any) -> None:
        """Every row has its final outcome: one still to review (or not appraised) stops the submission."""
        counts = self.counts_of(batch)
        undecided = counts.get(self.verdict.REVIEW, 0) + counts.get(self.verdict.PENDING, 0)
        if undecided:
            raise ValidationError(str(self.undecided) % {"count": undecided})

    document_fields: Sequence[str] = ("decision_document",)  # the drafts a submission makes

    @transaction.atomic
    def reopen_appraisal(self, *, actor: Any, batch: Any, reason: str) -> Any:
        """Back to the appraisal; the drafts of the submission that will not go on are withdrawn in the
        documents module (an issued one stays)."""
        from chancery.documents import services as documents

        if not reason.strip():
            raise ValidationError({"reason": gettext("Give the reason for reopening the appraisal.")})
        batch = casework.transition(actor=actor, case=batch, name="reopen", data={"reason": reason})
        for name in self.document_fields:
            document = getattr(batch, name)
            if document is not None and document.state not in ("issued", "withdrawn"):
                documents.withdraw_document(actor=actor, document=document, reason=reason)
            setattr(batch, name, None)
        self.batch_model.objects.filter(pk=batch.pk).update(**dict.fromkeys(self.document_fields))
        return batch

    @abstractmethod
    def record(self, batch: Any, document: Any) -> str:
        """What the issued decision records of each row (the honours history, the amnesties granted), once:
        recording again adds nothing. Returns what the audit line says of it."""

    @transaction.atomic
    def record_decision(self, *, actor: Any, batch: Any) -> Any:
        """After the decision is signed and issued: what it records of each row (`record`), and its number
        and date on the batch."""
        batch = (
            self.batch_model.objects.select_for_update(of=("self",))
            .select_related("decision_document")
            .get(pk=batch.pk)
        )
        if not access.can_change(actor, batch):
            raise PermissionDenied(str(self.refused_record))
        document = batch.decision_document
        if document is None or document.state != "issued" or document.issued_on is None:
            raise ValidationError(gettext("The decision has not been signed and issued yet."))
        recorded = self.record(batch, document)
        batch = casework.transition(actor=actor, case=batch, name="decide")
        self.batch_model.objects.filter(pk=batch.pk).update(
            decision_number=document.number_text, decided_on=document.issued_on
        )
        batch.decision_number, batch.decided_on = document.number_text, document.issued_on
        audit.record(
            action=AuditAction.UPDATE,
            actor=actor,
            subject=batch,
            message=(
                f"Ghi nhận Quyết định số {document.number_text} ngày {document.issued_on:%d/%m/%Y} "
                f"cho {self.noun} {batch.code}: {recorded}"
            ),
        )
        return batch
