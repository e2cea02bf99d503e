"""The review desk's web views."""

from django.shortcuts import redirect

from ..permissions import is_staff_member


def home(request):
    if is_staff_member(request.user):
        return redirect("queue")
    return redirect("verdict_index")
