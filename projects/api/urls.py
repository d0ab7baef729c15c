from rest_framework.routers import SimpleRouter

from projects.api import views

router = SimpleRouter()
router.register("projects", views.ProjectViewSet, basename="project")
router.register("data-requests", views.DataRequestViewSet, basename="datarequest")

urlpatterns = router.urls
