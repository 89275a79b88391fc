from django.urls import path, re_path
from drf_spectacular.views import SpectacularSwaggerSplitView

from . import views
from .errors import api_not_found

app_name = "api"

urlpatterns = [
    path("v1/documents/", views.DocumentListView.as_view(), name="documents"),
    path("v1/documents/<int:document_id>/", views.DocumentDetailView.as_view(), name="document"),
    path("v1/webhooks/", views.WebhookListView.as_view(), name="webhooks"),
    path("v1/webhooks/<int:webhook_id>/", views.WebhookDetailView.as_view(), name="webhook"),
    path("v1/webhooks/<int:webhook_id>/enable/", views.WebhookEnableView.as_view(), name="webhook-enable"),
    path(
        "v1/webhooks/<int:webhook_id>/deliveries/", views.WebhookDeliveryListView.as_view(), name="webhook-deliveries"
    ),
    path("v1/businesses/<str:number>/", views.BusinessDetailView.as_view(), name="business"),
    path("v1/businesses/<str:number>/check", views.BusinessCheckView.as_view(), name="business-check"),
    path("v1/businesses/<str:number>/check/", views.BusinessCheckSlashView.as_view()),
    path("schema/", views.SchemaView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up script as a file (`?script`): the page runs under our CSP.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    re_path(r"^[\s\S]*$", api_not_found),  # any character, newlines too
]
