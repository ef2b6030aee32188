"""``python -m notificatie.main`` / ``allianties-notificatie``: run the notification service."""

from allianties_shared.runtime.serve import serve
from notificatie.bootstrap import bootstrap


def main() -> None:
    serve(bootstrap)


if __name__ == "__main__":
    main()
