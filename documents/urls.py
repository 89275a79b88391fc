from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("", views.document_list, name="list"),
    path("export.csv", views.document_export, {"file_format": "csv"}, name="export_csv"),
    path("export.xlsx", views.document_export, {"file_format": "xlsx"}, name="export_xlsx"),
    path("documents/bulk/", views.document_bulk, name="bulk"),
    path("filters/", views.saved_filter_save, name="filter_save"),
    path("filters/<int:pk>/delete/", views.saved_filter_delete, name="filter_delete"),
    path("upload/", views.upload, name="upload"),
    path("documents/statuses/", views.document_statuses, name="statuses"),
    path("documents/<int:pk>/", views.document_detail, name="detail"),
    path("documents/<int:pk>/status/", views.document_status, name="status"),
    path("documents/<int:pk>/retry/", views.document_retry, name="retry"),
    path("documents/<int:pk>/kind/", views.document_change_kind, name="change_kind"),
    path("documents/<int:pk>/review/", views.document_send_to_review, name="send_to_review"),
    path("documents/<int:pk>/file/", views.document_file, name="file"),
]
