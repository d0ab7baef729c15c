from django.urls import path

from notifications import review_views, views

app_name = "notifications"

urlpatterns = [
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar-feed"),
    path("me/calendar/renew/", views.calendar_feed_renew, name="calendar-feed-renew"),
    path("me/calendar/revoke/", views.calendar_feed_revoke_view, name="calendar-feed-revoke"),
    path("access-review/", review_views.access_review, name="access-review"),
]
