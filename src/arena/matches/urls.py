app_name = "matches"
urlpatterns: list = []
