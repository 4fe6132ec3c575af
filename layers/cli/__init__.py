"""Command line: ``python -m layers build | demo | rank | report | analyse``.

One module per subcommand (``build``, ``demo``, ``rank``), each with ``add_arguments(parser)``
and ``run(args)``; this module only assembles them. Each subcommand imports what it needs when
it runs, so ``--help`` and a small command stay quick.

A refused input exits with status 2 and a bilingual message naming the file; nothing personal is
ever printed (the summary shows counts, area names and codes only).
"""

from __future__ import annotations

import argparse
import sys
from types import ModuleType

from layers.cli import analyse as analyse_cmd
from layers.cli import build as build_cmd
from layers.cli import demo as demo_cmd
from layers.cli import rank as rank_cmd
from layers.cli import report as report_cmd
from layers.errors import InputError

#: subcommand name -> (module, help text)
COMMANDS: dict[str, tuple[ModuleType, str]] = {
    "build": (build_cmd, "batas desa + register rumah tangga -> dataset"),
    "demo": (demo_cmd, "data sintetis Kabupaten Contoh, lalu dibangun"),
    "rank": (rank_cmd, "peringkat prioritas desa -> CSV / XLSX"),
    "analyse": (analyse_cmd, "kuadran, hotspot, perubahan antarperiode -> CSV / XLSX"),
    "report": (report_cmd, "laporan rakor / atlas / lembar Musdes -> PDF"),
}


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m layers",
                                description="Prioritas Desa: bangun dataset desa / build a desa dataset")
    sub = p.add_subparsers(dest="command", required=True)
    for name, (module, help_text) in COMMANDS.items():
        q = sub.add_parser(name, help=help_text)
        module.add_arguments(q)
        q.add_argument("--debug", action="store_true", help="tampilkan traceback / show traceback")
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        COMMANDS[args.command][0].run(args)
        return 0
    except InputError as err:
        print(f"GAGAL / FAILED\n{err}", file=sys.stderr)
        return 2
    except Exception as err:  # a bug, not bad input: say so without dumping data
        if getattr(args, "debug", False):
            raise
        print("GAGAL: kesalahan internal (jalankan lagi dengan --debug untuk detail).\n"
              f"FAILED: internal error {type(err).__name__} (run again with --debug for details).",
              file=sys.stderr)
        return 1
