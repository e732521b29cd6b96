from django.urls import path

from core.speech_views import speech

urlpatterns = [path("<int:page_id>/", speech, name="speech")]
