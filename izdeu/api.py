"""The JSON API (django-ninja). Each capability adds its router here; OpenAPI at /api/docs."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest
from django.utils.csp import CSP
from django.views.decorators.csp import csp_override
from ninja import NinjaAPI, Schema
from ninja.security import HttpBearer

from izdeu.accounts.models import ApiToken
from izdeu.lists.api import router as lists_router


class BearerToken(HttpBearer):
    """`Authorization: Bearer izd_…`, a token issued with `izdeu createtoken`."""

    def authenticate(self, request: HttpRequest, token: str):
        user = ApiToken.user_for(token)
        if user is not None:
            request.user = user
        return user


def docs_page(view):
    """The OpenAPI page is for signed-in users. Swagger UI sets element styles from its script,
    so this one page allows inline styles; scripts stay restricted to izdeu's own files."""
    policy = {**settings.SECURE_CSP, "style-src": [CSP.SELF, CSP.UNSAFE_INLINE], "img-src": [CSP.SELF, "data:"]}
    return login_required(csp_override(policy)(view))


api = NinjaAPI(
    title="izdeu API",
    version="1",
    description="Lists, search requests and matches for volunteers' and partners' tools.",
    auth=BearerToken(),
    urls_namespace="api",
    docs_decorator=docs_page,
)


class Me(Schema):
    username: str
    role: str
    organisation: str


@api.get("/me", response=Me, summary="Who the token belongs to")
def me(request: HttpRequest) -> Me:
    user = request.auth
    return Me(username=user.get_username(), role=user.role, organisation=user.organisation.name)


api.add_router("/lists/", lists_router)
