"""/api/v1/ endpoints of training (included beside the other apps' api_urls)."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from .api import TrainingRecordViewSet, TrainingStatusView

router = SimpleRouter()
router.register("training-records", TrainingRecordViewSet, basename="training-record")

urlpatterns = [
    *router.urls,
    path("training-status/", TrainingStatusView.as_view(), name="training-status"),
]
