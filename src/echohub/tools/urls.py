from django.urls import path

from echohub.tools import views

app_name = "tools"

urlpatterns = [path("opioids/", views.opioid_calculator, name="opioids")]
