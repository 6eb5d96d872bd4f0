"""Admin URLs of the FAQ, mounted by wagtail_hooks under the "rapport_blocks_faq" namespace."""

from django.urls import path

from . import views

app_name = "rapport_blocks_faq"

urlpatterns = [
    path("att-granska/", views.ReviewView.as_view(), name="review"),
    path("<int:page_id>/fragor/", views.questions, name="questions"),
]
