"""The plugin's audits of a built site: no personal number, nothing loaded from another host.

Both read what MkDocs wrote (``postbuild.personal_audit``, ``postbuild.host_audit``), taking
from the memo what earlier builds found of each file, so that a rebuild reads only the files
that changed.  A published build refuses a site that fails either; under ``mkdocs serve`` they
run after the page is shown and only speak (``SiteAudits.later``).
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import BrokenExecutor, ThreadPoolExecutor
from pathlib import Path

from mkdocs.exceptions import PluginError

from jixiao.infra.memo import Memo
from jixiao.infra.workers import Spread, spread
from jixiao.postbuild import search_serve
from jixiao.postbuild.host_audit import (
    Findings,
    HostReference,
    audit_site,
    findings_from_json,
    findings_json,
)
from jixiao.postbuild.personal_audit import PersonalLeak, audit_personal

log = logging.getLogger("mkdocs.plugins.jixiao")

# The memo's kinds of entries the audits keep: the host audit's findings by file hash, the
# files the personal audit found clean.
HOSTS, PERSONAL = "host-audit", "personal-audit"


class SiteAudits:
    """The audits of one build's site, with the numbers its data declares not personal."""

    def __init__(self, memo: Memo, not_personal: list[str], *, shard: bool) -> None:
        self.memo = memo
        self.not_personal = not_personal
        self.shard = shard
        # What the audits found of each file, for a shard's manifest.
        self.host_findings: object = {}
        self.clean_files: list[str] = []

    def hosts(self, site_dir: Path) -> list[HostReference]:
        """The host audit, taking the findings of files an earlier build read from the memo."""
        key = Memo.key(HOSTS)
        known = findings_from_json(self.memo.get_json(HOSTS, key))
        used: dict[bytes, Findings] = {}
        references = audit_site(site_dir, known, used)
        if used.keys() != known.keys():
            self.memo.put_json(HOSTS, key, findings_json(used))
        if self.shard:
            self.host_findings = findings_json(used)
        return references

    def side_by_side(self, site_dir: Path, *, keep: bool) -> list[HostReference]:
        """Both audits of the site, the personal one in a thread whose files are read by worker
        processes where there are many (a build from nothing reads every file: at ten years
        1.4 s, on one core while the other idled), the host audit here meanwhile; the host
        audit's findings.  ``keep``: what the personal audit found clean is kept now (else
        once the index is read too)."""
        with spread() as workers, ThreadPoolExecutor(1, thread_name_prefix="jixiao-audit") as aside:
            personal = aside.submit(self._leaks, site_dir, "", keep=keep, over=workers)
            references = self.hosts(site_dir)
            self._refuse_personal(personal.result())
        return references

    def personal(self, site_dir: Path, under: str = "", *, keep: bool = True) -> None:
        """Refuse a built site with a personal number on any surface (serve: ``later``).
        ``under``: only that folder, written after the rest was audited (without ``keep``:
        the memo still holds what the build before found clean there)."""
        self._refuse_personal(self._leaks(site_dir, under, keep=keep))

    def _refuse_personal(self, leaks: list[PersonalLeak]) -> None:
        if leaks:
            _refuse(
                [leak.render() for leak in leaks],
                f"构建出的网站有 {len(leaks)} 处个人信息（身份证号或手机号），不能发布：先是 "
                f"{leaks[0].file}。请按上面列出的位置找到它的来源（数据文件、mkdocs.yml、"
                "手写页面或主题）删去；核实不是个人信息的号码写进数据文件的 not_personal。",
            )

    def _leaks(
        self, site_dir: Path, under: str, *, keep: bool, over: Spread | None = None
    ) -> list[PersonalLeak]:
        key = Memo.key(PERSONAL, *sorted(self.not_personal))
        kept = self.memo.get_json(PERSONAL, key)
        known = {k for k in kept if isinstance(k, str)} if isinstance(kept, list) else set()
        clean: set[str] = set(self.clean_files) if under else set()
        try:
            leaks = audit_personal(site_dir, self.not_personal, known, clean, under, over)
        except BrokenExecutor:  # a worker killed (out of memory, say): read here instead
            clean = set(self.clean_files) if under else set()
            leaks = audit_personal(site_dir, self.not_personal, known, clean, under)
        if keep and clean != known:
            self.memo.put_json(PERSONAL, key, sorted(clean))
        self.clean_files = sorted(clean)
        return leaks

    def later(self, site_dir: Path) -> None:
        """Under serve: the page first, the audits meanwhile.  They stop nothing there (staff
        are told in the terminal what a published build would refuse), and reading the
        site's files (the downloads' workbooks, a redrawn chart's pages) took a third to a
        half of a second of each rebuild at ten years.  A build started since makes what
        they read out of date: the next build's audits speak instead."""
        started = search_serve.LATER.started()

        def audit() -> None:
            try:
                leaks = self._leaks(site_dir, "", keep=True)
                references = self.hosts(site_dir)
            except Exception:  # a file half rewritten by the next build: its own audits follow
                return  # (a published build runs them before it ends, and says why it stops)
            if search_serve.LATER.started() == started:
                for said in [leak.render() for leak in leaks] + [r.render() for r in references]:
                    log.info(said)

        thread = threading.Thread(target=audit, name="jixiao-audits", daemon=True)
        AUDITS_LATER[:] = [thread]
        thread.start()

    @staticmethod
    def refuse_hosts(references: list[HostReference]) -> None:
        """Refuse a built site that loads anything from another host, each reference said."""
        if references:
            _refuse(
                [reference.render() for reference in references],
                f"网站有 {len(references)} 处引用了其他网站的地址（字体、CDN、统计等），"
                "读者的浏览器会向那些网站发出请求（逐条的原因和改法见上）；请改用本站内的文件。"
                "说明见 jixiao/postbuild/host_audit.py。",
            )


def _refuse(found: list[str], why: str) -> None:
    """Stop the build: each finding logged as an error, then why the site is not published."""
    for said in found:
        log.error(said)
    raise PluginError(why)


# Serve's audits last started, for tests to wait for (``SiteAudits.later``).
AUDITS_LATER: list[threading.Thread] = []
