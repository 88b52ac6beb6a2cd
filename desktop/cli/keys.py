"""`regdesk keys generate|list|export-public|rotate|revoke` (the school's signing keys)."""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path
from typing import Any

from desktop.cli.common import EXIT_OK
from desktop.cli.session import add_workspace_args, fail, login, read_secret
from desktop.store.errors import StoreError
from desktop.sync.errors import SyncError


def passphrase(args: argparse.Namespace, prompt: str = "密钥口令") -> str:
    """From --passphrase-stdin, REGDESK_KEY_PASSPHRASE, or a prompt."""
    if getattr(args, "passphrase_stdin", False):
        return read_secret(prompt, from_stdin=True)
    env = os.environ.get("REGDESK_KEY_PASSPHRASE")
    return env if env is not None else read_secret(prompt, from_stdin=False)


def register(sub: Any) -> None:
    k = sub.add_parser("keys", help="学校签名密钥（管理员）")
    verbs = k.add_subparsers(dest="keys_command", metavar="ACTION", required=True)
    gen = verbs.add_parser("generate", help="生成签名密钥（私钥以口令加密保存）")
    gen.add_argument("--alg", choices=["Ed25519", "SM2-SM3"], default="Ed25519")
    gen.add_argument("--passphrase-stdin", action="store_true")
    lst = verbs.add_parser("list", help="列出密钥")
    lst.add_argument("--format", choices=["table", "json"], default="table")
    exp = verbs.add_parser("export-public", help="导出公钥（PEM）与指纹")
    exp.add_argument("--kid")
    exp.add_argument("-o", "--output", type=Path)
    rot = verbs.add_parser("rotate", help="更换密钥（旧密钥保留用于验证）")
    rot.add_argument("--alg", choices=["Ed25519", "SM2-SM3"])
    rot.add_argument("--passphrase-stdin", action="store_true")
    rev = verbs.add_parser("revoke", help="吊销密钥")
    rev.add_argument("kid")
    rev.add_argument("--reason", required=True)
    for child in verbs.choices.values():
        add_workspace_args(child)
    k.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from desktop.services import signing
    from desktop.sync.algorithms import Alg

    try:
        session = login(args)
        verb = args.keys_command
        if verb in ("generate", "rotate"):
            secret = passphrase(args, "新密钥口令")
            alg = Alg(args.alg) if args.alg else None
            if verb == "generate":
                info = signing.generate_key(session, secret, alg or Alg.ED25519)
            else:
                info = signing.rotate_key(session, secret, alg)
            print(f"{info.kid}\t{info.alg.value}\t{info.status.label}")
        elif verb == "list":
            keys = signing.list_keys(session)
            if args.format == "json":
                print(
                    json.dumps(
                        [
                            {
                                "kid": k.kid,
                                "alg": k.alg.value,
                                "status": k.status.value,
                                "created": k.created.isoformat(),
                            }
                            for k in keys
                        ]
                    )
                )
            else:
                for k in keys:
                    print(f"{k.kid}\t{k.alg.value}\t{k.status.label}\t{k.created:%Y-%m-%d}")
        elif verb == "export-public":
            exported = signing.export_public(session, args.kid)
            if args.output:
                args.output.write_bytes(exported.pem)
            else:
                print(exported.pem.decode("ascii"), end="")
            print(f"指纹（请向主管部门核对）：{exported.fingerprint}")
        else:
            info = signing.revoke_key(session, args.kid, args.reason)
            print(f"{info.kid}：{info.status.label}")
    except (StoreError, SyncError) as exc:
        return fail(str(exc))
    return EXIT_OK
