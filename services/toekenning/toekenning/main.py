"""``python -m toekenning.main`` / ``allianties-toekenning``: run the assessment service."""

from allianties_shared.runtime.serve import serve
from toekenning.bootstrap import bootstrap


def main() -> None:
    serve(bootstrap)


if __name__ == "__main__":
    main()
