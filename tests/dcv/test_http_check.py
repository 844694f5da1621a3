"""The http/https checks against real web servers, the hosts found through real DNS (nsd)."""

from __future__ import annotations

from tests.dcv.web import WELL_KNOWN, Answer, Web
from tests.dcv.world import WEB, World
from tui_app.core.dcv_check.checker import check_targets
from tui_app.core.dcv_check.model import HostResult
from tui_app.core.dcv_check.settings import CheckSettings
from tui_app.core.dcv_check.target import FileTarget, HostTarget

CONTENTS = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\nsectigo.com\nu7Q2"


def _settings(world: World, web: Web, **changes: object) -> CheckSettings:
    ports = {"http_port": web.http_port, "https_port": web.https_port, "trust_cafile": web.cafile}
    return world.settings(**{**ports, **changes})


def _file(url: str, contents: str = CONTENTS) -> HostTarget:
    method = url.split(":", 1)[0]
    host = url.split("/")[2]
    return HostTarget(host, method, file=FileTarget(url, contents))


async def _one(settings: CheckSettings, target: HostTarget) -> HostResult:
    (result,) = [r async for r in check_targets([target], settings)]
    return result


async def test_the_file_is_fetched_as_the_ca_does_and_published(world: World, web: Web) -> None:
    path = web.route("agree.test", "OK.txt", Answer(body="  " + CONTENTS.replace("\n", " \r\n")))
    result = await _one(_settings(world, web), _file(f"http://agree.test{path}"))
    assert result.state == "published"
    (server,) = result.servers
    assert (server.server, server.address, server.state) == (
        f"http://agree.test{path}",
        WEB,
        "published",
    )
    assert server.seen == CONTENTS.splitlines()[0]
    # The CA's user agent and its Host header, even though the port was moved.
    asked = [s for s in web.seen if s.path == path]
    assert asked and {(s.host, s.user_agent) for s in asked} == {("agree.test", "COMODO DCV")}


async def test_other_contents_are_different_and_show_the_first_line(world: World, web: Web) -> None:
    path = web.route("agree.test", "WRONG.txt", Answer(body="\nold-value\nsectigo.com\n"))
    result = await _one(_settings(world, web), _file(f"http://agree.test{path}"))
    assert result.state == "different"
    assert result.servers[0].seen == "old-value"


async def test_a_404_is_missing(world: World, web: Web) -> None:
    result = await _one(_settings(world, web), _file(f"http://agree.test{WELL_KNOWN}NONE.txt"))
    assert result.state == "missing"
    assert result.servers[0].seen == "HTTP 404 (no such file)"


async def test_a_server_error_is_unreachable(world: World, web: Web) -> None:
    path = web.route("agree.test", "ERR.txt", Answer(500, "oops"))
    result = await _one(_settings(world, web), _file(f"http://agree.test{path}"))
    assert (result.state, result.servers[0].seen) == ("unreachable", "HTTP 500")


async def test_a_slow_answer_is_unreachable_after_the_query_time(world: World, web: Web) -> None:
    path = web.route("agree.test", "SLOW.txt", Answer(body=CONTENTS, delay=3))
    result = await _one(_settings(world, web), _file(f"http://agree.test{path}"))
    assert result.state == "unreachable"
    assert result.servers[0].seen == "no answer within 1 s"


async def test_redirects_to_https_and_to_www_are_followed(world: World, web: Web) -> None:
    final = web.route("www.agree.test", "MOVED.txt", Answer(body=CONTENTS))
    web.route("agree.test", "MOVED.txt", Answer(301, location=f"https://www.agree.test{final}"))
    web.routes[("agree.test", final + "?x")] = Answer(308, location=f"https://agree.test{final}")
    result = await _one(_settings(world, web), _file(f"http://agree.test{final}?x"))
    assert result.state == "published", result.servers
    # http -> https (308), then the bare name -> www (301), then the file over TLS.
    hops = [(s.host, s.tls) for s in web.seen if s.path.startswith(final)][-3:]
    assert hops == [("agree.test", False), ("agree.test", True), ("www.agree.test", True)]


async def test_a_redirect_the_ca_will_not_follow_is_blocked_and_named(
    world: World, web: Web
) -> None:
    cases = {
        "PORT.txt": Answer(302, location="http://agree.test:8080/x.txt"),
        "HOST.txt": Answer(302, location="http://cdn.agree.test/x.txt"),
        "FTP.txt": Answer(301, location="ftp://agree.test/x.txt"),
        "SEE.txt": Answer(303, location="http://agree.test/x.txt"),
    }
    seen = {}
    for name, answer in cases.items():
        path = web.route("agree.test", name, answer)
        result = await _one(_settings(world, web), _file(f"http://agree.test{path}"))
        assert result.state == "blocked", name
        seen[name] = result.servers[0].seen
    assert seen["PORT.txt"] == (
        "hop 1: 302 to http://agree.test:8080/x.txt (port 8080: the CA uses only 80 (http) "
        "and 443 (https))"
    )
    assert "(another host: the CA follows only agree.test and www.agree.test)" in seen["HOST.txt"]
    assert "ftp scheme" in seen["FTP.txt"]
    assert seen["SEE.txt"].startswith("hop 1: 303 to http://agree.test/x.txt (the CA follows only")


async def test_a_third_redirect_is_one_too_many(world: World, web: Web) -> None:
    web.route(
        "agree.test", "R1.txt", Answer(302, location=f"http://www.agree.test{WELL_KNOWN}R2.txt")
    )
    web.route(
        "www.agree.test", "R2.txt", Answer(302, location=f"http://agree.test{WELL_KNOWN}R3.txt")
    )
    web.route("agree.test", "R3.txt", Answer(302, location=f"http://agree.test{WELL_KNOWN}R4.txt"))
    web.route("agree.test", "R4.txt", Answer(body=CONTENTS))
    result = await _one(_settings(world, web), _file(f"http://agree.test{WELL_KNOWN}R1.txt"))
    assert result.state == "blocked"
    assert result.servers[0].seen.startswith("hop 3: 302 to http://agree.test")
    assert "the CA follows at most 2" in result.servers[0].seen


async def test_https_reports_the_certificate_without_requiring_it(world: World, web: Web) -> None:
    states = {}
    for host in ("agree.test", "www.agree.test", "old.agree.test", "bad.agree.test"):
        path = web.route(host, "TLS.txt", Answer(body=CONTENTS))
        result = await _one(_settings(world, web), _file(f"https://{host}{path}"))
        assert result.state == "published", host
        states[host] = result.detail.split("Certificate: ", 1)[1]
    assert states["agree.test"] == "self-signed."
    assert states["www.agree.test"] == "valid."
    assert states["old.agree.test"].startswith("expired on ")
    assert states["bad.agree.test"] == "name mismatch (it is for elsewhere.test)."


async def test_the_test_ca_is_not_trusted_by_default(world: World, web: Web) -> None:
    path = web.route("www.agree.test", "CA.txt", Answer(body=CONTENTS))
    result = await _one(
        _settings(world, web, trust_cafile=None), _file(f"https://www.agree.test{path}")
    )
    assert result.state == "published"
    assert "Certificate: not trusted (" in result.detail


async def test_a_host_without_an_address_is_unreachable(world: World, web: Web) -> None:
    result = await _one(_settings(world, web), _file(f"http://nowhere.agree.test{WELL_KNOWN}x.txt"))
    assert result.state == "unreachable"
    assert result.detail == "nowhere.agree.test has no address (no A or AAAA record)."
