from django.urls import path

from participation import views

app_name = "participation"
urlpatterns = [
    path("y-kien/<int:page_id>/", views.comment_form, name="comment_form"),
    path("y-kien/<int:page_id>/da-gui/", views.comment_sent, name="comment_sent"),
]
