from django.urls import path

from newsletter import views

app_name = "newsletter"
urlpatterns = [
    path("ban-tin/", views.subscribe, name="subscribe"),
    path("ban-tin/da-gui/", views.subscribe_sent, name="subscribe_sent"),
    path("ban-tin/xac-nhan/<str:token>/", views.confirm, name="confirm"),
    path("ban-tin/huy-dang-ky/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
