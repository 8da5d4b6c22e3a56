"""``python -m kgbuild.cli``: the same as the ``kgbuild`` command."""

from . import main

main()
