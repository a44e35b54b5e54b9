from django.urls import path

from search import views

app_name = "search"

urlpatterns = [
    path("", views.search, name="search"),
    path("goi-y/", views.suggest, name="suggest"),
    path("ho-so/", views.dossiers, name="dossiers"),
    path("dem/", views.search_log, name="log"),
]
