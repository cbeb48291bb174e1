"""HTTP for SPARQL servers: bounded timeouts and retries, the auth scheme the server asks for (Basic, Bearer or
Digest), redirects followed only within one origin, and failures that say what the server said and what to do.

Credentials come only from NEWSLD_TOKEN, NEWSLD_USER/NEWSLD_PASSWORD or a netrc file, are cleaned of surrounding
whitespace, must be valid in a header, and are masked in every message newsld writes.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import html.parser
import http.client
import json
import netrc
import os
import re
import secrets as _random
import socket
import stat
import time
import urllib.error
import urllib.parse
import urllib.request
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from email.message import Message
from typing import Any

from newsld.errors import NewsldWarning, ServerError, ServerTimeout, StoreError, UsageError

DEFAULT_TIMEOUT = 60.0
DEFAULT_RETRIES = 3
RETRY_STATUSES = frozenset({429, 502, 503, 504})  # the server says "not now"; anything else is its answer
REDIRECTS = frozenset({301, 302, 303, 307, 308})
MAX_REDIRECTS = 5
CREDENTIAL_VARIABLES = "NEWSLD_USER and NEWSLD_PASSWORD (or NEWSLD_TOKEN, or a netrc entry)"


# ---------------------------------------------------------------- URLs

def origin(url: str) -> tuple[str, str, int]:
    """(scheme, host, port) of a URL: requests may carry credentials only to the origins the user named."""
    parts = urllib.parse.urlsplit(url)
    scheme = parts.scheme.lower()
    return scheme, (parts.hostname or "").lower(), parts.port or (443 if scheme == "https" else 80)


def redact(url: str) -> str:
    """The URL without user info, query and fragment: what messages show."""
    parts = urllib.parse.urlsplit(url)
    netloc = parts.hostname or ""
    if ":" in netloc:
        netloc = f"[{netloc}]"
    if parts.port:
        netloc += f":{parts.port}"
    return urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, "", ""))


def check_endpoint(url: str, option: str) -> str:
    """A usable server URL, or a UsageError; credentials in the URL are refused before anything is resolved."""
    try:
        parts = urllib.parse.urlsplit(url)
        parts.port  # noqa: B018  (raises ValueError for a port that is not a number)
    except ValueError:
        raise UsageError(f"{option} {redact(url)!r} is not a valid URL") from None
    if "@" in parts.netloc:
        raise UsageError(f"{option} must not carry credentials in the URL (user:password@host); set "
                         f"{CREDENTIAL_VARIABLES} for {parts.netloc.rpartition('@')[2]} instead")
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise UsageError(f"{option} {redact(url)!r} must be an http:// or https:// URL with a host")
    return url


def is_loopback(host: str) -> bool:
    return host == "localhost" or host.startswith("127.") or host in ("::1", "[::1]")


# ---------------------------------------------------------------- credentials

class Secrets:
    """Every secret this process holds, in every form it is sent in, so messages can be masked."""

    def __init__(self) -> None:
        self.values: set[str] = set()

    def add(self, *values: str | None) -> None:
        for value in values:
            if value and len(value) >= 3:
                self.values.add(value)

    def mask(self, text: str) -> str:
        for value in sorted(self.values, key=len, reverse=True):
            text = text.replace(value, "***")
        return text


def _clean(name: str, value: str, *, token: bool = False) -> str:
    """A secret without the whitespace around it (a newline from a CI secret, say) that can go in a header."""
    value = value.strip(" \t\r\n")
    for position, char in enumerate(value, 1):
        if ord(char) < 0x20 or ord(char) == 0x7F:
            raise UsageError(f"{name} holds a control character (at position {position}), which cannot be sent "
                             "in an HTTP header; set it again without it")
        if token and (char == " " or ord(char) > 0x7E):
            raise UsageError(f"{name} holds a space or a non-ASCII character (at position {position}); a bearer "
                             "token is printable ASCII without spaces")
    return value


@dataclass
class Credentials:
    """What newsld may use to authenticate to one host, and where it came from (for messages)."""

    user: str | None = None
    password: str | None = None
    token: str | None = None
    source: str = ""

    @classmethod
    def for_host(cls, host: str, secrets: Secrets) -> Credentials:
        """NEWSLD_TOKEN, NEWSLD_USER/NEWSLD_PASSWORD, else the netrc entry for `host` (NEWSLD_NETRC or ~/.netrc)."""
        found = cls()
        raw_token = os.environ.get("NEWSLD_TOKEN")
        if raw_token and raw_token.strip():
            found.token = _clean("NEWSLD_TOKEN", raw_token, token=True)
            found.source = "NEWSLD_TOKEN"
        user, password = os.environ.get("NEWSLD_USER"), os.environ.get("NEWSLD_PASSWORD")
        if user and user.strip() and password is not None:
            found.user = _clean("NEWSLD_USER", user)
            found.password = _clean("NEWSLD_PASSWORD", password)
            found.source = "NEWSLD_USER/NEWSLD_PASSWORD"
        elif (user and user.strip()) or password:
            raise UsageError("set both NEWSLD_USER and NEWSLD_PASSWORD, or neither")
        else:
            entry = _netrc_entry(host, secrets)
            if entry is not None:
                found.user, found.password, path = entry
                found.source = f"the netrc file {path}"
        if found.user is not None and ":" in found.user:
            raise UsageError(f"the user name from {found.source} contains ':', which HTTP Basic cannot carry")
        secrets.add(found.token, found.password)
        if found.user is not None and found.password is not None:
            secrets.add(base64.b64encode(f"{found.user}:{found.password}".encode()).decode("ascii"))
        return found

    def source_of(self, scheme: str | None) -> str:
        """Where the credentials used for `scheme` came from."""
        return "NEWSLD_TOKEN" if scheme == "bearer" and self.token else self.source

    @property
    def has_password(self) -> bool:
        return self.user is not None and self.password is not None

    def __repr__(self) -> str:
        return f"Credentials(<hidden>, from {self.source or 'nowhere'})"


def _netrc_entry(host: str, secrets: Secrets) -> tuple[str, str, str] | None:
    path = os.environ.get("NEWSLD_NETRC") or os.path.expanduser("~/.netrc")
    if not os.path.isfile(path):
        return None
    try:
        mode = os.stat(path).st_mode
        parsed = netrc.netrc(path)
    except netrc.NetrcParseError as e:  # its message quotes the offending token, which may be the password
        raise UsageError(f"cannot read the credentials file {path}: line {e.lineno} is not valid netrc "
                         "(the line is not shown, as it may hold a password)") from None
    except OSError as e:
        raise UsageError(f"cannot read the credentials file {path}: {e.strerror or e}") from None
    entry = parsed.authenticators(host)
    if entry is None:
        return None
    user, _, password = entry
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        warnings.warn(NewsldWarning(f"the credentials file {path} can be read by other users (mode "
                                    f"{stat.S_IMODE(mode):o}); protect it with: chmod 600 {path}"), stacklevel=2)
    password = _clean(f"the password in {path}", password or "")
    secrets.add(password)
    return _clean(f"the login in {path}", user or ""), password, path


# ---------------------------------------------------------------- challenges and Digest (RFC 7616)

_TOKEN = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
_QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"')


@dataclass
class Challenge:
    """One scheme of a WWW-Authenticate header, with its parameters (names in lower case)."""

    scheme: str
    params: dict[str, str] = field(default_factory=dict)

    def describe(self) -> str:
        extra = [f'realm="{self.params["realm"]}"'] if "realm" in self.params else []
        if self.scheme == "digest":
            extra.append(f"algorithm={self.params.get('algorithm', 'MD5')}")
        return " ".join([self.scheme.capitalize(), *extra])


def parse_challenges(values: Iterable[str]) -> list[Challenge]:
    """The challenges in WWW-Authenticate header values (several may share one header, comma-separated)."""
    found: list[Challenge] = []
    for value in values:
        pos, current = 0, None
        while pos < len(value):
            while pos < len(value) and value[pos] in " \t,":
                pos += 1
            match = _TOKEN.match(value, pos)
            if match is None:
                pos += 1
                continue
            name, pos = match.group(0), match.end()
            rest = value[pos:].lstrip(" \t")
            if rest.startswith("=") and current is not None and not rest.startswith("=="):
                pos = len(value) - len(rest) + 1
                while pos < len(value) and value[pos] in " \t":
                    pos += 1
                quoted = _QUOTED.match(value, pos)
                if quoted is not None:
                    param = re.sub(r"\\(.)", r"\1", quoted.group(1))
                    pos = quoted.end()
                else:
                    plain = _TOKEN.match(value, pos)
                    param = plain.group(0) if plain else ""
                    pos = plain.end() if plain else pos
                current.params[name.lower()] = param
            elif current is not None and not current.params and re.match(r"=*(\s*,|\s*$)", rest):
                current.params["token68"] = name + rest[: len(rest) - len(rest.lstrip("="))]
                pos = len(value) - len(rest.lstrip("="))
            else:
                current = Challenge(name.lower())
                found.append(current)
    return found


def _sha512_256() -> Any:
    return hashlib.new("sha512_256")


DIGEST_ALGORITHMS: dict[str, Callable[[], Any]] = {"MD5": hashlib.md5, "SHA-256": hashlib.sha256}
if "sha512_256" in hashlib.algorithms_available:
    DIGEST_ALGORITHMS["SHA-512-256"] = _sha512_256


def _hex(algorithm: str, data: str | bytes) -> str:
    h = DIGEST_ALGORITHMS[algorithm.upper().removesuffix("-SESS")]()
    h.update(data.encode("utf-8") if isinstance(data, str) else data)
    return str(h.hexdigest())


def digest_supported(challenge: Challenge) -> bool:
    algorithm = challenge.params.get("algorithm", "MD5").upper().removesuffix("-SESS")
    qops = {q.strip() for q in challenge.params.get("qop", "auth").split(",")}
    return algorithm in DIGEST_ALGORITHMS and "nonce" in challenge.params and bool(qops & {"auth", "auth-int"})


def digest_authorization(challenge: Challenge, user: str, password: str, method: str, uri: str,
                         body: bytes | None, nc: int, cnonce: str | None = None) -> str:
    """The Authorization header answering a Digest challenge (RFC 7616: MD5, SHA-256, -sess, qop auth/auth-int)."""
    p = challenge.params
    algorithm = p.get("algorithm", "MD5")
    realm, nonce = p.get("realm", ""), p["nonce"]
    offered = [q.strip() for q in p["qop"].split(",")] if "qop" in p else []
    qop = "auth" if "auth" in offered else ("auth-int" if "auth-int" in offered else None)
    cnonce = cnonce or _random.token_hex(16)
    ha1 = _hex(algorithm, f"{user}:{realm}:{password}")
    if algorithm.upper().endswith("-SESS"):
        ha1 = _hex(algorithm, f"{ha1}:{nonce}:{cnonce}")
    ha2 = _hex(algorithm, f"{method}:{uri}" + (f":{_hex(algorithm, body or b'')}" if qop == "auth-int" else ""))
    count = f"{nc:08x}"
    response = _hex(algorithm, f"{ha1}:{nonce}:{count}:{cnonce}:{qop}:{ha2}" if qop else f"{ha1}:{nonce}:{ha2}")

    def quote(value: str) -> str:
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'

    if p.get("userhash", "").lower() == "true":
        parts = [f"username={quote(_hex(algorithm, f'{user}:{realm}'))}", "userhash=true"]
    elif user.isascii():
        parts = [f"username={quote(user)}"]
    else:  # RFC 7616 section 3.4.4: a name outside ASCII goes in username* (RFC 5987 encoding)
        parts = [f"username*=UTF-8''{urllib.parse.quote(user, safe='')}"]
    parts += [f"realm={quote(realm)}", f"uri={quote(uri)}", f"algorithm={algorithm}", f"nonce={quote(nonce)}"]
    if qop:
        parts += [f"qop={qop}", f"nc={count}", f"cnonce={quote(cnonce)}"]
    parts.append(f"response={quote(response)}")
    if "opaque" in p:
        parts.append(f"opaque={quote(p['opaque'])}")
    return "Digest " + ", ".join(parts)


class OriginAuth:
    """The auth state for one origin: the scheme the server asked for and, for Digest, its nonce and count."""

    def __init__(self, credentials: Credentials) -> None:
        self.credentials = credentials
        self.scheme: str | None = "bearer" if credentials.token else None
        self.digest: Challenge | None = None
        self.nc = 0
        self.challenges: list[Challenge] = []

    def header(self, method: str, uri: str, body: bytes | None) -> str | None:
        c = self.credentials
        if self.scheme == "bearer" and c.token:
            return f"Bearer {c.token}"
        if self.scheme == "basic" and c.has_password:
            pair = f"{c.user}:{c.password}".encode()
            return "Basic " + base64.b64encode(pair).decode("ascii")
        if self.scheme == "digest" and self.digest is not None and c.has_password:
            self.nc += 1
            assert c.user is not None and c.password is not None
            return digest_authorization(self.digest, c.user, c.password, method, uri, body, self.nc)
        return None

    def answer(self, challenges: list[Challenge]) -> bool:
        """Pick the strongest scheme we can answer; False when none of the offered schemes can be used."""
        self.challenges = challenges
        c = self.credentials
        digests = [ch for ch in challenges if ch.scheme == "digest" and digest_supported(ch)]
        if digests and c.has_password:
            rank = {"SHA-512-256": 0, "SHA-256": 1, "MD5": 2}
            digests.sort(key=lambda ch: rank.get(ch.params.get("algorithm", "MD5").upper().removesuffix("-SESS"), 3))
            self.scheme, self.digest, self.nc = "digest", digests[0], 0
            return True
        schemes = {ch.scheme for ch in challenges}
        if "basic" in schemes and c.has_password:
            self.scheme = "basic"
            return True
        if "bearer" in schemes and c.token:
            self.scheme = "bearer"
            return True
        return False

    def asked_for(self) -> str:
        return ", ".join(ch.describe() for ch in self.challenges) or "authentication (no WWW-Authenticate header)"


# ---------------------------------------------------------------- error bodies

class _TextOfMarkup(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "head"):
            self.skip += 1
        elif tag in ("br", "p", "div", "h1", "h2", "h3", "h4", "li", "tr", "pre", "xmp", "title", "body"):
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "head") and self.skip:
            self.skip -= 1
        elif tag in ("p", "div", "h1", "h2", "h3", "h4", "li", "tr", "pre", "xmp"):
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


_ERROR_CODE = re.compile(r"\b(?:[A-Z]{2}\d{3}|[0-9A-Z]{5} Error)\b")  # Virtuoso's SQ110, SP031, SR186, "42000 Error"
_BOILERPLATE = re.compile(r"^(?:HTTP/\d(?:\.\d)? )?\d{3}\b|^Error \d+$|^(?:\d{3} )?(?:Bad Request|Forbidden|"
                          r"Unauthorized|Not Found|Internal Server Error)$", re.I)


def error_reason(body: bytes, content_type: str) -> str:
    """The sentence a person needs from an error body: JSON message, the code line of HTML/XML/plain text."""
    text = body[:200_000].decode("utf-8", "replace")
    if "json" in content_type or text.lstrip().startswith("{"):
        try:
            value = json.loads(text)
        except ValueError:
            value = None
        if isinstance(value, dict):
            for key in ("message", "error_description", "detail", "error", "reason", "title"):
                item = value.get(key)
                if isinstance(item, dict):
                    item = item.get("message")
                if isinstance(item, str) and item.strip():
                    return _one_line(item)
    if "html" in content_type or "xml" in content_type or text.lstrip().startswith("<"):
        parser = _TextOfMarkup()
        try:
            parser.feed(text)
            parser.close()
            text = "".join(parser.parts)
        except (AssertionError, ValueError):  # not markup after all
            pass
    lines = []
    for raw in text.splitlines():
        line = " ".join(raw.split())
        if line.startswith("SPARQL query:"):  # Virtuoso echoes the whole request after its message
            break
        if line:
            lines.append(line)
    coded = [line for line in lines if _ERROR_CODE.search(line)]
    chosen = coded[:2] or [line for line in lines if not _BOILERPLATE.search(line)][:2] or lines[:1]
    return _one_line("; ".join(chosen))


def _one_line(text: str, limit: int = 400) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ---------------------------------------------------------------- the client

@dataclass
class Response:
    status: int
    headers: Message
    body: bytes
    url: str
    sent_auth: str | None = None  # the scheme of the credentials a 401 refused

    @property
    def media_type(self) -> str:
        return (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()


class _NoRedirects(urllib.request.HTTPErrorProcessor):
    """Hand every response back as it is: newsld decides about redirects and errors itself."""

    def http_response(self, request: urllib.request.Request, response: Any) -> Any:
        return response

    https_response = http_response


class HttpClient:
    """Requests to the servers the user named: retries for "not now" answers and lost connections, none for a
    timeout; credentials only for the named origins; one auth round trip per origin, then reused."""

    def __init__(self, allowed: Iterable[str], *, timeout: float = DEFAULT_TIMEOUT, retries: int = DEFAULT_RETRIES,
                 backoff: float = 0.5) -> None:
        if timeout <= 0:
            raise UsageError("--timeout must be more than 0 seconds")
        if retries < 0:
            raise UsageError("--retries must be 0 or more")
        self.secrets = Secrets()
        self.servers: dict[tuple[str, str, int], str] = {}  # origin -> its Server header, once seen
        self.auth: dict[tuple[str, str, int], OriginAuth] = {}
        for url in allowed:
            key = origin(url)
            if key not in self.auth:
                self.auth[key] = OriginAuth(Credentials.for_host(key[1], self.secrets))
        loopback = all(is_loopback(key[1]) for key in self.auth)
        # a proxy from the environment must never see loopback traffic
        handlers: list[Any] = [urllib.request.ProxyHandler({} if loopback else None), _NoRedirects()]
        self.opener = urllib.request.build_opener(*handlers)
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff

    # one exchange, no retries, no redirects
    def _exchange(self, method: str, url: str, body: bytes | None, headers: dict[str, str]) -> Response:
        request = urllib.request.Request(url, data=body, method=method, headers=headers)
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                data = b"" if method == "HEAD" else bytes(response.read())
                if response.headers.get("Server"):
                    self.servers[origin(url)] = response.headers["Server"]
                return Response(response.status, response.headers, data, url)
        except urllib.error.HTTPError as e:  # pragma: no cover  (_NoRedirects returns every status)
            return Response(e.code, e.headers, e.read(), url)

    def _authenticated(self, method: str, url: str, body: bytes | None, headers: dict[str, str]) -> Response:
        auth = self.auth.get(origin(url))
        if auth is None:  # only the named origins ever get credentials
            return self._exchange(method, url, body, headers)
        parts = urllib.parse.urlsplit(url)
        uri = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        fresh = False  # True when the credentials about to be sent answer a challenge received just now
        if auth.scheme is None and auth.credentials.has_password and body:
            # learn the scheme with a body-less request, so the body is sent once and never unauthenticated
            probe = self._exchange("HEAD", url, None, {})
            if probe.status == 401:
                if not auth.answer(parse_challenges(probe.headers.get_all("WWW-Authenticate") or [])):
                    return probe
                fresh = True
        response = None
        for _ in range(3):
            sent = dict(headers)
            value = auth.header(method, uri, body)
            if value:
                sent["Authorization"] = value
            response = self._exchange(method, url, body, sent)
            if response.status != 401:
                return response
            response.sent_auth = auth.scheme if value else None
            challenges = parse_challenges(response.headers.get_all("WWW-Authenticate") or [])
            stale = any(ch.params.get("stale", "").lower() == "true" for ch in challenges if ch.scheme == "digest")
            # a refusal of credentials that answered a fresh challenge is final, unless the nonce went stale
            if (fresh and not stale) or not auth.answer(challenges):
                auth.challenges = challenges
                return response
            fresh = True
        assert response is not None
        return response

    def request(self, method: str, url: str, body: bytes | None = None,
                headers: dict[str, str] | None = None, *, expect: str = "") -> Response:
        """Send one request; returns a 2xx response or raises StoreError saying what failed and what to do."""
        headers = dict(headers or {})
        start = origin(url)
        where = f"{method} {redact(url)}"
        last_error = ""
        for attempt in range(self.retries + 1):
            try:
                response = self._follow(method, url, body, headers, start, where)
            except (OSError, http.client.HTTPException) as e:  # refused, reset, unreachable, cut short, timed out
                reason = e.reason if isinstance(e, urllib.error.URLError) else e
                if isinstance(reason, TimeoutError):
                    raise self._timeout(where) from None
                if isinstance(reason, socket.gaierror):
                    raise StoreError(f"{where} failed: the host name cannot be resolved ({reason.strerror})") from None
                last_error = (reason.strerror if isinstance(reason, OSError) and reason.strerror else str(reason)) \
                    or type(reason).__name__
            else:
                if response.status < 300:
                    return response
                if response.status not in RETRY_STATUSES:
                    raise ServerError(self.secrets.mask(self._failure(where, response, expect)), response.status)
                last_error = f"HTTP {response.status}: {error_reason(response.body, response.media_type)}"
                if attempt < self.retries:
                    time.sleep(self._retry_after(response, attempt))
                    continue
            if attempt < self.retries:
                time.sleep(self.backoff * (2 ** attempt))
        attempts = f"after {self.retries + 1} attempts" if self.retries else "(no retries: --retries 0)"
        raise StoreError(self.secrets.mask(f"{where} failed {attempts}: {last_error}"))

    def server_software(self, url: str) -> str:
        """The Server header of the server at `url` (one HEAD request if none was seen yet); "" if unknown."""
        key = origin(url)
        if key not in self.servers:
            with contextlib.suppress(OSError, http.client.HTTPException):  # then nothing is known of it
                self._exchange("HEAD", url, None, {})
            self.servers.setdefault(key, "")
        return self.servers[key]

    def _timeout(self, where: str) -> ServerTimeout:
        return ServerTimeout(f"{where}: no answer within {self.timeout:g} s (--timeout); not retried, as the server "
                             "may still be working on it: raise --timeout, or send less at once with --batch")

    def _retry_after(self, response: Response, attempt: int) -> float:
        value = response.headers.get("Retry-After", "")
        if value.strip().isdigit():
            return min(float(value), 30.0)
        return float(self.backoff * (2 ** attempt))

    def _follow(self, method: str, url: str, body: bytes | None, headers: dict[str, str],
                start: tuple[str, str, int], where: str) -> Response:
        for _ in range(MAX_REDIRECTS + 1):
            response = self._authenticated(method, url, body, headers)
            if response.status not in REDIRECTS or not response.headers.get("Location"):
                return response
            target = urllib.parse.urljoin(url, response.headers["Location"])
            if origin(target) != start:
                raise StoreError(f"{where} was redirected (HTTP {response.status}) to another origin, "
                                 f"{redact(target)}; newsld follows redirects only within "
                                 f"{start[0]}://{start[1]}:{start[2]}, so that credentials never leave it: give "
                                 "the new URL as the endpoint if you trust it")
            if response.status == 303 and method not in ("GET", "HEAD"):
                method, body = "GET", None
                headers = {k: v for k, v in headers.items() if k.lower() != "content-type"}
            elif response.status in (301, 302) and method not in ("GET", "HEAD"):
                raise StoreError(f"{where} was redirected (HTTP {response.status}) to {redact(target)}, which "
                                 f"would turn the {method} into a GET: give that URL as the endpoint")
            url = target
        raise StoreError(f"{where}: more than {MAX_REDIRECTS} redirects")

    def _failure(self, where: str, response: Response, expect: str) -> str:
        reason = error_reason(response.body, response.media_type) or "(no reason given)"
        message = f"{where} failed: HTTP {response.status}: {reason}"
        auth = self.auth.get(origin(response.url))
        server = response.headers.get("Server") or ""
        virtuoso = "virtuoso" in server.lower() or "SECURITY" in reason
        if response.status == 401 and auth is not None:
            credentials, sent = auth.credentials, response.sent_auth
            if sent:
                message += (f"; the server did not accept the credentials from {credentials.source_of(sent)} "
                            f"({sent.capitalize()}); it asks for {auth.asked_for()}")
            else:
                message += f"; the server asks for {auth.asked_for()}"
            schemes = {ch.scheme for ch in auth.challenges}
            needed = []
            if schemes & {"basic", "digest"} and not credentials.has_password:
                needed.append(f"NEWSLD_USER and NEWSLD_PASSWORD (or a netrc entry for {origin(response.url)[1]})")
            if "bearer" in schemes and not credentials.token:
                needed.append("NEWSLD_TOKEN")
            if needed:
                message += ": set " + ", or ".join(needed)
            elif not sent and credentials.source:
                message += f", which the credentials from {credentials.source} cannot answer"
        elif response.status == 403 or (virtuoso and "SECURITY" in reason):
            user = auth.credentials.user if auth is not None and auth.credentials.user else "USER"
            if virtuoso:
                message += (f"; the account may not change data: an administrator can grant it with isql-vt: "
                            f'GRANT SPARQL_UPDATE TO "{user}";')
            else:
                message += "; the account may not do this: ask the server's administrator for write access"
        elif response.status == 404 and expect:
            message += f"; check the URL: it should be the server's {expect}"
        elif response.status in (405, 415) and expect:
            message += f"; is this the server's {expect}?"
        return message
