"""/api/v1/amnesty-campaigns/, /api/v1/amnesty-lists/, /api/v1/amnesty-proposals/: a campaign from its terms
to the decision over the API, through the same services as the pages (and the same access policy: only the
amnesty unit, the leadership and the council see prisoners). Long work answers 202 with the job to follow at
/api/v1/jobs/{id}/."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from chancery.appraisal.api import ListImportActions
from chancery.core.api_base import RecordViewSet
from chancery.core.api_errors import number_param
from chancery.core.api_work import JobSerializer
from chancery.core.models import RoleCode, User

from . import intake, rules, selectors, services
from .models import Campaign, CouncilOpinion, Facility, Proposal, ProposalList, Verdict


def _articles(value: list[str]) -> list[str]:
    """A list of articles of the Criminal Code as codes (rules.check_articles); the first entry that is not
    an article is named."""
    try:
        return list(rules.check_articles(value))
    except rules.ArticleError as error:
        raise serializers.ValidationError(str(error)) from error


def _articles_field(**kwargs: Any) -> serializers.ListField:
    return serializers.ListField(
        child=serializers.CharField(max_length=40),
        help_text="articles of the Criminal Code: “173”, “217a”, “251.2” for clause 2 (1 to 426)",
        **kwargs,
    )


class GroupSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=200, help_text="the group as the decision names it")
    fraction = serializers.CharField(help_text="as 2/5")
    articles = _articles_field(required=False, default=list)

    def validate_articles(self, value: list[str]) -> list[str]:
        return _articles(value)

    def validate_fraction(self, value: str) -> str:
        try:
            return str(rules.parse_fraction(value))
        except (ValueError, ZeroDivisionError) as error:
            raise serializers.ValidationError(
                gettext("Write a fraction such as 1/3, 0.25 or 25%.")
            ) from error

    min_months = serializers.IntegerField(min_value=0, required=False, default=0)


def _rest(group: dict[str, Any]) -> dict[str, Any]:
    return {"articles": group.get("articles", []), "min_months": group.get("min_months", 0)}


class QuarterBandSerializer(serializers.Serializer[Any]):
    up_to_months = serializers.IntegerField(min_value=1, max_value=600, allow_null=True, required=False)
    quarters = serializers.IntegerField(min_value=1, max_value=40)


class TermsSerializer(serializers.Serializer[Any]):
    """The terms of the President's decision on the amnesty (rules.Terms)."""

    reference_date = serializers.DateField()
    kinds = serializers.ListField(child=serializers.ChoiceField(choices=list(rules.KINDS)), min_length=1)
    fraction = serializers.CharField(help_text="part of a fixed term served, as 1/3")
    life_years = serializers.IntegerField(min_value=1, max_value=30)
    groups = GroupSerializer(many=True, required=False, default=list)
    special_cases = serializers.ListField(child=serializers.ChoiceField(choices=list(rules.SPECIAL_CASES)))
    special_fraction = serializers.CharField()
    special_life_years = serializers.IntegerField(min_value=1, max_value=30)
    excluded_articles = _articles_field()
    corruption_articles = _articles_field()
    max_prior_convictions = serializers.IntegerField(min_value=0, max_value=10)
    special_amnesty = serializers.BooleanField(default=False)
    special_reason = serializers.CharField(required=False, allow_blank=True, default="")
    reductions = serializers.ChoiceField(
        choices=list(rules.REDUCTION_RULES),
        default=rules.REDUCTIONS_DEDUCTED,
        help_text="reductions deducted from what remains (the 2025 guidance) or added to time served",
    )
    quarter_bands = QuarterBandSerializer(many=True, required=False, default=list)
    life_quarters = serializers.IntegerField(min_value=0, max_value=40, default=0)

    def _fraction(self, value: str) -> str:
        try:
            return str(rules.parse_fraction(value))
        except (ValueError, ZeroDivisionError) as error:
            raise serializers.ValidationError(
                gettext("Write a fraction such as 1/3, 0.25 or 25%.")
            ) from error

    def validate_fraction(self, value: str) -> str:
        return self._fraction(value)

    def validate_special_fraction(self, value: str) -> str:
        return self._fraction(value)

    def validate_excluded_articles(self, value: list[str]) -> list[str]:
        return _articles(value)

    def validate_corruption_articles(self, value: list[str]) -> list[str]:
        return _articles(value)

    def terms(self) -> rules.Terms:
        data = dict(self.validated_data)
        data["reference_date"] = data["reference_date"].isoformat()
        data["groups"] = [
            {"label": g["name"], "fraction": str(rules.parse_fraction(g["fraction"])), **_rest(g)}
            for g in data["groups"]
        ]
        return rules.Terms.from_dict(data)


