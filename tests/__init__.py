import pytest

# Show the values behind a failed assertion in the shared helpers too.
pytest.register_assert_rewrite("tests.helpers")
