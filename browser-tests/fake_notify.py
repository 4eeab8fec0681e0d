"""A local stand-in for GOV.UK Notify's email API, for the browser lane.

It checks each request as Notify's API documentation describes it, as the Swift tests' FakeNotify does:
POST /v2/notifications/email, Content-Type application/json, "Authorization: Bearer <JWT>" signed HS256
with the API key's secret, "iss" the service id and "iat" whole epoch seconds within 30 s, and a body of
email_address, template_id, personalisation (our template's subject and body) and reference. A request
that breaks a rule gets Notify's error document (403 or 400) and is recorded as a problem.

For the journeys it answers two test-only reads (never part of Notify's API):
  GET /_test/emails?to=ADDRESS   the emails accepted for that address, newest last, as JSON
  GET /_test/problems            the requests refused, as JSON

  python3 fake_notify.py PORT    (prints "ready" when listening)
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import sys
import threading
import time
import urllib.parse
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SERVICE_ID = "26785a09-ab16-4eb0-8407-a37497a57506"
SECRET = "3d844edf-8d35-48ac-975b-e847b4f122b0"
TEMPLATE_ID = "f33517ff-2a88-4f6e-b855-c550268ce08a"
API_KEY = f"continuum-browser-lane-{SERVICE_ID}-{SECRET}"

_lock = threading.Lock()
_emails: list[dict] = []
_problems: list[str] = []


def _b64url(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):  # quiet: the lane's log is the server's
        pass

    def _json(self, status: int, body) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _refuse(self, problem: str, status: int = 403) -> None:
        with _lock:
            _problems.append(problem)
        kind = "AuthError" if status == 403 else "BadRequestError"
        self._json(status, {"errors": [{"error": kind, "message": problem}], "status_code": status})

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        if url.path == "/_test/emails":
            to = urllib.parse.parse_qs(url.query).get("to", [""])[0].lower()
            with _lock:
                found = [e for e in _emails if e["email_address"].lower() == to]
            return self._json(200, found)
        if url.path == "/_test/problems":
            with _lock:
                return self._json(200, list(_problems))
        self._refuse(f"unexpected GET {url.path}", 404)

    def do_POST(self):
        if self.path != "/v2/notifications/email":
            return self._refuse(f"unexpected POST {self.path}", 404)
        if self.headers.get("Content-Type") != "application/json":
            return self._refuse(f"Content-Type was {self.headers.get('Content-Type')}", 400)
        auth = self.headers.get("Authorization", "")
        if not auth.startswith("Bearer "):
            return self._refuse("no bearer token")
        parts = auth[len("Bearer "):].split(".")
        if len(parts) != 3:
            return self._refuse("the token is not three base64url parts")
        try:
            header = json.loads(_b64url(parts[0]))
            claims_raw = _b64url(parts[1])
            claims = json.loads(claims_raw)
            signature = _b64url(parts[2])
        except ValueError:
            return self._refuse("the token's parts are not base64url JSON")
        if header.get("alg") != "HS256" or header.get("typ") != "JWT":
            return self._refuse(f"JWT header was {header}")
        if claims.get("iss") != SERVICE_ID:
            return self._refuse(f"iss was {claims.get('iss')}, not the service id")
        iat = claims.get("iat")
        if not isinstance(iat, int) or b"." in claims_raw:
            return self._refuse("iat is not whole epoch seconds")
        if abs(time.time() - iat) > 30:
            return self._refuse(f"iat {iat} is more than 30 s from now")
        expected = hmac.new(SECRET.encode(), (parts[0] + "." + parts[1]).encode(), hashlib.sha256).digest()
        if not hmac.compare_digest(expected, signature):
            return self._refuse("the HS256 signature does not verify with the secret key")
        length = int(self.headers.get("Content-Length", "0"))
        try:
            body = json.loads(self.rfile.read(length))
        except ValueError:
            return self._refuse("the body is not JSON", 400)
        if not isinstance(body, dict):
            return self._refuse("the body is not a JSON object", 400)
        extra = set(body) - {"email_address", "template_id", "personalisation", "reference", "email_reply_to_id"}
        if extra:
            return self._refuse(f"unexpected fields {sorted(extra)}", 400)
        if not body.get("email_address"):
            return self._refuse("no email_address", 400)
        if body.get("template_id") != TEMPLATE_ID:
            return self._refuse(f"template_id was {body.get('template_id')}", 400)
        personalisation = body.get("personalisation") or {}
        if not isinstance(personalisation.get("subject"), str) or not isinstance(personalisation.get("body"), str):
            return self._refuse("personalisation lacks subject and body", 400)
        with _lock:
            _emails.append({"email_address": body["email_address"], "subject": personalisation["subject"],
                            "body": personalisation["body"], "reference": body.get("reference", "")})
        self._json(201, {"id": str(uuid.uuid4()), "reference": body.get("reference", ""), "content": {}, "uri": "", "template": {}})


def main() -> None:
    port = int(sys.argv[1])
    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    print("ready", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
