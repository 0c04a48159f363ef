from django.urls import path

from wanjia.payments import views

app_name = "payments"
urlpatterns = [
    path("", views.ChannelListView.as_view(), name="channels"),
    path("new/", views.ChannelEditView.as_view(), name="channel_create"),
    path("<int:pk>/edit/", views.ChannelEditView.as_view(), name="channel_edit"),
    path("<int:pk>/void/", views.ChannelVoidView.as_view(), name="channel_void"),
    path("coverage/", views.CoverageView.as_view(), name="coverage"),
    path("measures/", views.MeasureListView.as_view(), name="measures"),
    path("measures/new/", views.MeasureCreateView.as_view(), name="measure_create"),
    path("measures/<int:pk>/complete/", views.MeasureCompleteView.as_view(), name="measure_complete"),
    path("collection/", views.CollectionView.as_view(), name="collection"),
]
