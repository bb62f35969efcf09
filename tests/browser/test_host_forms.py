"""The host audit is at least as strict as Chromium: every hand-written form of reference in
tests/host_forms.py is either refused by ``audit_site`` or loads nothing from another host.

The other host is a listener at 127.0.0.2 (the pages are served from 127.0.0.1), so a
contact is seen however Chromium makes it: a request Playwright reports, a TLS handshake
for https://, a bare connection for ``preconnect``, a ping sent by the browser process.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from jixiao.postbuild.host_audit import audit_site
from tests.browser.conftest import Recorded, _serve
from tests.host_forms import FORMS, LOCAL_FORMS, Form


class Witness:
    """A listener standing for another host: remembers the first line of each connection."""

    def __init__(self) -> None:
        self._server = socket.create_server(("127.0.0.2", 0))
        self.host = f"127.0.0.2:{self._server.getsockname()[1]}"
        self._contacts: list[str] = []
        self._lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self._server.accept()
            except OSError:  # closed
                return
            threading.Thread(target=self._answer, args=(connection,), daemon=True).start()

    def _answer(self, connection: socket.socket) -> None:
        with connection:
            connection.settimeout(2)
            try:
                first = connection.recv(2048)
            except OSError:
                first = b""
            line = first.split(b"\r\n", 1)[0].decode("latin-1") if first else ""
            if not line.isprintable():
                line = "(TLS handshake)"
            with self._lock:
                self._contacts.append(line or "(connection only)")
            if first.startswith((b"GET ", b"POST ", b"HEAD ")):
                with contextlib.suppress(OSError):
                    connection.sendall(b"HTTP/1.0 404 Not Found\r\nContent-Length: 0\r\n\r\n")

    def take(self) -> list[str]:
        """The contacts since the last call."""
        with self._lock:
            contacts, self._contacts = self._contacts, []
        return contacts

    def close(self) -> None:
        self._server.close()


@pytest.fixture(scope="module")
def witness() -> Iterator[Witness]:
    listener = Witness()
    try:
        yield listener
    finally:
        listener.close()


@pytest.fixture(scope="module")
def forms_site(
    tmp_path_factory: pytest.TempPathFactory, witness: Witness
) -> Iterator[tuple[Path, str]]:
    """Each form in its own folder (named by its id), all served from 127.0.0.1."""
    root = tmp_path_factory.mktemp("host-forms")
    for form in [*FORMS, *LOCAL_FORMS]:
        form.write(root / form.id, witness.host)
    with contextlib.contextmanager(_serve)(root, "/") as url:
        yield root, url


def contacts(recorded: Recorded, witness: Witness, url: str, form: Form) -> list[str]:
    """What reached the other host while Chromium opened the form's page (and ran its action)."""
    from playwright.sync_api import Error as PlaywrightError

    page = recorded.page
    witness.take()
    with contextlib.suppress(PlaywrightError):  # a refresh may navigate away mid-load
        page.goto(url + form.id + "/" + form.page)
        if form.action:
            page.evaluate(form.action)
        page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)  # stragglers: pings, preconnects
    return recorded.foreign_requests() + witness.take()


@pytest.mark.parametrize("form", FORMS, ids=lambda form: form.id)
def test_what_the_audit_passes_chromium_loads_from_no_other_host(
    recorded: Recorded, witness: Witness, forms_site: tuple[Path, str], form: Form
) -> None:
    root, url = forms_site
    contacted = contacts(recorded, witness, url, form)
    refused = [ref.render() for ref in audit_site(root / form.id)]
    assert refused or not contacted, f"the audit passed a page that contacted {contacted}"
    # The form is real: Chromium does contact the other host (otherwise the case proves
    # nothing), or the corpus says why it does not.
    if form.live is not None:
        assert bool(contacted) == form.live, form.why or contacted


@pytest.mark.parametrize("form", LOCAL_FORMS, ids=lambda form: form.id)
def test_local_look_alikes_pass_the_audit_and_load_nothing_from_elsewhere(
    recorded: Recorded, witness: Witness, forms_site: tuple[Path, str], form: Form
) -> None:
    root, url = forms_site
    assert contacts(recorded, witness, url, form) == []
    assert audit_site(root / form.id) == []
