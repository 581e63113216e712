from django.urls import path

from chancery.casework import views_opinions

app_name = "opinions"

urlpatterns = [
    path("ask/", views_opinions.opinion_ask, name="ask"),
    path("<int:pk>/answer/", views_opinions.opinion_answer, name="answer"),
    path("withdraw/", views_opinions.opinion_withdraw, name="withdraw"),
]
