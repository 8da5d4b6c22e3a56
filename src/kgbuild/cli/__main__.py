"""``python -m kgbuild.cli``: the same as the ``kgbuild`` command."""

from . import main

if __name__ == "__main__":
    main()
