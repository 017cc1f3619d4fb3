"""Fetch one public page (or a picture on it), only because she gave its address.

This is the only module in exposure that touches the network. Everything a server sends is
hostile, so every limit is ours, not the server's: connect and read timeouts plus a deadline for
the whole body; a size cap counted on the decompressed bytes (a gzip bomb stops at the cap);
redirects followed one hop at a time, each hop checked again (http and https only, and every
address the name resolves to must be public unless ``allow_local``); the connection goes to the
address that was checked, so a second DNS answer cannot swap in a private one; no cookies are
kept; the User-Agent says what we are; 429 with Retry-After is honoured when the wait is short;
requests to one host are made one at a time with a pause between them.
"""

from __future__ import annotations

import email.utils
import http.client
import http.cookiejar
import ipaddress
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

import requests
import urllib3
from requests.adapters import HTTPAdapter

from audit import __version__, sanitize
from audit.errors import UserFacingError
from audit.models import Lang, Text
from audit.profile import words

USER_AGENT = f"exposure/{__version__} (self-audit of one's own profile)"
HTML_TYPES = ("text/html", "application/xhtml+xml")
IMAGE_PREFIX = "image/"
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class FetchOptions:
    """The limits one fetch works within; the defaults suit a person's own profile page."""

    allow_local: bool = False
    connect_timeout: float = 5.0
    #: Longest wait for the next bytes from the server.
    read_timeout: float = 15.0
    #: Longest time for one response, headers and body together.
    deadline: float = 30.0
    max_bytes: int = 5 * 1024 * 1024
    max_hops: int = 5
    #: Longest Retry-After we wait for; a longer one ends the fetch with a clear message.
    max_retry_wait: float = 10.0
    retries_on_429: int = 1
    #: Pause between two requests to the same host.
    host_interval: float = 1.0


@dataclass(frozen=True)
class Fetched:
    """A response body within the caps, with what is needed to decode it."""

    url: str
    final_url: str
    status: int
    content_type: str
    charset: str | None
    body: bytes
    #: The body was longer than the cap and was cut there.
    truncated: bool


class FetchError(UserFacingError):
    """A fetch that ended without a usable body; ``code`` is stable, ``message`` is for her."""

    def __init__(self, code: str, message: Text) -> None:
        super().__init__(message)
        self.code = code


def _error(code: str, message: Text, **values: object) -> FetchError:
    """The error, with every value that came from the page or the server made safe to print."""
    safe = {
        name: value if isinstance(value, int | float) else sanitize.terminal(str(value))[:120]
        for name, value in values.items()
    }
    return FetchError(code, message.format(**safe))


class _NoCookies(requests.cookies.RequestsCookieJar):
    """A cookie jar that refuses every cookie: what a stranger sees is the logged-out page."""

    def __init__(self) -> None:
        super().__init__(policy=http.cookiejar.DefaultCookiePolicy(allowed_domains=[]))

    def set_cookie(self, cookie: http.cookiejar.Cookie, *args: Any, **kwargs: Any) -> None:
        return None


class _PinnedAdapter(HTTPAdapter):
    """Connects to the checked address while TLS still checks the certificate of the name."""

    def __init__(self, hostname: str) -> None:
        self._hostname = hostname
        super().__init__(max_retries=0)

    def init_poolmanager(
        self, connections: int, maxsize: int, block: bool = False, **kw: Any
    ) -> None:
        super().init_poolmanager(
            connections,
            maxsize,
            block,
            server_hostname=self._hostname,
            assert_hostname=self._hostname,
            **kw,
        )


def resolve(host: str, port: int) -> list[str]:
    """Every address the name resolves to (tests replace this to simulate DNS answers)."""
    try:
        return [str(ipaddress.ip_address(host))]
    except ValueError:
        pass
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    blocked = (
        ip.is_loopback
        or ip.is_private
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
    )
    return ip.is_global and not blocked


_host_locks: dict[str, threading.Lock] = {}
_host_last: dict[str, float] = {}
_locks_guard = threading.Lock()


def _host_lock(host: str) -> threading.Lock:
    with _locks_guard:
        return _host_locks.setdefault(host, threading.Lock())


@dataclass(frozen=True)
class _Target:
    url: str
    scheme: str
    host: str
    port: int
    address: str


