from rest_framework.routers import SimpleRouter

from transfer.api import views

router = SimpleRouter()
router.register("innovations", views.InnovationViewSet, basename="innovation")
router.register("partners", views.PartnerViewSet, basename="partner")
router.register("agreements", views.AgreementViewSet, basename="agreement")
router.register("deployments", views.DeploymentViewSet, basename="deployment")

urlpatterns = router.urls
