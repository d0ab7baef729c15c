"""The site's URLs plus, for bench/scale.py only (``bench.scale_settings``), an
unfiltered DRF list of every project: the same serializer and pagination as
``/api/projects/``, over ``Project.objects.all()``, with the same prefetches,
served by the same stack. It answers anyone: what it measures is the cost of the
list without the visibility rule. Never routed by the site's own URL conf."""

from django.db.models import BooleanField, Prefetch, QuerySet, Value
from django.urls import path
from rest_framework.generics import ListAPIView
from rest_framework.permissions import AllowAny

from core.api.pagination import PageNumberPagination
from labsite.urls import handler404
from labsite.urls import urlpatterns as site_urlpatterns
from people.models import Department
from projects.api.serializers import ProjectSerializer
from projects.models import Project
from projects.selectors import with_leads


class BaselineProjectList(ListAPIView):
    serializer_class = ProjectSerializer
    pagination_class = PageNumberPagination
    authentication_classes = []
    permission_classes = [AllowAny]

    def get_queryset(self) -> QuerySet[Project]:
        return with_leads(
            Project.objects.all()
            .annotate(
                is_member=Value(False, output_field=BooleanField()), is_lead=Value(False, output_field=BooleanField())
            )
            .prefetch_related(
                "methods", "teams", Prefetch("departments", queryset=Department.objects.select_related("hospital"))
            )
        )


urlpatterns = [
    path("bench/baseline/projects/", BaselineProjectList.as_view(), name="bench-baseline-projects"),
    *site_urlpatterns,
]

__all__ = ["handler404", "urlpatterns"]
