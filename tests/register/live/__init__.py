"""The contract suite against a real Open Klant: a package, so its conftest is `live.conftest`
and does not replace the root `conftest` that loket_testkit imports."""