def _check(url: str, options: FetchOptions) -> _Target:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise _error("bad-url", words.FETCH_NOT_AN_ADDRESS, url=url) from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise _error(
            "bad-scheme",
            words.FETCH_BAD_SCHEME,
            scheme=scheme or "(none)",
        )
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise _error("bad-url", words.FETCH_NO_HOST, url=url)
    port = port or (443 if scheme == "https" else 80)
    try:
        addresses = resolve(host, port)
    except (OSError, UnicodeError):
        raise _error("dns", words.FETCH_DNS, host=host) from None
    if not addresses:
        raise _error("dns", words.FETCH_DNS, host=host)
    if not options.allow_local:
        for address in addresses:
            if not is_public(address):
                raise _error(
                    "private-address",
                    words.FETCH_PRIVATE_ADDRESS,
                    host=host,
                    address=address,
                )
    return _Target(url, scheme, host, port, addresses[0])


def _wire_url(target: _Target) -> str:
    parts = urlsplit(target.url)
    address = f"[{target.address}]" if ":" in target.address else target.address
    default = 443 if target.scheme == "https" else 80
    netloc = address if target.port == default else f"{address}:{target.port}"
    return urlunsplit((target.scheme, netloc, parts.path or "/", parts.query, ""))


def _host_header(target: _Target) -> str:
    default = 443 if target.scheme == "https" else 80
    host = f"[{target.host}]" if ":" in target.host else target.host
    return host if target.port == default else f"{host}:{target.port}"


def _session(target: _Target) -> requests.Session:
    session = requests.Session()
    session.trust_env = False
    session.cookies = _NoCookies()
    if target.scheme == "https":
        session.mount("https://", _PinnedAdapter(target.host))
    return session


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _content_type(response: requests.Response) -> tuple[str, str | None]:
    raw = response.headers.get("Content-Type", "")
    kind, _, rest = raw.partition(";")
    charset = None
    for parameter in rest.split(";"):
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip("\"'")[:40]
    return kind.strip().lower(), charset


def _body(response: requests.Response, options: FetchOptions, started: float) -> tuple[bytes, bool]:
    """The decompressed body, up to the cap, within the deadline."""
    declared = response.headers.get("Content-Length", "")
    encoded = response.headers.get("Content-Encoding", "").strip().lower() not in ("", "identity")
    if declared.isdigit() and not encoded and int(declared) > options.max_bytes * 4:
        response.close()
        return b"", True
    chunks: list[bytes] = []
    total = 0
    try:
        while total <= options.max_bytes:
            if time.monotonic() - started > options.deadline:
                raise _too_slow(options)
            chunk = response.raw.read1(_CHUNK, decode_content=True)
            if not chunk:
                return b"".join(chunks), False
            chunks.append(chunk)
            total += len(chunk)
    except FetchError:
        raise
    except (
        requests.RequestException,
        urllib3.exceptions.HTTPError,  # read straight from urllib3: a body cut off mid-way
        http.client.HTTPException,
        OSError,
        ValueError,
    ) as error:
        raise _network_error(error) from None
    finally:
        response.close()
    body = b"".join(chunks)
    return body[: options.max_bytes], True


def _network_error(error: BaseException) -> FetchError:
    text = f"{type(error).__name__}: {error}"
    if isinstance(error, requests.exceptions.SSLError):
        return _error(
            "certificate",
            words.FETCH_CERTIFICATE,
        )
    if "timed out" in text.lower() or "timeout" in text.lower():
        return _error(
            "timeout",
            words.FETCH_TIMEOUT,
        )
    if "decod" in text.lower() or "zlib" in text.lower():
        return _error(
            "bad-encoding",
            words.FETCH_BAD_ENCODING,
        )
    return _error("connection", words.FETCH_CONNECTION)


def _status_error(status: int, host: str) -> FetchError:
    if status == 404 or status == 410:
        return _error(
            "not-found",
            words.FETCH_NOT_FOUND,
            host=host,
            status=status,
        )
    if status in (401, 403):
        return _error(
            "forbidden",
            words.FETCH_FORBIDDEN,
            host=host,
            status=status,
        )
    if status == 429:
        return _error(
            "rate-limited",
            words.FETCH_RATE_LIMITED,
            host=host,
        )
    return _error(
        "server-error",
        words.FETCH_SERVER_ERROR,
        host=host,
        status=status,
    )


