from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView

from accounts import token_views
from accounts import views as accounts_views
from accounts.login import LoginForm
from dashboard.views import home


class FaviconRedirect(RedirectView):
    """Browsers ask for /favicon.ico; resolved per request so the hashed static name is used."""

    permanent = True

    def get_redirect_url(self, *args: object, **kwargs: object) -> str:
        return static("favicon.svg")


admin.site.site_header = "驻村通 管理后台"
admin.site.site_title = "驻村通"
admin.site.index_title = "系统管理"

urlpatterns = [
    path("", home, name="home"),
    path("favicon.ico", FaviconRedirect.as_view()),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True, authentication_form=LoginForm),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", accounts_views.password_change, name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("accounts/tokens/", token_views.token_list, name="token_list"),
    path("accounts/tokens/<int:pk>/revoke/", token_views.token_revoke, name="token_revoke"),
    path("accounts/", include("accounts.urls")),
    path("", include("teams.urls")),
    path("", include("attendance.urls")),
    path("", include("assessment.urls")),
    path("", include("funding.urls")),
    path("", include("training.urls")),
    path("", include("worklog.urls")),
    path("", include("oversight.urls")),
    path("", include("audit.urls")),
    path("api/v1/", include("attendance.api_urls")),
    path("api/v1/", include("assessment.api_urls")),
    path("api/v1/", include("funding.api_urls")),
    path("api/v1/", include("training.api_urls")),
    path("api/v1/", include("worklog.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("admin/", admin.site.urls),
]

# JSON under /api/, the Chinese pages elsewhere (config/errors.py).
handler404 = "config.errors.not_found"
handler500 = "config.errors.server_error"