class CampaignSerializer(serializers.ModelSerializer[Campaign]):
    state_label = serializers.CharField(read_only=True)
    code = serializers.CharField(read_only=True)
    terms = serializers.SerializerMethodField()
    counts = serializers.SerializerMethodField()

    class Meta:
        model = Campaign
        fields = (
            "id",
            "code",
            "title",
            "basis",
            "reference_date",
            "terms",
            "frozen_at",
            "state",
            "state_label",
            "appraisal_job",
            "appraisal_seconds",
            "decision_document",
            "decision_number",
            "decided_on",
            "counts",
        )
        read_only_fields = fields

    def get_terms(self, campaign: Campaign) -> dict[str, Any]:
        return campaign.rule_terms.as_dict()

    def get_counts(self, campaign: Campaign) -> dict[str, int]:
        return services.counts_of(campaign)


class OpenCampaignSerializer(serializers.Serializer[Any]):
    title = serializers.CharField(max_length=300)
    basis = serializers.CharField(max_length=200)
    reference_date = serializers.DateField()


class ListSerializer(serializers.ModelSerializer[ProposalList]):
    facility_name = serializers.CharField(source="facility.name", read_only=True)

    class Meta:
        model = ProposalList
        fields = (
            "id",
            "campaign",
            "facility",
            "facility_name",
            "submission_reference",
            "received_on",
            "import_job",
        )
        read_only_fields = ("id", "campaign", "facility_name", "import_job")


class OpenListSerializer(serializers.Serializer[Any]):
    facility = serializers.PrimaryKeyRelatedField(queryset=Facility.objects.filter(is_active=True))
    received_on = serializers.DateField()
    submission_reference = serializers.CharField(max_length=80, required=False, default="")


class ProposalSerializer(serializers.ModelSerializer[Proposal]):
    name = serializers.CharField(source="prisoner.name", read_only=True)
    facility = serializers.CharField(source="plist.facility.name", read_only=True)

    class Meta:
        model = Proposal
        fields = (
            "id",
            "campaign",
            "facility",
            "row",
            "name",
            "kind",
            "term_months",
            "articles",
            "special",
            "verdict",
            "override",
            "override_reason",
            "outcome",
            "summary",
            "council",
            "council_note",
            "decided",
            "findings",
        )
        read_only_fields = fields


class ProposalOverrideSerializer(serializers.Serializer[Any]):
    outcome = serializers.ChoiceField(choices=Verdict.choices, allow_blank=True)
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class CouncilSerializer(serializers.Serializer[Any]):
    opinion = serializers.ChoiceField(choices=CouncilOpinion.choices, allow_blank=True)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class SignerSerializer(serializers.Serializer[Any]):
    signer = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True, roles__code=RoleCode.LEADERSHIP).distinct()
    )


class CampaignViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, RecordViewSet[Campaign]):
    """Amnesty campaigns the caller may see."""

    serializer_class = CampaignSerializer

    def get_queryset(self) -> QuerySet[Campaign]:
        return selectors.visible_campaigns(self.request.user).order_by("-reference_date", "-id")

    def _campaign(self) -> Campaign:
        campaign = selectors.get_campaign(self.request.user, int(self.kwargs["pk"]))
        if campaign is None:
            raise Http404
        return campaign

    def _done(self, campaign: Campaign) -> Response:
        """The campaign as it is after the action (read again through the selector: the reader's view)."""
        return Response(CampaignSerializer(selectors.get_campaign(self.request.user, campaign.pk)).data)

    @extend_schema(request=OpenCampaignSerializer, responses={201: CampaignSerializer})
    def create(self, request: Request) -> Response:
        """Open a campaign with the law's terms; set the decision's with `terms`."""
        payload = OpenCampaignSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        campaign = services.create_campaign(actor=request.user, **payload.validated_data)
        return Response(CampaignSerializer(campaign).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=TermsSerializer, responses=CampaignSerializer)
    @action(detail=True, methods=["put"])
    def terms(self, request: Request, pk: str) -> Response:
        """Replace the terms (before the appraisal starts; audited)."""
        payload = TermsSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        return self._done(
            services.update_terms(actor=request.user, campaign=self._campaign(), terms=payload.terms())
        )

    @extend_schema(request=OpenListSerializer, responses={201: ListSerializer})
    @action(detail=True, methods=["post"])
    def lists(self, request: Request, pk: str) -> Response:
        """Receive a facility's list (then import its workbook at /api/v1/amnesty-lists/{id}/import/)."""
        payload = OpenListSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        plist = services.open_list(actor=request.user, campaign=self._campaign(), **payload.validated_data)
        return Response(ListSerializer(plist).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={202: JobSerializer})
    @action(detail=True, methods=["post"])
    def appraise(self, request: Request, pk: str) -> Response:
        """Appraise every prisoner of the campaign (a job); the terms are frozen from then on."""
        job = services.start_appraisal(actor=request.user, campaign=self._campaign())
        return Response(JobSerializer(job).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(request=SignerSerializer, responses=CampaignSerializer)
    @action(detail=True, methods=["post"], url_path="prepare-decision")
    def prepare_decision(self, request: Request, pk: str) -> Response:
        """The draft decision with its annex per facility, as an outgoing document that goes on at
        /api/v1/outgoing-documents/{id}/."""
        payload = SignerSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        campaign = services.prepare_decision(
            actor=request.user, campaign=self._campaign(), signer=payload.validated_data["signer"]
        )
        return self._done(campaign)

    @extend_schema(request=None, responses=CampaignSerializer)
    @action(detail=True, methods=["post"], url_path="record-decision")
    def record_decision(self, request: Request, pk: str) -> Response:
        """Once the decision is issued: each prisoner's outcome, and the amnesty into their record."""
        return self._done(services.record_decision(actor=request.user, campaign=self._campaign()))

    @extend_schema(
        parameters=[
            OpenApiParameter("outcome", str, enum=list(Verdict.values)),
            OpenApiParameter("facility", int),
            OpenApiParameter("after", int, description="the last id of the previous page"),
        ],
        responses=ProposalSerializer(many=True),
    )
    @action(detail=True, methods=["get"])
    def proposals(self, request: Request, pk: str) -> Response:
        """The campaign's prisoners, a page of 100 after the id `after`."""
        campaign = self._campaign()
        outcome = request.query_params.get("outcome", "")
        if outcome and outcome not in Verdict.values:
            raise serializers.ValidationError({"outcome": gettext("The outcome is not valid.")})
        after = number_param(request.query_params, "after") or 0  # whole numbers within the ids' range
        facility = number_param(request.query_params, "facility")
        rows = selectors.proposals_page(campaign, outcome=outcome, facility=facility, after=after)
        page = rows[: selectors.PAGE]
        return Response(
            {
                "results": ProposalSerializer(page, many=True).data,
                "next_after": page[-1].pk if len(rows) > selectors.PAGE else None,
            }
        )


class ListViewSet(ListImportActions, mixins.RetrieveModelMixin, RecordViewSet[ProposalList]):
    """A facility's list in a campaign the caller may see."""

    serializer_class = ListSerializer
    import_kind = "amnesty_import"
    import_columns = intake.COLUMNS

    def import_target(self, request: Request) -> services.PrisonerList:
        return services.PrisonerList(actor=request.user, plist=self.get_object())

    def get_queryset(self) -> QuerySet[ProposalList]:
        return ProposalList.objects.filter(
            campaign__in=selectors.visible_campaigns(self.request.user)
        ).select_related("facility")


class ProposalViewSet(mixins.RetrieveModelMixin, RecordViewSet[Proposal]):
    """One prisoner with every condition's finding."""

    serializer_class = ProposalSerializer

    def get_queryset(self) -> QuerySet[Proposal]:
        return Proposal.objects.filter(
            campaign__in=selectors.visible_campaigns(self.request.user)
        ).select_related("prisoner", "plist__facility")

    def _fresh(self, proposal: Proposal) -> Response:
        return Response(ProposalSerializer(self.get_queryset().get(pk=proposal.pk)).data)

    @extend_schema(request=ProposalOverrideSerializer, responses=ProposalSerializer)
    @action(detail=True, methods=["post"])
    def override(self, request: Request, pk: str) -> Response:
        """Set another outcome with its reason (audited); an empty outcome removes it."""
        payload = ProposalOverrideSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        return self._fresh(
            services.override_verdict(
                actor=request.user, proposal=self.get_object(), **payload.validated_data
            )
        )

    @extend_schema(request=CouncilSerializer, responses=ProposalSerializer)
    @action(detail=True, methods=["post"])
    def council(self, request: Request, pk: str) -> Response:
        """The advisory council's opinion on this prisoner (audited)."""
        payload = CouncilSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        return self._fresh(
            services.record_council_opinion(
                actor=request.user, proposal=self.get_object(), **payload.validated_data
            )
        )
