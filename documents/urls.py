from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("", views.document_list, name="list"),
    path("upload/", views.upload, name="upload"),
    path("documents/statuses/", views.document_statuses, name="statuses"),
    path("documents/<int:pk>/", views.document_detail, name="detail"),
    path("documents/<int:pk>/status/", views.document_status, name="status"),
    path("documents/<int:pk>/retry/", views.document_retry, name="retry"),
    path("documents/<int:pk>/kind/", views.document_change_kind, name="change_kind"),
    path("documents/<int:pk>/file/", views.document_file, name="file"),
]
