"""The REST API's routes: /api/v1/<resource>/; each app contributes its viewsets here."""

from rest_framework.routers import DefaultRouter

from chancery.amnesty.api import CampaignViewSet, ListViewSet, ProposalViewSet
from chancery.casework.api import CaseListViewSet, SavedFilterViewSet
from chancery.core.api import (
    AccessProposalViewSet,
    AgencyViewSet,
    AuditEventViewSet,
    StaffViewSet,
    UnitViewSet,
)
from chancery.core.api_calendar import CalendarViewSet
from chancery.core.api_work import JobViewSet, NotificationViewSet
from chancery.diplomacy.api import CountryViewSet, EventViewSet, OrganisationViewSet, TreatyViewSet
from chancery.documents.api import IncomingViewSet, OutgoingViewSet
from chancery.honours.api import BatchViewSet, NominationViewSet
from chancery.legislation.api import DraftLawViewSet, StatuteViewSet
from chancery.petitions.api import PetitionViewSet
from chancery.programme.api import KeyTaskViewSet, MeetingViewSet, ProgrammeViewSet, ReportViewSet
from chancery.search.api import SearchViewSet

router = DefaultRouter()
router.register("units", UnitViewSet, basename="unit")
router.register("staff", StaffViewSet, basename="staff")
router.register("access-proposals", AccessProposalViewSet, basename="access-proposal")
router.register("audit-events", AuditEventViewSet, basename="audit-event")
router.register("calendar", CalendarViewSet, basename="calendar")
router.register("search", SearchViewSet, basename="search")
router.register("jobs", JobViewSet, basename="job")
router.register("notifications", NotificationViewSet, basename="notification")
router.register("lists", CaseListViewSet, basename="case-list")
router.register("saved-filters", SavedFilterViewSet, basename="saved-filter")
router.register("petitions", PetitionViewSet, basename="petition")
router.register("agencies", AgencyViewSet, basename="agency")
router.register("incoming-documents", IncomingViewSet, basename="incoming-document")
router.register("outgoing-documents", OutgoingViewSet, basename="outgoing-document")
router.register("honours-batches", BatchViewSet, basename="honours-batch")
router.register("nominations", NominationViewSet, basename="nomination")
router.register("amnesty-campaigns", CampaignViewSet, basename="amnesty-campaign")
router.register("amnesty-lists", ListViewSet, basename="amnesty-list")
router.register("amnesty-proposals", ProposalViewSet, basename="amnesty-proposal")
router.register("statutes", StatuteViewSet, basename="statute")
router.register("draft-laws", DraftLawViewSet, basename="draft-law")
router.register("countries", CountryViewSet, basename="country")
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("treaties", TreatyViewSet, basename="treaty")
router.register("foreign-events", EventViewSet, basename="foreign-event")
router.register("programmes", ProgrammeViewSet, basename="programme")
router.register("key-tasks", KeyTaskViewSet, basename="key-task")
router.register("meetings", MeetingViewSet, basename="meeting")
router.register("reports", ReportViewSet, basename="report")

# Record ids in paths are numbers of at most 18 digits (core.api_base.RecordViewSet); every route declares
# its pattern (core/tests: test_every_route_declares_the_pattern_of_its_keys).

urlpatterns = router.urls
