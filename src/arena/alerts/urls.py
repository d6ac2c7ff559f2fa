from django.urls import path

from arena.alerts import views

app_name = "alerts"
urlpatterns = [
    path("", views.home, name="home"),
    path("upphandling/<int:pk>/", views.notice_panel, name="notice_panel"),
    path("<slug:slug>/", views.company, name="company"),
    path("<slug:slug>/prenumeration/", views.subscription, name="subscription"),
    path("<slug:slug>/upphandling/<int:pk>/", views.company_notice, name="company_notice"),
    path("<slug:slug>/upphandling/<int:pk>/omdome/", views.feedback, name="feedback"),
]
