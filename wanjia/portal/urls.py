from django.urls import path

from wanjia.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("rate/<str:token>/", views.rate_visit, name="rate_visit"),
    path("rate/hall/<str:token>/", views.rate_hall, name="rate_hall"),
]
