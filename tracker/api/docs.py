"""A readable page of the OpenAPI description, rendered on the server from the same spec (no script, no CDN)."""
from flask import Blueprint, current_app, render_template

from tracker.permissions import PUBLIC, allow

bp = Blueprint("apidocs", __name__)

METHODS = ("get", "post", "put", "patch", "delete")


def _ref_name(schema: dict) -> str:
    if not schema:
        return ""
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if schema.get("type") == "array":
        return f"[{_ref_name(schema.get('items', {}))}]"
    return schema.get("type", "")


@bp.get("/api/docs")
@allow(PUBLIC)
def page():
    spec = current_app.extensions["tracker_api"].spec.to_dict()
    operations = []
    for path, item in spec["paths"].items():
        for method in METHODS:
            op = item.get(method)
            if op is None:
                continue
            body = op.get("requestBody", {}).get("content", {})
            operations.append({
                "method": method.upper(), "path": path, "summary": op.get("summary", ""),
                "description": op.get("description", ""), "tags": op.get("tags", []),
                "parameters": op.get("parameters", []) + item.get("parameters", []),
                "body": [(kind, _ref_name(content.get("schema", {}))) for kind, content in body.items()],
                "responses": [(code, r.get("description", ""), _ref_name(
                    next(iter(r.get("content", {}).values()), {}).get("schema", {})))
                    for code, r in op.get("responses", {}).items()],
            })
    schemas = spec.get("components", {}).get("schemas", {})
    return render_template("api/docs.html", spec=spec, operations=operations, schemas=schemas, ref_name=_ref_name)
