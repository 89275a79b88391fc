from django.urls import path

from . import registry_views

app_name = "registry"

urlpatterns = [
    path("", registry_views.business_list, name="list"),
    path("alerts/<int:pk>/acknowledge/", registry_views.alert_acknowledge, name="alert-acknowledge"),
    path("<str:number>/", registry_views.business_detail, name="detail"),
    path("<str:number>/check/", registry_views.business_check, name="check"),
    path("<str:number>/simulate/", registry_views.business_simulate, name="simulate"),
]
