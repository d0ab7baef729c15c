from django.urls import path

from people import views

app_name = "people"

urlpatterns = [
    path("people/", views.person_list_view, name="person-list"),
    path("people/<int:pk>/", views.person_detail, name="person-detail"),
    path("me/", views.me, name="me"),
]
