from django.urls import path
from rest_framework.routers import SimpleRouter

from people.api import position_views, views

router = SimpleRouter()
router.register("people", views.PersonViewSet, basename="person")
router.register("teams", views.TeamViewSet, basename="team")
router.register("departments", views.DepartmentViewSet, basename="department")
router.register("host-positions", position_views.HostPositionViewSet, basename="hostposition")
router.register("secondments", position_views.SecondmentViewSet, basename="secondment")

urlpatterns = [
    path("auth/token/", views.token_obtain, name="token"),
    path("me/", views.me, name="me"),
    path("me/preferences/", views.me_preferences, name="me-preferences"),
    path("me/personal-data/", views.me_personal_data, name="me-personal-data"),
    *router.urls,
]
