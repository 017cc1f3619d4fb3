"""The fetcher against a hostile local server: each case ends with a clear message, within caps.

The server runs on 127.0.0.1, so these tests pass ``allow_local``; the tests about private
addresses replace name resolution (``fetch.resolve``) or treat the test server as public, so that
the refusal is tested without any request leaving the machine.
"""

from __future__ import annotations

import gzip
import threading
import time
import zlib

import pytest
from local_server import redirect, send, serve

from audit.sources import fetch as fetcher
from audit.sources.fetch import USER_AGENT, FetchError, FetchOptions, fetch

PAGE = "<html><head><title>林小雨</title></head><body><p>小红书号：95123456</p></body></html>"
QUICK = FetchOptions(
    allow_local=True,
    connect_timeout=2,
    read_timeout=1,
    deadline=3,
    max_bytes=256 * 1024,
    max_retry_wait=2,
    host_interval=0,
)


def _page(handler):
    send(handler, PAGE.encode())


def _failure(url: str, options: FetchOptions = QUICK, want: str = "html") -> FetchError:
    with pytest.raises(FetchError) as raised:
        fetch(url, options, want=want)
    error = raised.value
    assert error.message.en and error.message.zh and error.message.en != error.message.zh
    return error


def test_a_page_is_fetched_with_an_honest_agent_and_no_cookies():
    def set_cookie(handler):
        send(handler, b"", status=302, headers={"Location": "/check", "Set-Cookie": "sid=abc"})

    with serve({"/": set_cookie, "/check": _page}) as server:
        got = fetch(server.base + "/", QUICK)
    assert got.status == 200 and got.charset == "utf-8" and not got.truncated
    assert got.body.decode() == PAGE
    assert got.final_url == server.base + "/check"
    assert [path for path, _ in server.requests] == ["/", "/check"]
    for _, headers in server.requests:
        assert headers["User-Agent"] == USER_AGENT
        assert "Cookie" not in headers


def test_slow_headers_end_with_a_timeout():
    def slow(handler):
        time.sleep(2.5)
        send(handler, PAGE.encode())

    with serve({"/": slow}) as server:
        assert _failure(server.base + "/").code == "timeout"


