"""``python -m aanvraag.main`` / ``allianties-aanvraag``: run the intake service."""

from aanvraag.bootstrap import bootstrap
from allianties_shared.runtime.serve import serve


def main() -> None:
    serve(bootstrap)


if __name__ == "__main__":
    main()
