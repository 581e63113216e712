"""The REST API's routes: /api/v1/<resource>/; each app contributes its viewsets here."""

from rest_framework.routers import DefaultRouter

from chancery.core.api import AuditEventViewSet, StaffViewSet, UnitViewSet

router = DefaultRouter()
router.register("units", UnitViewSet, basename="unit")
router.register("staff", StaffViewSet, basename="staff")
router.register("audit-events", AuditEventViewSet, basename="audit-event")

urlpatterns = router.urls
