"""``python -m layers rank``: priority ranking of a dataset's desa -> CSV / XLSX."""

from __future__ import annotations

import argparse


def add_arguments(r: argparse.ArgumentParser) -> None:
    from layers.ranking import add_rank_arguments
    add_rank_arguments(r)


def run(args: argparse.Namespace) -> None:
    from layers.ranking import rank_command
    rank_command(args)
