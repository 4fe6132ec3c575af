"""``python -m layers build``: boundary file + household registers -> dataset directory.

The input options come from :func:`layers.build.build_inputs` (one option per field of
:class:`layers.build.BuildSpec`, same name, in the same order); ``--out`` is the dataset folder.
"""

from __future__ import annotations

import argparse

from layers.build.spec import BuildSpec, build_inputs


def add_arguments(b: argparse.ArgumentParser) -> None:
    for item in build_inputs():
        many = {"action": "append"} if item.kind == "files" else {}
        b.add_argument(item.option, required=item.required, help=item.help_id, **many)
    b.add_argument("--out", required=True, help="folder dataset")


def run(args: argparse.Namespace) -> None:
    from layers.build import build, render_summary
    result = build(BuildSpec.from_values(vars(args)), args.out)
    print(render_summary(result))
