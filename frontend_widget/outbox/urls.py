"""Admin URLs of the outbox, registered under /admin/utskick/ by wagtail_hooks."""

from django.urls import path

from . import views

app_name = "rapport_utskick"

urlpatterns = [
    path("rapport/<int:page_id>/", views.report_log, name="report"),
    path("<int:event_id>/forsok-igen/", views.retry, name="retry"),
    path("leverans/<int:delivery_id>/skicka-igen/", views.retry_delivery, name="retry_delivery"),
]
