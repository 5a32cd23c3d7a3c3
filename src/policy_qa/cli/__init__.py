"""The `policy-qa` command: one module per subcommand, each with `register(subparsers)` and `run(args)`."""
from __future__ import annotations

import os
import sys

from . import ask_cmd, eval_cmd, index_cmd, search_cmd, stance_cmd, usage_cmd
from .common import Parser, UsageError, check_ranges

SUBCOMMANDS = (index_cmd, ask_cmd, search_cmd, stance_cmd, eval_cmd, usage_cmd)


def build_parser() -> Parser:
    parser = Parser(prog="policy-qa", description="Cited answers from policy PDFs.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=Parser)
    for module in SUBCOMMANDS:
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        check_ranges(args)
        return args.func(args)
    except UsageError as exc:
        print(f"policy-qa: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("policy-qa: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # never a traceback for users; details with POLICY_QA_DEBUG=1
        if os.environ.get("POLICY_QA_DEBUG"):
            raise
        print(f"policy-qa: unexpected error: {type(exc).__name__}: {exc} (set POLICY_QA_DEBUG=1 for details)",
              file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
