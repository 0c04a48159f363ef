from django.urls import path

from wanjia.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("unread/", views.unread_count, name="unread"),
    path("read/", views.read, name="read"),
]
