from django.urls import path

from notifications import review_views, views

app_name = "notifications"

urlpatterns = [
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("access-review/", review_views.access_review, name="access-review"),
]
