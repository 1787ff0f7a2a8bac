from django.urls import path

from openita.web.agencies import views

app_name = "agencies"

urlpatterns = [
    path("agencies/", views.agency_list, name="list"),
    path("a/<slug:code>/units/", views.units, name="units"),
    path("a/<slug:code>/members/", views.members, name="members"),
]
