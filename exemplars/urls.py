from django.urls import path

from exemplars import views

app_name = "exemplars"
urlpatterns = [
    path("gioi-thieu-guong/", views.nominate, name="nominate"),
    path("gioi-thieu-guong/da-gui/", views.nomination_sent, name="nomination_sent"),
    path("ho-so/<slug:slug>/", views.profile, name="profile"),  # an exemplar's profile (exemplars.profiles)
]
