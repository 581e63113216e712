from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from chancery.core import api_errors
from chancery.petitions.urls import public_urlpatterns


def favicon(request: HttpRequest) -> HttpResponsePermanentRedirect:
    """What a browser asks for on a page that names no icon (the admin screens): the office's own."""
    return HttpResponsePermanentRedirect(static("chancery/favicon.svg"))


urlpatterns = [
    path("favicon.ico", favicon),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("chancery.api")),
    # The API's description is for the office's staff and integrators, not for anyone on the network.
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "api/docs/",
        login_required(SpectacularSwaggerSplitView.as_view(url_name="api-schema")),
        name="api-docs",
    ),
    re_path(r"^api/", api_errors.not_found),
    path("search/", include("chancery.search.urls")),
    path("lists/", include("chancery.casework.urls")),
    path("opinions/", include("chancery.casework.urls_opinions")),
    path("petitions/", include("chancery.petitions.urls")),
    path("documents/", include("chancery.documents.urls")),
    path("honours/", include("chancery.honours.urls")),
    path("amnesty/", include("chancery.amnesty.urls")),
    path("laws/", include("chancery.legislation.urls")),
    path("foreign/", include("chancery.diplomacy.urls")),
    path("programme/", include("chancery.programme.urls")),
    path("cong-dan/", include((public_urlpatterns, "public"))),
    path("", include("chancery.ops.urls")),
    path("", include("chancery.core.urls")),
]

handler403 = "chancery.core.views.permission_denied"
handler500 = "chancery.ops.errors.server_error"
