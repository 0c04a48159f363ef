from django.urls import path

from wanjia.org import views

app_name = "org"
urlpatterns = [path("", views.UnitTreeView.as_view(), name="tree")]
