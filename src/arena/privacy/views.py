import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from arena.accounts.types import AuthenticatedHttpRequest
from arena.privacy.forms import AccountDeleteForm
from arena.privacy.selectors import account_deletion_check, privacy_export
from arena.privacy.services import account_delete


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def export(request: AuthenticatedHttpRequest) -> HttpResponse:
    """GET explains what the download holds; POST (or ?download=1) returns it as JSON."""
    if request.method == "POST" or request.GET.get("download"):
        data = privacy_export(user=request.user)
        body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        filename = f"arena-mina-uppgifter-{timezone.localdate():%Y-%m-%d}.json"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    return render(request, "privacy/export.html")


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def account_delete_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    check = account_deletion_check(user=request.user)
    form = AccountDeleteForm(request.POST or None, user=request.user, request=request)
    if request.method == "POST" and check.allowed and form.is_valid():
        try:
            account_delete(user=request.user, actor=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            logout(request)
            messages.success(request, _("Your account is deleted. Thank you for using Arena."))
            return redirect("ui:home")
    context = {"form": form, "check": check}
    return render(request, "privacy/delete.html", context, status=200)
