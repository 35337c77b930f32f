from django.contrib.auth import views as auth_views

from izdeu.accounts.access import public

login = public(auth_views.LoginView.as_view(redirect_authenticated_user=True))
logout = public(auth_views.LogoutView.as_view())
