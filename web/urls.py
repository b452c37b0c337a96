"""Public pages, mounted under a language prefix (/en/, /uk/, /ru/) by config/urls.py."""

from django.urls import path

from web import views

app_name = "web"

urlpatterns = [
    path("", views.world_overview, name="world"),
    path("world/<slug:chart>.csv", views.world_chart_csv, name="world_chart_csv"),
    path("countries/", views.country_index, name="country_index"),
    path("countries/<str:code>/", views.country_profile, name="country_profile"),
    path("countries/<str:code>/<slug:chart>.csv", views.country_chart_csv, name="country_chart_csv"),
]
