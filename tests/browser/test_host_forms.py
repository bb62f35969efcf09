"""The host audit is at least as strict as Chromium: every hand-written form of reference in
tests/host_forms.py is either refused by ``audit_site`` or loads nothing from another host.

The other host is a listener at 127.0.0.2 (the pages are served from 127.0.0.1), one for each
form, so a contact is seen however Chromium makes it: a request Playwright reports, a TLS
handshake for https://, a bare connection for ``preconnect``, a ping sent by the browser
process; and it is seen as the contact of that form alone, whenever it comes.  A batch of
forms is open at once (waiting for each page to settle is most of the time).
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from jixiao.postbuild.host_audit import audit_site
from tests.browser.conftest import Recorded, _serve, record
from tests.host_forms import FORMS, LOCAL_FORMS, Form


class Witness:
    """A listener standing for another host: remembers the first line of each connection."""

    def __init__(self, name: str = "") -> None:
        # 'localhost' is 127.0.0.1 to Chromium; other names are mapped to 127.0.0.2
        # (conftest's --host-resolver-rules).
        address = "127.0.0.1" if name == "localhost" else "127.0.0.2"
        self._server = socket.create_server((address, 0))
        self.host = f"{name or address}:{self._server.getsockname()[1]}"
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


ALL_FORMS = [*FORMS, *LOCAL_FORMS]
POSITION = {form.id: index for index, form in enumerate(ALL_FORMS)}
# Forms whose pages are open at once: each has its own listener and its own page, so what
# reaches a listener or is asked by a page belongs to that form alone.
BATCH = 12


class Visits:
    """Each form's page opened in Chromium (and its action run), a batch of forms at a time:
    what the page asked of other hosts and what reached the form's own listener."""

    def __init__(self, browser: Any, root: Path, url: str, witnesses: dict[str, Witness]):
        self.browser = browser
        self.root = root
        self.url = url
        self.witnesses = witnesses
        self.contacted: dict[str, list[str]] = {}

    def contacts(self, form: Form) -> list[str]:
        """What reached another host while Chromium opened the form's page (and ran its
        action); the form's batch is visited the first time one of its forms is asked for."""
        if form.id not in self.contacted:
            start = POSITION[form.id] - POSITION[form.id] % BATCH
            self._visit(ALL_FORMS[start : start + BATCH])
        return self.contacted[form.id]

    def _visit(self, forms: list[Form]) -> None:
        from playwright.sync_api import Error as PlaywrightError

        recordings: dict[str, Recorded] = {}
        loading: list[Recorded] = []
        try:
            for form in forms:
                self.witnesses[form.id].take()
                recording = recordings[form.id] = record(self.browser.new_page())
                with contextlib.suppress(PlaywrightError):  # a refresh may navigate away
                    recording.page.goto(self.url + form.id + "/" + form.page)
                    if form.action:
                        recording.page.evaluate(form.action)
                    loading.append(recording)
            for recording in loading:
                with contextlib.suppress(PlaywrightError):  # ... mid-load
                    recording.page.wait_for_load_state("networkidle")
            # stragglers: pings, preconnects (every page of the batch waits at least this long)
            recordings[forms[-1].id].page.wait_for_timeout(300)
            for form in forms:
                requested = recordings[form.id].foreign_requests()
                self.contacted[form.id] = requested + self.witnesses[form.id].take()
        finally:
            for recording in recordings.values():
                recording.page.close()

    def late(self) -> dict[str, list[str]]:
        """Contacts that reached a visited form's listener after its visit, for the forms
        the audit passes (for those, any contact at any time is a failure)."""
        late = {form_id: self.witnesses[form_id].take() for form_id in self.contacted}
        return {
            form_id: contacts
            for form_id, contacts in late.items()
            if contacts and not audit_site(self.root / form_id)
        }


@pytest.fixture(scope="module")
def visits(browser: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Visits]:
    """Each form in its own folder (named by its id), all served from 127.0.0.1, each with
    its own listener at 127.0.0.2 standing for the other host."""
    assert len(POSITION) == len(ALL_FORMS), "form ids are unique"
    root = tmp_path_factory.mktemp("host-forms")
    witnesses: dict[str, Witness] = {}
    try:
        for form in ALL_FORMS:
            witnesses[form.id] = Witness(form.host)
            form.write(root / form.id, witnesses[form.id].host)
        with contextlib.contextmanager(_serve)(root, "/") as url:
            visited = Visits(browser, root, url, witnesses)
            yield visited
            late = visited.late()
            assert late == {}, f"pages the audit passes contacted another host late: {late}"
    finally:
        for witness in witnesses.values():
            witness.close()


@pytest.mark.parametrize("form", FORMS, ids=lambda form: form.id)
def test_what_the_audit_passes_chromium_loads_from_no_other_host(
    visits: Visits, form: Form
) -> None:
    contacted = visits.contacts(form)
    refused = [ref.render() for ref in audit_site(visits.root / form.id)]
    assert refused or not contacted, f"the audit passed a page that contacted {contacted}"
    # The form is real: Chromium does contact the other host (otherwise the case proves
    # nothing), or the corpus says why it does not.
    if form.live is not None:
        assert bool(contacted) == form.live, form.why or contacted


@pytest.mark.parametrize("form", LOCAL_FORMS, ids=lambda form: form.id)
def test_local_look_alikes_pass_the_audit_and_load_nothing_from_elsewhere(
    visits: Visits, form: Form
) -> None:
    assert visits.contacts(form) == []
    assert audit_site(visits.root / form.id) == []
