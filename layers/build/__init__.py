"""The build: boundary file + household registers (+ optional tables) -> one dataset directory.

Submodules, each one concern:

* :mod:`layers.build.spec`: :class:`BuildSpec`, every input of a build, and
  :func:`build_inputs`, their descriptors (the command line and the import form come from them);
* :mod:`layers.build.pipeline`: :func:`build`, the pipeline, and :class:`BuildResult`;
* :mod:`layers.build.register`: one register read, matched to desa and counted;
* :mod:`layers.build.meta`: the content of ``meta.json``;
* :mod:`layers.build.write`: the atomic, byte-stable writer of the dataset directory;
* :mod:`layers.build.summary`: the one-screen summary a build prints.

The spec is imported at once (it is light: the command line builds its ``--help`` from it);
the pipeline names are imported on first use, so ``python -m layers --help`` does not load
geopandas.
"""

import importlib

from layers.build.spec import BuildInput, BuildSpec, build_inputs

#: re-exported name -> submodule holding it (imported on first access)
_LAZY = {"build": "pipeline", "BuildResult": "pipeline", "RegisterBuild": "register",
         "render_summary": "summary"}

__all__ = ["BuildInput", "BuildResult", "BuildSpec", "RegisterBuild", "build", "build_inputs",
           "render_summary"]


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(importlib.import_module(f"layers.build.{_LAZY[name]}"), name)
    raise AttributeError(f"module 'layers.build' has no attribute {name!r}")
