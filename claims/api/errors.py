"""One shape for every API error, whichever layer raised it.

- 400: ``{"detail": "…", "code": "invalid", "fields": {"<field>": ["…"]}}`` — from serializers and
  from the services' Django ``ValidationError`` (whose dict becomes ``fields``);
- 401/403/404/405/409/429: ``{"detail": "…", "code": "…"}`` — Django's ``PermissionDenied`` and
  ``Http404``, the workflow's ``WorkflowError`` (409 ``conflict``) and ``StaleVersion`` (409
  ``stale_version``), and DRF's own errors (``throttled`` carries a ``Retry-After`` header).

Views therefore only call services; refusals travel up as exceptions and are answered here.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError
from django.http import Http404
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from ..review.workflow import StaleVersion, WorkflowError


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What went wrong, in a sentence a person can act on.")
    code = serializers.CharField(help_text="A stable code a program can branch on.")


class FieldErrorSerializer(ErrorSerializer):
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Messages per input field.",
    )


def _messages(value) -> list[str]:
    if isinstance(value, (list, tuple)):
        return [str(item) for item in value]
    return [str(value)]


def _django_validation_fields(error: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return {
            name: [str(m) for e in errors for m in e.messages]
            for name, errors in error.error_dict.items()
        }
    return {"non_field_errors": list(error.messages)}


def _drf_fields(detail) -> dict[str, list[str]]:
    if isinstance(detail, dict):
        return {str(name): _flatten(value) for name, value in detail.items()}
    return {"non_field_errors": _flatten(detail)}


def _flatten(value) -> list[str]:
    if isinstance(value, dict):
        return [f"{key}: {message}" for key, item in value.items() for message in _flatten(item)]
    if isinstance(value, (list, tuple)):
        return [message for item in value for message in _flatten(item)]
    return [str(value)]


def _field_error_response(fields: dict[str, list[str]]) -> Response:
    first = next(iter(fields.values()), ["The request is not valid."])
    detail = first[0] if len(fields) == 1 and first else "Some fields are not valid; see “fields”."
    return Response(
        {"detail": detail, "code": "invalid", "fields": fields}, status=status.HTTP_400_BAD_REQUEST
    )


def api_exception_handler(exc, context):
    if isinstance(exc, (OverflowError, DataError)):
        # An id or number beyond what the database stores (e.g. /verdicts/99999999999999999999/):
        # nothing can have it.
        return Response(
            {"detail": "No such record.", "code": "not_found"}, status=status.HTTP_404_NOT_FOUND
        )
    if isinstance(exc, DjangoValidationError):
        return _field_error_response(_django_validation_fields(exc))
    if isinstance(exc, StaleVersion):
        return Response(
            {"detail": str(exc), "code": "stale_version"}, status=status.HTTP_409_CONFLICT
        )
    if isinstance(exc, WorkflowError):
        return Response({"detail": str(exc), "code": "conflict"}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(str(exc) or None)
    if isinstance(exc, exceptions.ValidationError):
        return _field_error_response(_drf_fields(exc.detail))

    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.APIException):
        detail = exc.detail
        code = exc.get_codes() if hasattr(exc, "get_codes") else exc.default_code
        if isinstance(detail, (list, dict)):
            detail, code = " ".join(_flatten(detail)), exc.default_code
        response.data = {
            "detail": str(detail),
            "code": code if isinstance(code, str) else exc.default_code,
        }
    return response


def error_responses(*codes: int) -> dict:
    """The OpenAPI responses for the given error status codes, for ``extend_schema(responses=…)``."""
    described = {
        400: OpenApiResponse(FieldErrorSerializer, description="Field errors."),
        401: OpenApiResponse(ErrorSerializer, description="Not signed in."),
        403: OpenApiResponse(
            ErrorSerializer, description="Not allowed (signed out, or not your role)."
        ),
        404: OpenApiResponse(ErrorSerializer, description="Not found, or not visible to you."),
        409: OpenApiResponse(ErrorSerializer, description="Wrong state or stale version."),
        429: OpenApiResponse(ErrorSerializer, description="Too many requests; see Retry-After."),
    }
    return {code: described[code] for code in codes}


# Every /api/v1/ view answers its refusals through `api_exception_handler`, so every operation can
# list them — also the views other areas add, which may not annotate each refusal themselves.
_COMMON_ERRORS = {
    "403": "Not allowed (signed out, or not your role).",
    "404": "Not found, or not visible to you.",
    "429": "Too many requests; see Retry-After.",
}


def add_error_responses(result, generator, request, public):
    """drf-spectacular postprocessing hook: the common error responses on every API operation."""
    error_ref = {"$ref": "#/components/schemas/Error"}
    if "Error" not in result.get("components", {}).get("schemas", {}):
        return result
    for path, operations in result.get("paths", {}).items():
        if not path.startswith("/api/v1/"):
            continue
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            for code, description in _COMMON_ERRORS.items():
                responses.setdefault(
                    code,
                    {
                        "content": {"application/json": {"schema": error_ref}},
                        "description": description,
                    },
                )
    return result
