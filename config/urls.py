from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

handler400 = "documents.views.bad_request"  # too many files in one upload: the upload page says the limit

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),  # set_language: the footer language switcher
    path("api/", include("partners.urls")),  # /api/v1/, /api/schema/, /api/docs/
    path("reviews/", include("reviews.urls")),
    path("businesses/", include("registry.urls")),
    path("notifications/", include("notifications.urls")),
    path("", include("documents.urls")),
]
