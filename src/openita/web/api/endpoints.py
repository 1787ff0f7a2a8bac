"""The REST API (django-ninja); OpenAPI docs at /api/docs."""

from ninja import NinjaAPI

api = NinjaAPI(title="OpenITA API", version="1", urls_namespace="api-v1")