def _trickling(content_type: str, piece: bytes, pause: float):
    """A handler that sends ``piece`` every ``pause`` seconds, a hundred times."""

    def trickle(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", content_type)
        handler.end_headers()
        for _ in range(100):
            handler.wfile.write(piece)
            handler.wfile.flush()
            time.sleep(pause)

    return trickle


def test_a_trickling_endless_body_ends_at_the_deadline():
    trickle = _trickling("text/html", b"<p>x</p>", 0.2)
    options = FetchOptions(allow_local=True, read_timeout=1, deadline=1.5, host_interval=0)
    with serve({"/": trickle}) as server:
        assert _failure(server.base + "/", options).code == "too-slow"


def test_an_endless_fast_body_is_cut_at_the_cap():
    def endless(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.end_headers()
        chunk = b"<p>" + b"x" * 65536 + b"</p>"
        for _ in range(2000):
            handler.wfile.write(chunk)

    with serve({"/": endless}) as server:
        got = fetch(server.base + "/", QUICK)
    assert got.truncated and len(got.body) == QUICK.max_bytes


@pytest.mark.parametrize("encoding", ["gzip", "deflate"])
def test_a_compression_bomb_stops_at_the_cap_on_decompressed_bytes(encoding):
    zeros = b"\0" * (64 * 1024 * 1024)
    bomb = gzip.compress(zeros, 9) if encoding == "gzip" else zlib.compress(zeros, 9)
    assert len(bomb) < 200_000

    def serve_bomb(handler):
        send(handler, bomb, headers={"Content-Encoding": encoding})

    with serve({"/": serve_bomb}) as server:
        got = fetch(server.base + "/", QUICK)
    assert got.truncated and len(got.body) == QUICK.max_bytes


def test_a_redirect_loop_is_named():
    with serve({"/a": lambda h: redirect(h, "/b"), "/b": lambda h: redirect(h, "/a")}) as server:
        assert _failure(server.base + "/a").code == "redirect-loop"


def test_too_many_redirects_stop_at_the_hop_limit():
    def hop(number: int):
        return lambda handler: redirect(handler, f"/r{number + 1}")

    routes = {f"/r{n}": hop(n) for n in range(20)}
    with serve(routes) as server:
        error = _failure(server.base + "/r0")
        assert error.code == "too-many-redirects"
        assert len(server.requests) == QUICK.max_hops + 1


def test_a_redirect_to_a_file_is_refused():
    with serve({"/": lambda h: redirect(h, "file:///etc/passwd")}) as server:
        assert _failure(server.base + "/").code == "bad-scheme"


@pytest.mark.parametrize(
    "target", ["http://10.0.0.1/", "http://169.254.169.254/latest/", "http://[::1]/"]
)
def test_a_redirect_to_a_private_address_is_refused(monkeypatch, target):
    monkeypatch.setattr(fetcher, "is_public", lambda address: address == "127.0.0.1")
    strict = FetchOptions(allow_local=False, read_timeout=1, deadline=3, host_interval=0)
    with serve({"/": lambda h: redirect(h, target)}) as server:
        error = _failure(server.base + "/", strict)
        assert error.code == "private-address"
        assert len(server.requests) == 1


def test_a_name_resolving_to_loopback_is_refused_without_allow_local(monkeypatch):
    monkeypatch.setattr(fetcher, "resolve", lambda host, port: ["127.0.0.1"])
    strict = FetchOptions(allow_local=False, read_timeout=1, deadline=3, host_interval=0)
    with serve({"/": _page}) as server:
        error = _failure(f"http://profile.example:{server.port}/", strict)
        assert error.code == "private-address"
        assert "127.0.0.1" in error.message.en
        assert server.requests == []


def test_one_private_answer_among_public_ones_is_enough_to_refuse(monkeypatch):
    monkeypatch.setattr(fetcher, "resolve", lambda host, port: ["93.184.215.14", "127.0.0.1"])
    assert _failure("http://rebind.example/", FetchOptions(host_interval=0)).code == (
        "private-address"
    )


def test_the_connection_goes_to_the_checked_address_with_the_name_in_host(monkeypatch):
    answers = iter([["127.0.0.1"], ["10.9.9.9"]])
    monkeypatch.setattr(fetcher, "resolve", lambda host, port: next(answers))
    with serve({"/": _page}) as server:
        got = fetch(f"http://profile.example:{server.port}/", QUICK)
        assert got.body.decode() == PAGE
        assert server.requests[0][1]["Host"] == f"profile.example:{server.port}"


def test_non_html_is_refused_and_a_picture_is_not_a_page():
    def png(handler):
        send(handler, b"\x89PNG\r\n\x1a\n" + b"\0" * 100, content_type="image/png")

    with serve({"/": png, "/page": _page}) as server:
        assert _failure(server.base + "/").code == "not-html"
        assert fetch(server.base + "/", QUICK, want="image").content_type == "image/png"
        assert _failure(server.base + "/page", want="image").code == "not-image"


@pytest.mark.parametrize(
    ("status", "code"),
    [(404, "not-found"), (403, "forbidden"), (500, "server-error"), (503, "server-error")],
)
def test_error_statuses_say_what_happened(status, code):
    with serve({"/": lambda h: send(h, b"<h1>no</h1>", status=status)}) as server:
        assert _failure(server.base + "/").code == code


def test_429_with_a_short_retry_after_is_retried_once():
    calls = []

    def limited(handler):
        calls.append(1)
        if len(calls) == 1:
            send(handler, b"slow down", status=429, headers={"Retry-After": "1"})
        else:
            _page(handler)

    with serve({"/": limited}) as server:
        assert fetch(server.base + "/", QUICK).body.decode() == PAGE
    assert len(calls) == 2


def test_429_with_a_long_retry_after_is_not_waited_for():
    with serve(
        {"/": lambda h: send(h, b"later", status=429, headers={"Retry-After": "3600"})}
    ) as server:
        assert _failure(server.base + "/").code == "rate-limited"
        assert len(server.requests) == 1


def test_one_request_at_a_time_per_host():
    state = {"now": 0, "most": 0}
    guard = threading.Lock()

    def counted(handler):
        with guard:
            state["now"] += 1
            state["most"] = max(state["most"], state["now"])
        time.sleep(0.2)
        with guard:
            state["now"] -= 1
        _page(handler)

    with serve({"/": counted}) as server:
        threads = [
            threading.Thread(target=fetch, args=(server.base + "/", QUICK)) for _ in range(3)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(10)
    assert state["most"] == 1


def test_bad_addresses_are_refused_before_any_connection():
    assert _failure("ftp://example.org/").code == "bad-scheme"
    assert _failure("http:///nohost").code == "bad-url"
    assert _failure("http://example.org:99999/").code == "bad-url"


def test_https_goes_to_the_checked_address_while_tls_checks_the_name():
    target = fetcher._Target(
        "https://profile.example/u/1?x=2#frag", "https", "profile.example", 443, "93.184.215.14"
    )
    assert fetcher._wire_url(target) == "https://93.184.215.14/u/1?x=2"
    assert fetcher._host_header(target) == "profile.example"
    session = fetcher._session(target)
    pool_options = session.get_adapter("https://93.184.215.14/").poolmanager.connection_pool_kw
    assert pool_options["server_hostname"] == "profile.example"
    assert pool_options["assert_hostname"] == "profile.example"
    assert session.trust_env is False
    session.cookies.set("sid", "abc", domain="profile.example")
    assert len(session.cookies) == 0


def test_server_words_in_messages_are_made_safe(monkeypatch):
    monkeypatch.setattr(fetcher, "resolve", lambda host, port: ["127.0.0.1"])
    error = _failure("http://evil\u202e.example/", FetchOptions(host_interval=0))
    assert "\u202e" not in error.message.en


def test_headers_dripped_byte_by_byte_end_at_the_deadline():
    def drip(handler):
        handler.wfile.write(b"HTTP/1.1 200 OK\r\n")
        for _ in range(40):
            handler.wfile.write(b"X")
            handler.wfile.flush()
            time.sleep(0.3)

    options = FetchOptions(allow_local=True, read_timeout=1, deadline=1.5, host_interval=0)
    with serve({"/": drip}) as server:
        assert _failure(server.base + "/", options).code == "too-slow"


def test_a_body_cut_off_before_its_declared_length_is_a_broken_connection():
    def cut(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html; charset=utf-8")
        handler.send_header("Content-Length", "100000")
        handler.end_headers()
        handler.wfile.write(PAGE.encode())
        handler.wfile.flush()
        handler.close_connection = True

    with serve({"/": cut}) as server:
        error = _failure(server.base + "/")
    assert error.code == "connection"


def test_a_pages_pictures_share_one_time_budget():
    from audit.inspect import FileOptions
    from audit.profile import pictures
    from audit.profile.model import ImageRole, PageImage

    trickle = _trickling("image/jpeg", b"\xff", 0.1)
    options = FetchOptions(allow_local=True, read_timeout=1, deadline=0.6, host_interval=0)
    images = tuple(PageImage(ImageRole.PHOTO, f"/{n}.jpg", "img") for n in range(8))
    with serve({f"/{n}.jpg": trickle for n in range(8)}) as server:
        base = server.base + "/"
        checked = pictures.fetched_pictures(base, "page", images, FileOptions(), options)
    codes = [picture.result.skip.code for picture in checked]
    assert len(codes) == 8 and codes[0] == "picture-too-slow" and codes[-1] == "picture-time-up"
    # Each fetch takes its whole deadline, so no more than the budget's three are started;
    # on a slow machine, fewer.
    assert 1 <= codes.count("picture-too-slow") <= pictures.PICTURES_BUDGET
    assert codes.count("picture-time-up") == 8 - codes.count("picture-too-slow")
    time_up = checked[-1].result.skip.message
    assert "2 seconds" in time_up.en and "2 秒" in time_up.zh
