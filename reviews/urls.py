from django.urls import path

from . import views

app_name = "reviews"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("status.json", views.queue_status, name="queue_status"),
    path("next/", views.next_task, name="next"),
    path("metrics/", views.metrics, name="metrics"),
    path("<int:pk>/", views.review, name="review"),
    path("<int:pk>/claim/", views.claim, name="claim"),
    path("<int:pk>/release/", views.release, name="release"),
]