def _too_slow(options: FetchOptions) -> FetchError:
    return _error(
        "too-slow",
        words.FETCH_TOO_SLOW,
        seconds=options.deadline,
    )


def _get(target: _Target, options: FetchOptions, left: float) -> requests.Response:
    """One GET, its headers within ``left`` seconds however slowly the server drips them.

    The read timeout restarts with every byte, so a server sending one byte a second could hold
    the headers for hours; the request runs in a helper thread that is abandoned (and ends at
    its own read timeout) once the time is up.
    """
    # The session stays open: the body is still to be read from its connection, and closing
    # the response releases it.
    session = _session(target)
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["response"] = session.get(
                _wire_url(target),
                headers={
                    "Host": _host_header(target),
                    "User-Agent": USER_AGENT,
                    "Accept": "text/html,application/xhtml+xml,image/*;q=0.8",
                    "Accept-Encoding": "gzip, deflate",
                },
                allow_redirects=False,
                stream=True,
                timeout=(options.connect_timeout, options.read_timeout),
            )
        except Exception as error:  # handed to the caller below
            outcome["error"] = error

    worker = threading.Thread(target=run, name="exposure-fetch", daemon=True)
    worker.start()
    worker.join(max(0.0, left))
    if worker.is_alive():
        raise _too_slow(options)
    error = outcome.get("error")
    if isinstance(error, requests.RequestException | OSError):
        raise _network_error(error)
    if error is not None:
        raise error
    response: requests.Response = outcome["response"]
    return response


def _one_request(target: _Target, options: FetchOptions, started: float) -> requests.Response:
    lock = _host_lock(target.host)
    with lock:
        wait = _host_last.get(target.host, 0.0) + options.host_interval - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        try:
            return _get(target, options, options.deadline - (time.monotonic() - started))
        finally:
            _host_last[target.host] = time.monotonic()


def _responses(
    url: str, options: FetchOptions, started: float
) -> Iterator[tuple[_Target, requests.Response]]:
    """Each hop's response in turn, redirects checked, until one is not a redirect."""
    seen: set[str] = set()
    current = url
    for _ in range(options.max_hops + 1):
        if current in seen:
            raise _error(
                "redirect-loop",
                words.FETCH_REDIRECT_LOOP,
            )
        seen.add(current)
        target = _check(current, options)
        tries = 0
        while True:
            response = _one_request(target, options, started)
            if response.status_code != 429 or tries >= options.retries_on_429:
                break
            wait = _retry_after(response.headers.get("Retry-After"))
            response.close()
            if wait is None or wait > options.max_retry_wait:
                raise _status_error(429, target.host)
            time.sleep(wait)
            tries += 1
        yield target, response
        if response.is_redirect:
            location = response.headers.get("Location", "")
            response.close()
            current = urljoin(current, location)
            continue
        return
    raise _error(
        "too-many-redirects",
        words.FETCH_TOO_MANY_REDIRECTS,
        hops=options.max_hops,
    )


def fetch(url: str, options: FetchOptions = FetchOptions(), want: str = "html") -> Fetched:
    """The body of ``url`` (``want`` is "html" or "image"), or FetchError saying why not."""
    started = time.monotonic()
    last: tuple[_Target, requests.Response] | None = None
    for last in _responses(url, options, started):
        if time.monotonic() - started > options.deadline:
            last[1].close()
            raise _too_slow(options)
    assert last is not None
    target, response = last
    if response.status_code >= 400:
        response.close()
        raise _status_error(response.status_code, target.host)
    kind, charset = _content_type(response)
    acceptable = kind in HTML_TYPES if want == "html" else kind.startswith(IMAGE_PREFIX)
    if not acceptable:
        response.close()
        expected = words.A_WEB_PAGE if want == "html" else words.A_PICTURE
        shown = sanitize.terminal(kind)[:60]
        gives = {
            lang: words.ADDRESS_GIVES.get(lang).format(
                kind=shown or words.UNNAMED_TYPE.get(lang), expected=expected.get(lang)
            )
            for lang in Lang
        }
        raise FetchError(
            "not-html" if want == "html" else "not-image", Text(gives[Lang.EN], gives[Lang.ZH])
        )
    body, truncated = _body(response, options, started)
    return Fetched(
        url=url,
        final_url=target.url,
        status=response.status_code,
        content_type=kind,
        charset=charset,
        body=body,
        truncated=truncated,
    )
