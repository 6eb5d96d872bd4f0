"""Admin URLs of the e-mail channel, registered under /admin/utskick/ by wagtail_hooks."""

from django.urls import path

from . import views

app_name = "rapport_utskick"

urlpatterns = [
    path("rapport/<int:page_id>/", views.report_log, name="report"),
    path("<int:dispatch_id>/forsok-igen/", views.retry, name="retry"),
]
