from django.urls import path

from exemplars import views

app_name = "exemplars"
urlpatterns = [
    path("gioi-thieu-guong/", views.nominate, name="nominate"),
    path("gioi-thieu-guong/da-gui/", views.nomination_sent, name="nomination_sent"),
]
