from django.urls import path

from wanjia.customers import views

app_name = "customers"
urlpatterns = [
    path("", views.CustomerListView.as_view(), name="list"),
    path("import/", views.CustomerImportView.as_view(), name="import"),
    path("<int:pk>/", views.CustomerDetailView.as_view(), name="detail"),
    path("<int:pk>/green-channel/", views.CustomerGreenChannelView.as_view(), name="green-channel"),
]
