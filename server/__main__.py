"""`python -m server`: the reference central server on loopback.

    python -m server --port 8765 --database sqlite:///central.db --key-file server.key
    python -m server --database … --key-file … --issue-code 10001   # print a code, exit

The admin token comes from --admin-token or REGDESK_ADMIN_TOKEN (none: admin endpoints
refuse every request; codes can still be issued with --issue-code).
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from server.config import Limits


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="regdesk-server", description="学籍学历注册参考中心服务器")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8765)
    p.add_argument("--database", default="sqlite:///regdesk-central.db")
    p.add_argument("--key-file", type=Path, default=Path("regdesk-server.key"))
    p.add_argument("--admin-token", default=os.environ.get("REGDESK_ADMIN_TOKEN"))
    p.add_argument("--issue-code", metavar="SCHOOL", help="签发一次性登记码后退出")
    return p


def issue_code(database: str, school: str) -> str:
    import secrets

    from server.db import make_engine, session_factory
    from server.models import EnrolmentCode, School
    from server.state import digest

    sessions = session_factory(make_engine(database))
    code = secrets.token_urlsafe(18)
    with sessions() as s:
        if s.get(School, school) is None:
            s.add(School(code=school))
            s.flush()
        expires = datetime.now(UTC) + timedelta(hours=Limits().enrolment_code_hours)
        s.add(EnrolmentCode(digest=digest(code), school=school, expires=expires))
        s.commit()
    return code


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    from server.serverkey import load_or_create

    try:
        key = load_or_create(args.key_file)
    except (OSError, ValueError) as exc:
        print(f"无法读取或生成服务器密钥：{exc}", file=sys.stderr)
        return 2
    if args.issue_code:
        print(issue_code(args.database, args.issue_code))
        return 0
    import uvicorn

    from server.app import create_app

    app = create_app(args.database, key, admin_token=args.admin_token)
    print(f"server key {key.kid}  fingerprint {key.public.fingerprint}", flush=True)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0


if __name__ == "__main__":
    sys.exit(main())
