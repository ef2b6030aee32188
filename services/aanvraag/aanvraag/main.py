"""``python -m aanvraag.main`` / ``allianties-aanvraag``: run the intake service."""

from allianties_shared.runtime.serve import serve

from aanvraag.bootstrap import bootstrap


def main() -> None:
    serve(bootstrap)


if __name__ == "__main__":
    main()
