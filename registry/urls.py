from django.urls import path

from . import views

app_name = "registry"

urlpatterns = [
    path("", views.business_list, name="list"),
    path("alerts/<int:pk>/acknowledge/", views.alert_acknowledge, name="alert-acknowledge"),
    path("<str:number>/", views.business_detail, name="detail"),
    path("<str:number>/check/", views.business_check, name="check"),
    path("<str:number>/simulate/", views.business_simulate, name="simulate"),
]
