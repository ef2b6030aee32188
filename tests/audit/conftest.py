from tests.flow.conftest import service_databases, system  # noqa: F401 - the four services in this process
