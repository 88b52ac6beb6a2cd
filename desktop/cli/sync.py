"""`regdesk server connect|register`, `regdesk submit BATCH`, `regdesk sync`,
`regdesk status BATCH`, `regdesk receipt BATCH -o FILE`, `regdesk pull`.

Exit codes of `sync`: 0 every queued batch settled (受理, 部分受理 or 退回 — the refusals
are on the rows), 1 some batch still waiting (network, server busy; run again),
2 the command could not run (no server connected, wrong passphrase, …).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from desktop.cli.common import EXIT_OK
from desktop.cli.keys import passphrase
from desktop.cli.session import add_workspace_args, fail, login
from desktop.store.errors import StoreError
from desktop.sync.errors import SyncError

EXIT_PENDING = 1


def register(sub: Any) -> None:
    srv = sub.add_parser("server", help="连接中心服务器（管理员）")
    verbs = srv.add_subparsers(dest="server_command", metavar="ACTION", required=True)
    con = verbs.add_parser("connect", help="连接并固定中心服务器的回执签名密钥")
    con.add_argument("url")
    con.add_argument("--fingerprint", help="服务器管理方电话告知的密钥指纹（强烈建议核对）")
    con.add_argument("--ca-file", help="本单位自建 CA 的证书文件")
    reg = verbs.add_parser("register", help="用一次性登记码向服务器登记本校公钥")
    reg.add_argument("code")
    for child in verbs.choices.values():
        add_workspace_args(child)
    srv.set_defaults(handler=run_server)

    q = sub.add_parser("submit", help="将已签名的批次排入上报队列")
    q.add_argument("batch", nargs="+")
    add_workspace_args(q)
    q.set_defaults(handler=run_submit)

    s = sub.add_parser("sync", help="上报队列中的批次并取回回执")
    s.add_argument("--server", metavar="URL", help="本次使用的服务器地址（密钥须与已固定的相同）")
    s.add_argument("--once", action="store_true", help="只处理一轮后退出")
    s.add_argument("--interval", type=float, default=60.0, help="两轮之间的等待秒数")
    s.add_argument("--pull", action="store_true", help="上报后拉取本校已注册学生并核对")
    s.add_argument("--passphrase-stdin", action="store_true")
    add_workspace_args(s)
    s.set_defaults(handler=run_sync)

    st = sub.add_parser("status", help="批次的上报状态")
    st.add_argument("batch")
    st.add_argument("--remote", action="store_true", help="同时向服务器查询（需要密钥口令）")
    st.add_argument("--format", choices=["text", "json"], default="text")
    st.add_argument("--passphrase-stdin", action="store_true")
    add_workspace_args(st)
    st.set_defaults(handler=run_status)

    r = sub.add_parser("receipt", help="导出批次的中心服务器回执（已验证签名）")
    r.add_argument("batch")
    r.add_argument("-o", "--output", type=Path, required=True)
    add_workspace_args(r)
    r.set_defaults(handler=run_receipt)

    p = sub.add_parser("pull", help="拉取本校已注册学生并与本地核对")
    p.add_argument("--passphrase-stdin", action="store_true")
    add_workspace_args(p)
    p.set_defaults(handler=run_pull)


def run_server(args: argparse.Namespace) -> int:
    from desktop.services import sync

    try:
        session = login(args)
        if args.server_command == "connect":
            link = sync.connect(
                session, args.url, ca_file=args.ca_file, fingerprint=args.fingerprint
            )
            print(f"已连接 {link.url}")
            print(f"服务器回执密钥 {link.server_kid}")
            print(f"指纹 {link.fingerprint}")
            if args.fingerprint is None:
                print("请与服务器管理方电话核对以上指纹", file=sys.stderr)
        else:
            body = sync.register_key(session, args.code)
            print(f"已登记本校公钥 {body['kid']}（{body['alg']}）")
    except (StoreError, SyncError) as exc:
        return fail(str(exc))
    return EXIT_OK


def run_submit(args: argparse.Namespace) -> int:
    from desktop.services import sync

    try:
        session = login(args)
        for batch_id in args.batch:
            batch = sync.enqueue(session, batch_id)
            print(f"{batch.id}：{batch.state.label}")
    except (StoreError, SyncError) as exc:
        return fail(str(exc))
    return EXIT_OK


def _show(report: Any) -> None:
    for r in report.results:
        counts = f"受理 {r.accepted}，退回 {r.refused}" if r.accepted or r.refused else ""
        print(f"{r.batch_id[:8]} {r.name}：{r.state.label} {counts} {r.message}".rstrip())


def run_sync(args: argparse.Namespace) -> int:
    from desktop.services import pull, sync

    try:
        session = login(args)
        secret = passphrase(args)
        while True:
            report = sync.sync(session, secret, url=args.server)
            _show(report)
            if args.once or report.pending == 0:
                break
            time.sleep(args.interval)
        if args.pull:
            pulled = pull.pull(session, secret)
            _show_pull(pulled)
    except (StoreError, SyncError) as exc:
        return fail(str(exc))
    if not report.results:
        print("上报队列为空")
    return EXIT_PENDING if report.pending else EXIT_OK


def _show_pull(report: Any) -> None:
    print(f"中心服务器登记本校学生 {report.students} 人")
    if report.missing_on_server:
        shown = "、".join(report.missing_on_server[:10])
        print(f"本地记为受理、服务器上没有的 {len(report.missing_on_server)} 人：{shown}")
    if report.unknown_here:
        print(f"服务器上有、本工作区没有的 {report.unknown_here} 人")


def run_status(args: argparse.Namespace) -> int:
    from desktop.services import submissions

    try:
        session = login(args)
        secret = passphrase(args) if args.remote else None
        st = submissions.status(session, args.batch, passphrase=secret)
    except (StoreError, SyncError) as exc:
        return fail(str(exc))
    if args.format == "json":
        print(json.dumps(st.as_dict(), ensure_ascii=False, indent=2))
        return EXIT_OK
    b = st.batch
    print(f"{b.id} {b.name}：{b.state.label}（{b.rows} 条）")
    if st.queued is not None:
        q = st.queued
        print(f"待上报：已尝试 {q.attempts} 次，数据块 {q.chunks_sent}/{q.chunks_total}")
        if q.last_error:
            print(f"上次问题：{q.last_error}")
    if st.receipt is not None:
        r = st.receipt
        print(
            f"回执（已验证）：受理 {r.accepted}，退回 {r.record_count - r.accepted}，"
            f"签发 {r.issued}"
        )
    if st.server is not None:
        print(f"服务器：{st.server.get('state')}")
    return EXIT_OK


def run_receipt(args: argparse.Namespace) -> int:
    from desktop.services import submissions

    try:
        path = submissions.save_receipt(login(args), args.batch, args.output)
    except (StoreError, SyncError, OSError) as exc:
        return fail(str(exc))
    print(f"回执已导出：{path}")
    return EXIT_OK


def run_pull(args: argparse.Namespace) -> int:
    from desktop.services import pull

    try:
        report = pull.pull(login(args), passphrase(args))
    except (StoreError, SyncError) as exc:
        return fail(str(exc))
    _show_pull(report)
    return EXIT_OK
