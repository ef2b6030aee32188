"""``python -m verantwoording.main`` / ``allianties-verantwoording``: run the accountability service."""

from allianties_shared.runtime.serve import serve
from verantwoording.bootstrap import bootstrap


def main() -> None:
    serve(bootstrap)


if __name__ == "__main__":
    main()
