from django.urls import path

from openita.web.agencies import views

app_name = "agencies"

urlpatterns = [
    path("agencies/", views.agency_list, name="list"),
    path("a/<slug:code>/units/", views.units, name="units"),
    path("a/<slug:code>/units/add/", views.unit_add, name="unit_add"),
    path("a/<slug:code>/units/<int:pk>/rename/", views.unit_rename, name="unit_rename"),
    path("a/<slug:code>/units/<int:pk>/move/", views.unit_move, name="unit_move"),
    path("a/<slug:code>/units/<int:pk>/delete/", views.unit_delete, name="unit_delete"),
    path("a/<slug:code>/members/", views.members, name="members"),
    path("a/<slug:code>/members/add/", views.member_add, name="member_add"),
    path("a/<slug:code>/members/<int:pk>/role/", views.member_role, name="member_role"),
    path("a/<slug:code>/members/<int:pk>/remove/", views.member_remove, name="member_remove"),
]
